// The table of the token API's route modules, made by scripts/build-server.mjs from the route.ts files
// under app/api/v1 when it bundles server/main.ts: the app directory stays the one list of routes.
declare module "sweepboard:api-routes" {
  import type { RouteFile } from "@/lib/http/api-dispatch";
  export const routeFiles: RouteFile[];
}
