import { describe, expect, it } from "vitest";
import { createHostPolicy, decideRequest, isAllowedHost, parseHost, refusalBody, requestScheme, type Decision, type HostPolicyOptions } from "@/lib/http/host-policy";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";

function decide(opts: HostPolicyOptions, req: { method?: string; path?: string; headers?: Record<string, string> }): Decision {
  return decideRequest(createHostPolicy(opts), { method: req.method ?? "GET", pathname: req.path ?? "/", headers: new Headers(req.headers ?? {}) });
}

function hostAllowed(opts: HostPolicyOptions, host: string, scheme: "http" | "https" = "http"): boolean {
  const parsed = parseHost(host);
  return parsed !== null && isAllowedHost(createHostPolicy(opts), parsed, scheme);
}

describe("parseHost", () => {
  it("reads names, ports, IPv4 and bracketed IPv6, canonically", () => {
    expect(parseHost("LocalHost:3000")).toEqual({ hostname: "localhost", port: 3000 });
    expect(parseHost("127.0.0.1")).toEqual({ hostname: "127.0.0.1", port: null });
    expect(parseHost("[::1]:3000")).toEqual({ hostname: "[::1]", port: 3000 });
    expect(parseHost("[0:0:0:0:0:0:0:1]")).toEqual({ hostname: "[::1]", port: null });
    expect(parseHost("127.1:80")).toEqual({ hostname: "127.0.0.1", port: 80 });
    expect(parseHost("sweep.example.com.")).toEqual({ hostname: "sweep.example.com", port: null });
    expect(parseHost("my_box:3000")).toEqual({ hostname: "my_box", port: 3000 });
  });

  it("refuses anything that is not a host", () => {
    for (const bad of ["", " ", "localhost:", ":3000", "localhost:0", "localhost:65536", "localhost:3000:1", "user@localhost", "localhost/path", "local host", "::1", "[::1", "[zz::1]", "évil.example", "a..b", "-a.example", "localhost:3e3", "x".repeat(400)]) {
      expect(parseHost(bad), bad).toBeNull();
    }
    expect(parseHost(null)).toBeNull();
    expect(parseHost(undefined)).toBeNull();
  });
});

