import "server-only";
import { apiRoute, type RouteContext } from "@/lib/http/route";
import { SESSION_COOKIE, SHARE_HEADER, dashboardAccess, type DashboardAccess } from "./dashboard-access";

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/**
 * The wrapper of the dashboard's own JSON routes: resolves what the visitor may see (the session
 * cookie, or a share link's token sent in a header) before the handler runs.
 */
export function uiHandler(handler: (ctx: RouteContext & { access: DashboardAccess }) => Promise<Response | unknown>) {
  return apiRoute(async (ctx) => {
    const access = await dashboardAccess({
      sessionToken: readCookie(ctx.req.headers.get("cookie"), SESSION_COOKIE),
      shareToken: ctx.req.headers.get(SHARE_HEADER),
    });
    return handler({ ...ctx, access });
  });
}
