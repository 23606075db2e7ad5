import "server-only";
import { apiRoute, type RouteContext } from "@/lib/http/route";
import { SHARE_HEADER, dashboardAccess, type DashboardAccess } from "./dashboard-access";
import { sessionIdFromRequest } from "./sessions";

/**
 * The wrapper of the dashboard's own JSON routes: resolves what the visitor may see (the session
 * cookie, or a share link's token sent in a header) before the handler runs.
 */
export function uiHandler(handler: (ctx: RouteContext & { access: DashboardAccess }) => Promise<Response | unknown>) {
  return apiRoute(async (ctx) => {
    const access = await dashboardAccess({
      sessionId: sessionIdFromRequest(ctx.req),
      shareToken: ctx.req.headers.get(SHARE_HEADER),
    });
    return handler({ ...ctx, access });
  });
}