describe("allowed hosts", () => {
  it("loopback names on any port are always ours", () => {
    for (const host of ["localhost", "localhost:3000", "LOCALHOST:1", "127.0.0.1", "127.0.0.1:3000", "127.5.6.7:8080", "[::1]", "[::1]:3000", "[::ffff:127.0.0.1]:3000", "localhost.:3000"]) {
      expect(hostAllowed({}, host), host).toBe(true);
      expect(hostAllowed({ bindHost: "0.0.0.0" }, host), host).toBe(true);
    }
  });

  it("attacker names and other addresses are not", () => {
    for (const host of ["rebind.attacker.example:3000", "attacker.example", "localhost.attacker.example", "127.0.0.1.attacker.example", "evil-localhost", "128.0.0.1", "0.0.0.0:3000", "10.0.0.5:3000", "[::2]", "[::ffff:10.0.0.1]"]) {
      expect(hostAllowed({}, host), host).toBe(false);
    }
  });

  it("the bound address is ours whatever the port", () => {
    expect(hostAllowed({ bindHost: "10.0.0.5" }, "10.0.0.5:3000")).toBe(true);
    expect(hostAllowed({ bindHost: "10.0.0.5" }, "10.0.0.5")).toBe(true);
    expect(hostAllowed({ bindHost: "10.0.0.5" }, "10.0.0.6:3000")).toBe(false);
    expect(hostAllowed({ bindHost: "fd00::5" }, "[fd00::5]:3000")).toBe(true);
    expect(hostAllowed({ bindHost: "[fd00::5]" }, "[fd00:0::5]")).toBe(true);
    expect(hostAllowed({ bindHost: "Sweep.Lan" }, "sweep.lan:3000")).toBe(true);
  });

  it("bound to every interface, the machine's hostname and interface addresses are ours, and nothing else", () => {
    const machineNames = ["gpu-box", "127.0.0.1", "192.168.1.20", "::1", "fe80::1%eth0", "fd00::20"];
    for (const bindHost of ["0.0.0.0", "::", "[::]"]) {
      const opts = { bindHost, machineNames };
      expect(hostAllowed(opts, "gpu-box:3000")).toBe(true);
      expect(hostAllowed(opts, "192.168.1.20:3000")).toBe(true);
      expect(hostAllowed(opts, "[fd00::20]:3000")).toBe(true);
      expect(hostAllowed(opts, "[fe80::1]:3000")).toBe(false);
      expect(hostAllowed(opts, "192.168.1.21:3000")).toBe(false);
      expect(hostAllowed(opts, "0.0.0.0:3000")).toBe(false);
      expect(hostAllowed(opts, "attacker.example:3000")).toBe(false);
    }
    // Bound to loopback, the machine's other names are not served.
    expect(hostAllowed({ bindHost: "127.0.0.1", machineNames }, "gpu-box:3000")).toBe(false);
  });

  it("SWEEPBOARD_ALLOWED_HOSTS adds names, with ports and leading-dot domains", () => {
    const opts = { allowedHosts: " sweep.example.com , ci.internal:8443,.corp.example,[fd00::9]:3000,10.1.2.3" };
    expect(hostAllowed(opts, "sweep.example.com")).toBe(true);
    expect(hostAllowed(opts, "SWEEP.example.com:3000")).toBe(true);
    expect(hostAllowed(opts, "other.example.com")).toBe(false);
    expect(hostAllowed(opts, "ci.internal:8443")).toBe(true);
    expect(hostAllowed(opts, "ci.internal:3000")).toBe(false);
    expect(hostAllowed(opts, "ci.internal")).toBe(false);
    expect(hostAllowed({ allowedHosts: "ci.internal:443" }, "ci.internal", "https")).toBe(true);
    expect(hostAllowed({ allowedHosts: "ci.internal:443" }, "ci.internal", "http")).toBe(false);
    expect(hostAllowed(opts, "corp.example")).toBe(true);
    expect(hostAllowed(opts, "a.b.corp.example:3000")).toBe(true);
    expect(hostAllowed(opts, "evilcorp.example")).toBe(false);
    expect(hostAllowed(opts, "corp.example.attacker.example")).toBe(false);
    expect(hostAllowed(opts, "[fd00::9]:3000")).toBe(true);
    expect(hostAllowed(opts, "[fd00::9]:3001")).toBe(false);
    expect(hostAllowed(opts, "10.1.2.3:3000")).toBe(true);
    expect(hostAllowed({ allowedHosts: ".corp.example:8443" }, "x.corp.example:8443")).toBe(true);
    expect(hostAllowed({ allowedHosts: ".corp.example:8443" }, "x.corp.example:80")).toBe(false);
    expect(hostAllowed({ allowedHosts: "*" }, "anything.example:1")).toBe(true);
  });

  it("unreadable entries are reported and allow nothing", () => {
    const policy = createHostPolicy({ allowedHosts: "good.example,http://bad.example,bad:port,.,,*.example" });
    expect(policy.invalid).toEqual(["http://bad.example", "bad:port", ".", "*.example"]);
    expect(policy.rules).toEqual([
      { kind: "name", hostname: "127.0.0.1", port: null },
      { kind: "name", hostname: "good.example", port: null },
    ]);
  });
});

