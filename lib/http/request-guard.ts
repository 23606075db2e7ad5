// The request checks of lib/http/host-policy.ts as this server runs them: the policy built from the
// environment and the machine's names (re-read now and then), and the security headers. Two entry points use
// it: proxy.ts for pages, server actions and the session API, and apiRoute for the token API (/api/v1/),
// which Next's proxy step skips because a training loop calls it a dozen times per trial and the proxy
// round trip costs more than the route itself (see proxySkips).
import { hostname, networkInterfaces } from "node:os";
import { createHostPolicy, decideRequest, type Decision, type HostPolicy } from "./host-policy";
import { securityHeaders } from "./security-headers";

export const SECURITY_HEADERS = securityHeaders({ dev: process.env.NODE_ENV === "development" });

// Interface addresses change (DHCP, VPNs); re-read them now and then, not on every request.
const POLICY_TTL_MS = 30_000;
let cached: { policy: HostPolicy; at: number } | undefined;

function machineNames(): string[] {
  const names = [hostname()];
  for (const addresses of Object.values(networkInterfaces())) for (const a of addresses ?? []) names.push(a.address);
  return names;
}

export function currentPolicy(now = Date.now()): HostPolicy {
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

/**
 * Paths the proxy step does not run for (proxy.ts's matcher says the same, as a literal Next can read at
 * build time; tests/unit/http/request-guard.test.ts holds the two together): the token API, except paths
 * with a %-escape, which the proxy must see first (an undecodable one would reach Next's router, which
 * answers it with a bare 500), and the static API description.
 */
export function proxySkips(pathname: string): boolean {
  return pathname.startsWith("/api/v1/") && !pathname.includes("%") && pathname !== OPENAPI_PATH;
}

/** Served statically (built once), so no handler runs for it: the proxy adds its headers. */
const OPENAPI_PATH = "/api/v1/openapi.json";

/** The proxy's decision for a request that skipped it (the host, the Origin of unsafe calls); `pathname` is its URL's. */
export function guardRequest(req: Request, pathname: string): Decision {
  return decideRequest(currentPolicy(), { method: req.method, pathname, headers: req.headers });
}
