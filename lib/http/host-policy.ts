// Which requests reach the app at all, decided before any route runs (proxy.ts is the thin caller).
// Three rules: the Host must be one of this server's own names (a page on another site that rebinds its
// DNS name to 127.0.0.1 names itself, not us), forwarded headers count only behind a proxy we were told
// to trust, and a server action must come from a page of this very host (its Origin). Pure: the caller
// passes in the environment and the machine's names, and applies the decision.
import { AppError } from "./errors";
import { assertJsonTextDepth } from "./json-safety";

export type Scheme = "http" | "https";

export interface HostName {
  /** Lowercase, canonical (WHATWG URL rules), IPv6 in brackets, no trailing dot. */
  hostname: string;
  port: number | null;
}

type Rule = { kind: "name"; hostname: string; port: number | null } | { kind: "domain"; suffix: string; port: number | null } | { kind: "any" };

export interface HostPolicy {
  rules: Rule[];
  trustProxy: boolean;
  /** SWEEPBOARD_ALLOWED_HOSTS entries that could not be read; they allow nothing. */
  invalid: string[];
}

export interface HostPolicyOptions {
  /** The address `next start -H` listens on (HOST); 127.0.0.1 when unset. */
  bindHost?: string;
  /** SWEEPBOARD_ALLOWED_HOSTS: comma-separated names, each with an optional port; `.example.com` allows a domain and its subdomains; `*` allows any host. */
  allowedHosts?: string;
  /** SWEEPBOARD_TRUST_PROXY: 1/true/yes/on trusts X-Forwarded-Host and X-Forwarded-Proto. */
  trustProxy?: string;
  /** This machine's hostname and interface addresses: allowed when bound to every interface. */
  machineNames?: readonly string[];
}