describe("decideRequest: the Host", () => {
  it("serves our hosts and refuses foreign ones with 421: JSON under /api, text for pages", () => {
    expect(decide({}, { headers: { host: "127.0.0.1:3000" } }).ok).toBe(true);
    const api = decide({}, { path: "/api/ui/experiments", headers: { host: "rebind.attacker.example:3000" } });
    expect(api).toMatchObject({ ok: false, status: 421, code: "misdirected_request", json: true });
    const body = refusalBody(api as Extract<Decision, { ok: false }>);
    expect(body.contentType).toBe("application/json");
    expect(JSON.parse(body.body)).toEqual({ error: { code: "misdirected_request", message: expect.stringContaining('"rebind.attacker.example:3000"') } });
    const page = decide({}, { path: "/experiments/1", headers: { host: "rebind.attacker.example:3000" } });
    expect(page).toMatchObject({ ok: false, status: 421, json: false });
    const text = refusalBody(page as Extract<Decision, { ok: false }>);
    expect(text.contentType).toMatch(/^text\/plain/);
    expect(text.body).toMatch(/^421 Misdirected Request/);
    expect(text.body).toMatch(/SWEEPBOARD_ALLOWED_HOSTS/);
  });

  it("a missing or garbled Host is refused", () => {
    expect(decide({}, { headers: {} })).toMatchObject({ ok: false, status: 421 });
    expect(decide({}, { headers: { host: "localhost:3000, evil.example" } })).toMatchObject({ ok: false, status: 421 });
    const weird = decide({}, { path: "/api/v1/x", headers: { host: `evil.example\u0001${"a".repeat(500)}` } }) as Extract<Decision, { ok: false }>;
    expect(weird.message.length).toBeLessThan(300);
  });
});

describe("decideRequest: forwarded headers", () => {
  const forwarded = { host: "127.0.0.1:3000", "x-forwarded-host": "sweep.example.com", "x-forwarded-proto": "https", "x-forwarded-for": "6.6.6.6", "x-forwarded-port": "443", forwarded: "for=6.6.6.6;host=evil.example;proto=https", "x-real-ip": "6.6.6.6" };

  it("without SWEEPBOARD_TRUST_PROXY they are ignored and stripped: the Host decides, the scheme is http", () => {
    const d = decide({ allowedHosts: "sweep.example.com" }, { headers: forwarded });
    if (!d.ok) throw new Error(d.message);
    expect(d.host).toEqual({ hostname: "127.0.0.1", port: 3000 });
    expect(d.scheme).toBe("http");
    expect(d.headers.get("x-forwarded-host")).toBe("127.0.0.1:3000");
    expect(d.headers.get("x-forwarded-proto")).toBe("http");
    for (const name of ["x-forwarded-for", "x-forwarded-port", "forwarded", "x-real-ip"]) expect(d.headers.get(name), name).toBeNull();
    expect(requestScheme(d.headers)).toBe("http");
    // A foreign Host is not rescued by a forwarded one, and a forwarded foreign host does not matter.
    expect(decide({ allowedHosts: "sweep.example.com" }, { headers: { host: "evil.example", "x-forwarded-host": "sweep.example.com" } }).ok).toBe(false);
    expect(decide({}, { headers: { host: "localhost:3000", "x-forwarded-host": "evil.example" } }).ok).toBe(true);
  });

  it("with SWEEPBOARD_TRUST_PROXY the first X-Forwarded-Host is checked and X-Forwarded-Proto sets the scheme", () => {
    const trusted = { trustProxy: "1", allowedHosts: "sweep.example.com" };
    const d = decide(trusted, { headers: { ...forwarded, "x-forwarded-host": "sweep.example.com, evil.example", "x-forwarded-proto": "HTTPS,http" } });
    if (!d.ok) throw new Error(d.message);
    expect(d.host).toEqual({ hostname: "sweep.example.com", port: null });
    expect(d.scheme).toBe("https");
    expect(d.headers.get("x-forwarded-host")).toBe("sweep.example.com");
    expect(d.headers.get("x-forwarded-proto")).toBe("https");
    expect(d.headers.get("x-forwarded-for")).toBe("6.6.6.6");
    expect(requestScheme(d.headers)).toBe("https");
    expect(decide(trusted, { headers: { host: "127.0.0.1:3000", "x-forwarded-host": "evil.example" } })).toMatchObject({ ok: false, status: 421 });
    // Without X-Forwarded-Host the Host header is checked; a proto other than https is http.
    const plain = decide(trusted, { headers: { host: "localhost:3000", "x-forwarded-proto": "ftp" } });
    expect(plain).toMatchObject({ ok: true, scheme: "http" });
    for (const value of ["true", "yes", "ON"]) expect(createHostPolicy({ trustProxy: value }).trustProxy, value).toBe(true);
    for (const value of ["", "0", "false", "no", "off", undefined]) expect(createHostPolicy({ trustProxy: value }).trustProxy, String(value)).toBe(false);
  });
});

