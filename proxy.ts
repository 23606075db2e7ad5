// Runs before every route (pages, server actions, the session API, static files) except the token API,
// which apiRoute guards itself (lib/http/request-guard.ts says why): refuses requests that name a host
// other than this server's, or server actions from another origin, settles the forwarded headers, and adds
// the security headers. The decisions live in lib/http/host-policy.ts.
import { NextResponse, type NextRequest } from "next/server";
import { actionBodyRefusal, decideRequest, refusalBody, type Refusal } from "@/lib/http/host-policy";
import { currentPolicy, SECURITY_HEADERS as HEADERS } from "@/lib/http/request-guard";

function refusal(decision: Refusal): NextResponse {
  const { body, contentType } = refusalBody(decision);
  return new NextResponse(body, { status: decision.status, headers: { ...HEADERS, "Content-Type": contentType, "Cache-Control": "no-store" } });
}

export async function proxy(req: NextRequest) {
  const decision = decideRequest(currentPolicy(Date.now()), { method: req.method, pathname: req.nextUrl.pathname, headers: req.headers });
  if (!decision.ok) return refusal(decision);
  // A server action whose body React could not decode would answer a bare 500: refused here with a 4xx.
  if (req.method === "POST" && req.headers.has("next-action")) {
    const bad = await actionBodyRefusal(req.headers.get("content-type") ?? "", new Uint8Array(await req.clone().arrayBuffer()));
    if (bad) return refusal(bad);
  }
  const res = NextResponse.next({ request: { headers: decision.headers } });
  for (const [name, value] of Object.entries(HEADERS)) res.headers.set(name, value);
  return res;
}

// The token API's paths without a %-escape skip this step (proxySkips in lib/http/request-guard.ts is the
// same rule; a unit test keeps the two equal). A literal: Next reads it at build time.
export const config = { matcher: ["/((?!api/v1/(?!openapi\\.json$)[^%]*$).*)"] };