/** Headers a client could use to lie about where a request came from or which host it named. */
export const FORWARDED_HEADERS = ["forwarded", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-for", "x-real-ip"] as const;

const LABEL = "[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?";
const HOST_RE = new RegExp(`^(\\[[0-9a-f:.]+\\]|${LABEL}(?:\\.${LABEL})*\\.?)(?::(\\d{1,5}))?$`, "i");
const WILDCARD_BINDS = new Set(["", "0.0.0.0", "::", "[::]"]);
const MAX_SHOWN = 100;

/** Parses a Host header (or an allowed-hosts entry): `name`, `name:port`, `1.2.3.4`, `[::1]:3000`. */
export function parseHost(value: string | null | undefined): HostName | null {
  if (!value || value.length > 300) return null;
  const match = HOST_RE.exec(value.trim());
  if (!match) return null;
  const port = match[2] === undefined ? null : Number(match[2]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  let hostname: string;
  try {
    // Canonical form: lowercase, IPv4 shorthands such as 127.1 spelled out, IPv6 compressed.
    hostname = new URL(`http://${match[1]}`).hostname;
  } catch {
    return null;
  }
  hostname = hostname.toLowerCase().replace(/\.$/, "");
  return hostname ? { hostname, port } : null;
}

/** localhost, 127.0.0.0/8, ::1 and ::ffff:127.x.y.z: names that only ever reach this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) || hostname === "[::1]" || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(hostname);
}

function bracketIpv6(address: string): string {
  const bare = address.replace(/^\[|\]$/g, "");
  return bare.includes(":") ? `[${bare}]` : bare;
}

function parseAllowedEntry(entry: string): Rule | null {
  if (entry === "*") return { kind: "any" };
  if (entry.startsWith(".")) {
    const parsed = parseHost(entry.slice(1));
    if (!parsed || parsed.hostname.startsWith("[")) return null;
    return { kind: "domain", suffix: parsed.hostname, port: parsed.port };
  }
  const parsed = parseHost(entry);
  return parsed ? { kind: "name", hostname: parsed.hostname, port: parsed.port } : null;
}

function isTruthy(value: string | undefined): boolean {
  return ["1", "true", "yes", "on"].includes((value ?? "").trim().toLowerCase());
}

export function createHostPolicy(opts: HostPolicyOptions = {}): HostPolicy {
  const rules: Rule[] = [];
  const invalid: string[] = [];
  const bind = (opts.bindHost ?? "127.0.0.1").trim().toLowerCase();
  // The bound address is one of our names whatever port a client (or a port forward) names.
  const bound = WILDCARD_BINDS.has(bind) ? (opts.machineNames ?? []) : [bind];
  for (const name of bound) {
    const parsed = name.includes("%") ? null : parseHost(bracketIpv6(name));
    if (parsed) rules.push({ kind: "name", hostname: parsed.hostname, port: null });
  }
  for (const raw of (opts.allowedHosts ?? "").split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const rule = parseAllowedEntry(entry);
    if (rule) rules.push(rule);
    else invalid.push(entry);
  }
  return { rules, trustProxy: isTruthy(opts.trustProxy), invalid };
}

function defaultPort(scheme: Scheme | "http:" | "https:"): number {
  return scheme.startsWith("https") ? 443 : 80;
}

export function isAllowedHost(policy: HostPolicy, host: HostName, scheme: Scheme = "http"): boolean {
  if (isLoopbackHost(host.hostname)) return true;
  const port = host.port ?? defaultPort(scheme);
  return policy.rules.some((rule) => {
    if (rule.kind === "any") return true;
    if (rule.port !== null && rule.port !== port) return false;
    if (rule.kind === "name") return rule.hostname === host.hostname;
    return host.hostname === rule.suffix || host.hostname.endsWith(`.${rule.suffix}`);
  });
}

export interface RequestFacts {
  method: string;
  pathname: string;
  headers: Headers;
}

export type Refusal = { ok: false; status: 421 | 403 | 404 | 400 | 413; code: "misdirected_request" | "forbidden" | "not_found" | "bad_request" | "payload_too_large"; message: string; json: boolean };

export type Decision =
  | {
      ok: true;
      host: HostName;
      scheme: Scheme;
      /** The request headers the app should see: forwarded headers settled, never the client's word alone. */
      headers: Headers;
    }
  | Refusal;

function firstValue(header: string | null): string | null {
  const first = header?.split(",")[0]?.trim();
  return first ? first : null;
}

function shown(value: string | null): string {
  if (value === null) return "(none)";
  const clean = value.replace(/[^\x20-\x7e]/g, "?");
  return JSON.stringify(clean.length > MAX_SHOWN ? `${clean.slice(0, MAX_SHOWN)}…` : clean);
}

function formatHost(host: HostName): string {
  return host.port === null ? host.hostname : `${host.hostname}:${host.port}`;
}

/** Why `origin` is not a page of `host`, or null when it is. */
export function originProblem(origin: string | null, host: HostName): string | null {
  if (origin === null) return "this request needs an Origin header naming this server (server actions are only called from its own pages)";
  if (origin === "null") return 'requests from an opaque origin ("null") may not call this server\'s actions';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `the Origin header ${shown(origin)} is not a URL`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `the Origin header ${shown(origin)} is not an http(s) origin`;
  const hostname = url.hostname.toLowerCase().replace(/\.$/, "");
  const originPort = url.port ? Number(url.port) : defaultPort(url.protocol as "http:" | "https:");
  // A Host without a port means the default port of the scheme the page was loaded with.
  const hostPort = host.port ?? defaultPort(url.protocol as "http:" | "https:");
  if (hostname !== host.hostname || originPort !== hostPort) return `cross-origin request refused: Origin ${shown(origin)} is not this server (${shown(formatHost(host))})`;
  return null;
}

function refuse(status: Refusal["status"], code: Refusal["code"], message: string, json: boolean): Refusal {
  return { ok: false, status, code, message, json };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function decideRequest(policy: HostPolicy, req: RequestFacts): Decision {
  const api = req.pathname === "/api" || req.pathname.startsWith("/api/");
  const method = req.method.toUpperCase();
  let named = req.headers.get("host");
  let scheme: Scheme = "http";
  if (policy.trustProxy) {
    named = firstValue(req.headers.get("x-forwarded-host")) ?? named;
    if (firstValue(req.headers.get("x-forwarded-proto"))?.toLowerCase() === "https") scheme = "https";
  }
  const host = parseHost(named);
  if (!host || !isAllowedHost(policy, host, scheme)) {
    const which = policy.trustProxy ? "host (X-Forwarded-Host or Host)" : "Host";
    return refuse(421, "misdirected_request", `this server does not answer to the ${which} ${shown(named)}; if that name is this server, add it to SWEEPBOARD_ALLOWED_HOSTS`, api);
  }

  // A path whose %-escapes do not decode to UTF-8 names nothing here; Next's router answers it with a
  // bare 500 (vercel/next.js#92557), so it is answered here first.
  if (!pathDecodes(req.pathname)) return refuse(404, "not_found", `the path ${shown(req.pathname.slice(0, 200))} has %-escapes that do not decode to UTF-8`, api);

  // Server actions are POSTs to page paths (with a Next-Action header, or a form posted without
  // JavaScript): they must come from our own pages. Any other unsafe request that names an Origin
  // must name ours too: no endpoint here is meant to be called cross-origin.
  const origin = req.headers.get("origin");
  const action = method === "POST" && (req.headers.has("next-action") || !api);
  if (action || (!SAFE_METHODS.has(method) && origin !== null)) {
    const problem = originProblem(origin, host);
    if (problem) return refuse(403, "forbidden", problem, true);
  }

  const headers = new Headers(req.headers);
  if (!policy.trustProxy) for (const name of FORWARDED_HEADERS) headers.delete(name);
  // One value each, the one checked above. Next compares X-Forwarded-Host with the Origin's host for
  // server actions: give it exactly the Origin's spelling, so its check agrees with ours.
  headers.set("x-forwarded-host", action && origin ? new URL(origin).host : formatHost(host));
  headers.set("x-forwarded-proto", scheme);
  return { ok: true, host, scheme, headers };
}

function pathDecodes(pathname: string): boolean {
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * A string React's decoder reads as a reference to another part of the body ($1, $Q1 a Map, $K1 a FormData,
 * ...): a text body has no other parts. What React's client writes for plain values stays allowed: an escaped
 * dollar ($$), undefined, NaN, the infinities, -0, a BigInt ($n) and a Date ($D).
 */
const CHUNK_REFERENCE = /^\$(?!\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|n-?\d+$|D)/;

/**
 * A server action request React could not decode answers a bare 500 before any of our code runs. Refused
 * here instead, with the limits every JSON body has: at most 1 MiB; a text body must be a JSON array (the
 * arguments) within the depth limit, with no references to other parts (a text body has none); a multipart
 * body must name its boundary. Null when the request is fine.
 */
export async function actionBodyRefusal(contentType: string, body: Uint8Array): Promise<Refusal | null> {
  if (body.byteLength > MAX_ACTION_BODY_BYTES) return refuse(413, "payload_too_large", `action input is larger than ${MAX_ACTION_BODY_BYTES} bytes`, true);
  if (contentType.toLowerCase().startsWith("multipart/")) return multipartRefusal(contentType, body);
  return argumentsRefusal(body);
}

/** A multipart action body must be well-formed multipart; its root part "0", when there is one, obeys the text rules. */
async function multipartRefusal(contentType: string, body: Uint8Array): Promise<Refusal | null> {
  if (!/;\s*boundary=/i.test(contentType)) return refuse(400, "bad_request", "a multipart action body needs a boundary in its Content-Type", true);
  let form: FormData;
  try {
    form = await new Response(new Blob([body as Uint8Array<ArrayBuffer>]), { headers: { "content-type": contentType } }).formData();
  } catch {
    return refuse(400, "bad_request", "action input is not readable multipart form data", true);
  }
  const root = form.get("0");
  // References ($K1: the FormData in part 1) are how a multipart body links its parts: allowed here.
  return typeof root === "string" ? argumentsRefusal(new TextEncoder().encode(root), { references: true }) : null;
}

function argumentsRefusal(body: Uint8Array, opts: { references?: boolean } = {}): Refusal | null {
  let args: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
    assertJsonTextDepth(text, { what: "action input" });
    args = JSON.parse(text);
  } catch (error) {
    const message = error instanceof AppError ? error.message : `action input is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
    return refuse(400, "bad_request", message, true);
  }
  if (!Array.isArray(args)) return refuse(400, "bad_request", "action input must be a JSON array of the action's arguments", true);
  const stack: unknown[] = opts.references ? [] : [args];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string" && CHUNK_REFERENCE.test(value)) return refuse(400, "bad_request", `action input refers to a part it does not have (${JSON.stringify(value.slice(0, 20))})`, true);
    if (value !== null && typeof value === "object") stack.push(...(Array.isArray(value) ? value : Object.values(value)));
  }
  return null;
}

/** The most a server action may carry: the JSON body limit, with room for multipart framing. */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024 + 64 * 1024;

/** The body of a refusal: JSON for the API and server actions, a line of text for pages. */
export function refusalBody(refusal: Refusal): { body: string; contentType: string } {
  if (refusal.json) return { body: JSON.stringify({ error: { code: refusal.code, message: refusal.message } }), contentType: "application/json" };
  const title = { 421: "421 Misdirected Request", 403: "403 Forbidden", 404: "404 Not Found", 400: "400 Bad Request", 413: "413 Payload Too Large" }[refusal.status];
  return { body: `${title}\n\n${refusal.message}\n`, contentType: "text/plain; charset=utf-8" };
}

/** The scheme the visitor used, as proxy.ts settled it in X-Forwarded-Proto (http when it did not run). */
export function requestScheme(headers: Pick<Headers, "get">): Scheme {
  return headers.get("x-forwarded-proto") === "https" ? "https" : "http";
}
