// Runs before every route (pages, server actions, /api, static files): refuses requests that name a
// host other than this server's, or server actions from another origin, settles the forwarded headers,
// and adds the security headers. The decisions live in lib/http/host-policy.ts.
import { hostname, networkInterfaces } from "node:os";
import { NextResponse, type NextRequest } from "next/server";
import { actionBodyRefusal, createHostPolicy, decideRequest, refusalBody, type HostPolicy, type Refusal } from "@/lib/http/host-policy";
import { securityHeaders } from "@/lib/http/security-headers";

const HEADERS = securityHeaders({ dev: process.env.NODE_ENV === "development" });
// Interface addresses change (DHCP, VPNs); re-read them now and then, not on every request.
const POLICY_TTL_MS = 30_000;
let cached: { policy: HostPolicy; at: number } | undefined;

function machineNames(): string[] {
  const names = [hostname()];
  for (const addresses of Object.values(networkInterfaces())) for (const a of addresses ?? []) names.push(a.address);
  return names;
}

function currentPolicy(now: number): HostPolicy {
  if (cached && now - cached.at < POLICY_TTL_MS) return cached.policy;
  const policy = createHostPolicy({
    bindHost: process.env.HOST,
    allowedHosts: process.env.SWEEPBOARD_ALLOWED_HOSTS,
    trustProxy: process.env.SWEEPBOARD_TRUST_PROXY,
    machineNames: machineNames(),
  });
  if (!cached && policy.invalid.length > 0) console.warn(`[sweepboard] SWEEPBOARD_ALLOWED_HOSTS: ignoring ${policy.invalid.map((e) => JSON.stringify(e)).join(", ")} (expected name, name:port, .domain or *)`);
  cached = { policy, at: now };
  return policy;
}

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
