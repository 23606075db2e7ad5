import { z } from "zod";
import {
  askTrialBody,
  experimentStatusBody,
  exportQuery,
  extendBudgetBody,
  failTrialBody,
  listExperimentsQuery,
  listTrialsQuery,
  metricSeriesQuery,
  pruneTrialBody,
} from "./api";
import { createExperimentBody, enqueueTrialBody, experimentSummarySchema } from "./experiment";
import { notesPatchBody } from "./notes";
import { trialCommandBody, trialOutputBody, trialOutputPage, trialOutputQuery, trialOutputResponse } from "./trial-output";
import {
  launchBody,
  launchResponse,
  launchStateResponse,
  recallResponse,
  registerWorkerBody,
  registerWorkerResponse,
  workerHeartbeatBody,
  workerHeartbeatResponse,
  workerSchema,
} from "./worker";
import { completeTrialBody, reportMetricsBody, reportMetricsResponse, trialSchema } from "./trial";

type Scope = "read" | "write";

interface Operation {
  method: "get" | "post" | "patch" | "delete";
  path: string;
  summary: string;
  scope: Scope;
  body?: z.ZodType;
  query?: z.ZodObject;
  response?: z.ZodType;
  status?: number;
}

const trialResponse = z.object({ trial: trialSchema });
const experimentResponse = z.object({ experiment: experimentSummarySchema });

/** Every v1 operation, described by the same zod objects the route handlers validate with. */
export const operations: Operation[] = [
  { method: "get", path: "/experiments", summary: "List sweeps", scope: "read", query: listExperimentsQuery, response: z.object({ experiments: z.array(experimentSummarySchema) }) },
  {
    method: "post",
    path: "/experiments",
    summary: "Create a sweep",
    scope: "write",
    body: createExperimentBody,
    // warnings: what a W&B config held that has nothing to map onto here (its path under space, and why).
    response: experimentResponse.extend({ warnings: z.array(z.object({ path: z.string(), message: z.string() })) }),
    status: 201,
  },
  { method: "get", path: "/experiments/{id}", summary: "Read a sweep", scope: "read", response: experimentResponse.extend({ experiment: experimentSummarySchema.extend({ note: z.string() }) }) },
  { method: "patch", path: "/experiments/{id}", summary: "Set a sweep's Markdown note and/or tags", scope: "write", body: notesPatchBody, response: experimentResponse.extend({ experiment: experimentSummarySchema.extend({ note: z.string() }) }) },
  { method: "post", path: "/experiments/{id}/status", summary: "Pause, resume, finish, archive or unarchive a sweep", scope: "write", body: experimentStatusBody, response: experimentResponse },
  { method: "post", path: "/experiments/{id}/budget", summary: "Extend the budget", scope: "write", body: extendBudgetBody, response: experimentResponse },
  { method: "post", path: "/experiments/{id}/enqueue", summary: "Queue a trial with given parameters", scope: "write", body: enqueueTrialBody, response: trialResponse, status: 201 },
  { method: "post", path: "/experiments/{id}/trials", summary: "Ask for the next trial", scope: "write", body: askTrialBody, response: trialResponse, status: 201 },
  { method: "get", path: "/experiments/{id}/trials", summary: "List trials (cursor pagination)", scope: "read", query: listTrialsQuery, response: z.object({ trials: z.array(trialSchema), nextCursor: z.number().nullable() }) },
  { method: "get", path: "/experiments/{id}/export", summary: "Export a sweep as JSON or CSV", scope: "read", query: exportQuery },
  { method: "get", path: "/trials/{id}", summary: "Read a trial", scope: "read", response: trialResponse },
  { method: "patch", path: "/trials/{id}", summary: "Set a trial's Markdown note and/or tags", scope: "write", body: notesPatchBody, response: trialResponse },
  { method: "post", path: "/trials/{id}/metrics", summary: "Report a batch of metric points", scope: "write", body: reportMetricsBody, response: reportMetricsResponse },
  { method: "get", path: "/trials/{id}/metrics", summary: "A trial's metric names, or one metric's points", scope: "read", query: metricSeriesQuery },
  { method: "post", path: "/trials/{id}/heartbeat", summary: "Signal that the trial's worker is alive", scope: "write", response: z.object({ state: z.string(), shouldPrune: z.boolean() }) },
  { method: "post", path: "/trials/{id}/command", summary: "Record the command line the trial runs (argv, cwd, host)", scope: "write", body: trialCommandBody, response: z.object({ saved: z.boolean() }) },
  { method: "post", path: "/trials/{id}/output", summary: "Send a numbered batch of the lines the trial printed (kept: the last 1 MiB)", scope: "write", body: trialOutputBody, response: trialOutputResponse },
  { method: "get", path: "/trials/{id}/output", summary: "The trial's command and output lines after a seq", scope: "read", query: trialOutputQuery, response: trialOutputPage },
  { method: "post", path: "/trials/{id}/complete", summary: "Tell the final objective value(s)", scope: "write", body: completeTrialBody, response: trialResponse },
  { method: "post", path: "/trials/{id}/fail", summary: "Tell that the trial failed", scope: "write", body: failTrialBody, response: trialResponse },
  { method: "post", path: "/trials/{id}/prune", summary: "Tell that the trial stopped early", scope: "write", body: pruneTrialBody, response: trialResponse },
  { method: "post", path: "/trials/{id}/retry", summary: "Queue a failed trial again", scope: "write", response: trialResponse, status: 201 },
  { method: "get", path: "/experiments/{id}/launch", summary: "The worker slots a sweep holds", scope: "read", response: launchStateResponse },
  { method: "post", path: "/experiments/{id}/launch", summary: "Launch a sweep onto free worker slots (each runs the sweep's stored command)", scope: "write", body: launchBody, response: launchResponse, status: 201 },
  { method: "delete", path: "/experiments/{id}/launch", summary: "Take a sweep's worker slots back", scope: "write", response: recallResponse },
  { method: "get", path: "/workers", summary: "List workers: host, slots, busy slots, last seen", scope: "read", response: z.object({ workers: z.array(workerSchema) }) },
  { method: "post", path: "/workers", summary: "Register a worker (sweepboard worker does)", scope: "write", body: registerWorkerBody, response: registerWorkerResponse, status: 201 },
  { method: "post", path: "/workers/{id}/heartbeat", summary: "A worker's beat: report ended slots, get the slots' work", scope: "write", body: workerHeartbeatBody, response: workerHeartbeatResponse },
  { method: "delete", path: "/workers/{id}", summary: "Stop a worker: its slots go back", scope: "write", response: z.object({ stopped: z.boolean() }) },
];

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), path: z.string().optional() }) });

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" });
}

