import "server-only";
import { apiRoute, type RouteContext } from "@/lib/http/route";
import type { Scope } from "./api-tokens";
import { authenticateRequest, type Principal } from "./authenticate-request";

/**
 * The v1 route wrapper: authenticates the bearer token for `scope` before the handler runs, and
 * turns every error into its JSON response (via apiRoute).
 */
export function apiHandler(scope: Scope, handler: (ctx: RouteContext & { principal: Principal }) => Promise<Response | unknown>) {
  return apiRoute(async (ctx) => {
    const principal = await authenticateRequest(ctx.req, scope);
    return handler({ ...ctx, principal });
  });
}