describe("decideRequest: server actions and cross-origin writes", () => {
  const action = (origin: string | undefined, extra: Record<string, string> = {}) => ({ method: "POST", path: "/tokens", headers: { host: "127.0.0.1:3000", "next-action": "40abc", ...(origin === undefined ? {} : { origin }), ...extra } });

  it("an action from this host's own pages passes, and Next sees the Origin's spelling of the host", () => {
    const d = decide({}, action("http://127.0.0.1:3000"));
    expect(d.ok).toBe(true);
    const upper = decide({}, { ...action("http://localhost:3000"), headers: { ...action("http://localhost:3000").headers, host: "LOCALHOST:3000" } });
    if (!upper.ok) throw new Error(upper.message);
    expect(upper.headers.get("x-forwarded-host")).toBe("localhost:3000");
    // Default ports: Host without a port matches an Origin without one, over http and https.
    expect(decide({ allowedHosts: "sweep.example.com" }, action("https://sweep.example.com", { host: "sweep.example.com" })).ok).toBe(true);
    expect(decide({ allowedHosts: "sweep.example.com" }, action("http://sweep.example.com", { host: "sweep.example.com:80" })).ok).toBe(true);
  });

  it("a mismatched, missing or null Origin is a 403 JSON answer", () => {
    for (const origin of ["http://evil.example", "http://127.0.0.1:3001", "http://localhost:3000", "http://127.0.0.1", "null", undefined, "not a url", "file:///etc/passwd", "http://127.0.0.1:3000.evil.example"]) {
      const d = decide({}, action(origin));
      expect(d, String(origin)).toMatchObject({ ok: false, status: 403, code: "forbidden", json: true });
    }
    expect((decide({}, action(undefined)) as Extract<Decision, { ok: false }>).message).toMatch(/needs an Origin/);
    expect((decide({}, action("null")) as Extract<Decision, { ok: false }>).message).toMatch(/opaque origin/);
  });

  it("forms posted to a page without JavaScript count as actions too", () => {
    const form = { method: "POST", path: "/login", headers: { host: "127.0.0.1:3000", "content-type": "multipart/form-data; boundary=x" } };
    expect(decide({}, form)).toMatchObject({ ok: false, status: 403 });
    expect(decide({}, { ...form, headers: { ...form.headers, origin: "http://127.0.0.1:3000" } }).ok).toBe(true);
  });

  it("behind a trusted proxy the Origin is compared with the forwarded host", () => {
    const trusted = { trustProxy: "1", allowedHosts: "sweep.example.com" };
    const headers = { host: "127.0.0.1:3000", "x-forwarded-host": "sweep.example.com", "x-forwarded-proto": "https" };
    expect(decide(trusted, { method: "POST", path: "/", headers: { ...headers, "next-action": "1", origin: "https://sweep.example.com" } }).ok).toBe(true);
    expect(decide(trusted, { method: "POST", path: "/", headers: { ...headers, "next-action": "1", origin: "http://127.0.0.1:3000" } })).toMatchObject({ ok: false, status: 403 });
  });

  it("API calls without an Origin (agents, curl) pass; cross-origin unsafe API calls do not", () => {
    expect(decide({}, { method: "POST", path: "/api/v1/experiments", headers: { host: "127.0.0.1:3000" } }).ok).toBe(true);
    expect(decide({}, { method: "POST", path: "/api/ui/preview", headers: { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" } }).ok).toBe(true);
    expect(decide({}, { method: "POST", path: "/api/ui/preview", headers: { host: "127.0.0.1:3000", origin: "http://evil.example" } })).toMatchObject({ ok: false, status: 403, json: true });
    expect(decide({}, { method: "DELETE", path: "/api/v1/x", headers: { host: "127.0.0.1:3000", origin: "null" } })).toMatchObject({ ok: false, status: 403 });
    // Reads may be cross-origin: the browser keeps the answer from the other site anyway.
    expect(decide({}, { method: "GET", path: "/api/v1/openapi.json", headers: { host: "127.0.0.1:3000", origin: "http://evil.example" } }).ok).toBe(true);
    // A Next-Action header on GET is not an action.
    expect(decide({}, { method: "GET", path: "/", headers: { host: "127.0.0.1:3000", "next-action": "1" } }).ok).toBe(true);
  });
});

describe("security headers", () => {
  it("forbid framing, sniffing and cross-origin referrers; eval only in dev", () => {
    const headers = securityHeaders();
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("same-origin");
    const csp = headers["Content-Security-Policy"]!;
    for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "connect-src 'self'", "img-src 'self' data: blob:"]) expect(csp).toContain(directive);
    expect(csp).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy({ dev: true })).toContain("script-src 'self' 'unsafe-inline' 'unsafe-eval'");
  });
});

describe("requests Next would answer with a bare 500", () => {
  it("refuses a path whose %-escapes do not decode, with a 404", async () => {
    const { createHostPolicy, decideRequest } = await import("@/lib/http/host-policy");
    const policy = createHostPolicy({});
    for (const pathname of ["/experiments/%E0%A4%A", "/s/%ff", "/api/v1/experiments/%ff"]) {
      const d = decideRequest(policy, { method: "GET", pathname, headers: new Headers({ host: "127.0.0.1:3000" }) });
      expect(d).toMatchObject({ ok: false, status: 404, code: "not_found", json: pathname.startsWith("/api/") });
    }
    expect(decideRequest(policy, { method: "GET", pathname: "/s/%E2%82%AC", headers: new Headers({ host: "127.0.0.1:3000" }) }).ok).toBe(true);
  });

  it("refuses a server action body nested too deep or not JSON, with a 400", async () => {
    const { actionBodyRefusal } = await import("@/lib/http/host-policy");
    const text = (s: string) => actionBodyRefusal("text/plain;charset=UTF-8", new TextEncoder().encode(s));
    const multipart = (s: string) => actionBodyRefusal("multipart/form-data; boundary=b", new TextEncoder().encode(s));
    expect(await text("[" + "[".repeat(5_000) + "]".repeat(5_000) + "]")).toMatchObject({ status: 400, code: "bad_request", json: true });
    expect(await text("[{nope")).toMatchObject({ status: 400, message: expect.stringMatching(/not valid JSON/) });
    expect(await text("\ufeff[{\"id\":4}]")).toMatchObject({ status: 400 });
    expect(await text("440975417.15")).toMatchObject({ status: 400, message: expect.stringMatching(/JSON array/) });
    for (const ref of ["$Q1", "$W1", "$F1", "$S", "$h1", "$K1", "$@1", "$1", "$R2", "$i3", "$Z", "$nope"]) expect(await text(JSON.stringify([{ a: [ref] }])), ref).toMatchObject({ status: 400 });
    expect(await text(JSON.stringify(["a".repeat(1_200_000)]))).toMatchObject({ status: 413 });
    expect(await actionBodyRefusal("multipart/form-data", new Uint8Array(10))).toMatchObject({ status: 400, message: expect.stringMatching(/boundary/) });
    expect(await multipart('{"0":{"error":null}}')).toMatchObject({ status: 400, message: expect.stringMatching(/multipart/) });
    const part = (name: string, value: string) => `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    expect(await multipart(part("_1_token", "x") + part("0", '[{"error":null},"$K1"]') + "--b--\r\n")).toBeNull();
    expect(await multipart(part("0", "[".repeat(100) + "]".repeat(100)) + "--b--\r\n")).toMatchObject({ status: 400 });
    // What React's client sends for ordinary arguments passes: escaped dollars, undefined, NaN.
    expect(await text('[{"id":1,"archived":true}]')).toBeNull();
    expect(await text('[{"name":"$$5 budget","x":"$undefined","y":"$NaN","z":"$n12","d":"$D2026-12-01T00:00:00.000Z","m":"$-Infinity"}]')).toBeNull();
  });
});