export function buildOpenApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters: unknown[] = [];
    if (op.path.includes("{id}")) parameters.push({ name: "id", in: "path", required: true, schema: { type: "integer" } });
    if (op.query) {
      const shape = op.query.shape as Record<string, z.ZodType>;
      for (const [name, schema] of Object.entries(shape)) {
        parameters.push({ name, in: "query", required: !schema.safeParse(undefined).success, schema: jsonSchema(schema, "input") });
      }
    }
    const responses: Record<string, unknown> = {
      [String(op.status ?? 200)]: { description: "OK", ...(op.response ? { content: { "application/json": { schema: jsonSchema(op.response, "output") } } } : {}) },
      "4XX": { description: "Bad input, unknown id, wrong state or missing scope", content: { "application/json": { schema: jsonSchema(errorSchema, "output") } } },
    };
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      security: [{ bearer: [op.scope] }],
      "x-scope": op.scope,
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: (op.method === "post" || op.method === "patch") && op.path !== "/experiments/{id}/trials" && op.path !== "/workers/{id}/heartbeat", content: { "application/json": { schema: jsonSchema(op.body, "input") } } } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Sweepboard API", version, description: "Hyperparameter sweeps: create sweeps, ask for trials, report metrics, tell results." },
    servers: [{ url: "/api/v1" }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API token (`npx sweepboard token create`)" } } },
    paths,
  };
}
