// The v1 route modules, imported once so that tests call the real handlers by name.
export * as experiments from "@/app/api/v1/experiments/route";
export * as experiment from "@/app/api/v1/experiments/[id]/route";
export * as trials from "@/app/api/v1/experiments/[id]/trials/route";
export * as status from "@/app/api/v1/experiments/[id]/status/route";
export * as budget from "@/app/api/v1/experiments/[id]/budget/route";
export * as enqueue from "@/app/api/v1/experiments/[id]/enqueue/route";
export * as exportRoute from "@/app/api/v1/experiments/[id]/export/route";
export * as trial from "@/app/api/v1/trials/[id]/route";
export * as metrics from "@/app/api/v1/trials/[id]/metrics/route";
export * as heartbeat from "@/app/api/v1/trials/[id]/heartbeat/route";
export * as complete from "@/app/api/v1/trials/[id]/complete/route";
export * as fail from "@/app/api/v1/trials/[id]/fail/route";
export * as prune from "@/app/api/v1/trials/[id]/prune/route";
export * as retry from "@/app/api/v1/trials/[id]/retry/route";
export * as openapi from "@/app/api/v1/openapi.json/route";
