import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request, type IncomingHttpHeaders } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";

// The request pipeline of the built server (proxy.ts): requests sent with node:http, so Host, Origin and
// forwarded headers say exactly what a DNS-rebinding page or a reverse proxy would make them say.

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string; chunked?: boolean }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...opts.headers };
    if (opts.body !== undefined && !opts.chunked) headers["content-length"] = String(Buffer.byteLength(opts.body));
    const req = request({ host: "127.0.0.1", port, method: opts.method ?? "GET", path: opts.path, headers, setHost: !("host" in headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** The id of a server action in this build, by its exported name. */
function actionId(exportedName: string): string {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, { exportedName?: string }> };
  const id = Object.entries(manifest.node).find(([, v]) => v.exportedName === exportedName)?.[0];
  if (!id) throw new Error(`no server action ${exportedName} in the build`);
  return id;
}

/** A server action call as React's client sends it: arguments as a JSON array, text/plain. */
function actionCall(port: number, path: string, name: string, args: unknown[], headers: Record<string, string>): Promise<Answer> {
  return send(port, { method: "POST", path, headers: { accept: "text/x-component", "next-action": actionId(name), "content-type": "text/plain;charset=UTF-8", ...headers }, body: JSON.stringify(args) });
}

/** The sign-in form's action as React sends it from useActionState: (previous state, FormData) as multipart. */
function signIn(port: number, token: string, headers: Record<string, string>): Promise<Answer> {
  const boundary = "----sweepboardPipelineTest";
  const fields: Array<[string, string]> = [
    ["_1_token", token],
    ["0", JSON.stringify([{ error: null }, "$K1"])],
  ];
  const body = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("") + `--${boundary}--\r\n`;
  return send(port, { method: "POST", path: "/login", headers: { accept: "text/x-component", "next-action": actionId("signInAction"), "content-type": `multipart/form-data; boundary=${boundary}`, ...headers }, body });
}

function setCookies(res: Answer): string[] {
  const value = res.headers["set-cookie"];
  return Array.isArray(value) ? value : value ? [value] : [];
}

function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0]!;
}

function tokenCount(app: AppServer): number {
  const out = execFileSync(process.execPath, ["bin/sweepboard.mjs", "token", "list"], { env: { ...process.env, DATABASE_URL: `file:${app.databaseFile}` }, encoding: "utf8" });
  return out.trim().split("\n").length;
}

function expectSecurityHeaders(headers: IncomingHttpHeaders) {
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("default-src 'self'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
}

const FOREIGN = "rebind.attacker.example";

describe("a default install (loopback, no sign-in)", () => {
  let app: AppServer;
  let own: string;

  beforeAll(async () => {
    app = await startApp();
    own = `127.0.0.1:${app.port}`;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("refuses a foreign Host before any route: 421 JSON for the API, 421 text for pages and actions", async () => {
    const host = `${FOREIGN}:${app.port}`;
    for (const path of ["/api/v1/experiments", "/api/ui/experiments", "/api/v1/openapi.json"]) {
      const res = await send(app.port, { path, headers: { host, authorization: `Bearer ${app.token}` } });
      expect(res.status, path).toBe(421);
      expect(res.headers["content-type"]).toMatch(/application\/json/);
      expect(JSON.parse(res.body)).toEqual({ error: { code: "misdirected_request", message: expect.stringContaining(FOREIGN) } });
      expectSecurityHeaders(res.headers);
    }
    const page = await send(app.port, { path: "/", headers: { host } });
    expect(page.status).toBe(421);
    expect(page.headers["content-type"]).toMatch(/^text\/plain/);
    expect(page.body).toMatch(/^421 Misdirected Request/);
    expect(page.body).not.toContain("<script");
    // The rebinding attack itself: a same-"origin" action from the attacker's name mints nothing.
    const before = tokenCount(app);
    const action = await actionCall(app.port, "/tokens", "createTokenAction", [{ name: "stolen", scopes: ["read", "write"] }], { host, origin: `http://${host}` });
    expect(action.status).toBe(421);
    expect(tokenCount(app)).toBe(before);
  });

  it("serves its own names: 127.0.0.1, localhost and [::1], on any port spelling", async () => {
    for (const host of [own, `localhost:${app.port}`, `[::1]:${app.port}`, "127.0.0.2"]) {
      const res = await send(app.port, { path: "/api/ui/experiments", headers: { host } });
      expect(res.status, host).toBe(200);
      expectSecurityHeaders(res.headers);
    }
  });

  it("a server action from another origin is a 403 JSON answer, never a 500; from our own page it runs", async () => {
    const before = tokenCount(app);
    for (const origin of ["http://evil.example", `http://localhost:${app.port + 1}`, "null"]) {
      const res = await actionCall(app.port, "/tokens", "createTokenAction", [{ name: "csrf", scopes: ["read"] }], { host: own, origin });
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe("forbidden");
    }
    const missing = await actionCall(app.port, "/tokens", "createTokenAction", [{ name: "no-origin", scopes: ["read"] }], { host: own });
    expect(missing.status).toBe(403);
    expect(JSON.parse(missing.body).error.message).toMatch(/Origin/);
    expect(tokenCount(app)).toBe(before);
    const ok = await actionCall(app.port, "/tokens", "createTokenAction", [{ name: "same-origin", scopes: ["read"] }], { host: own, origin: `http://${own}` });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('"ok":true');
    expect(tokenCount(app)).toBe(before + 1);
  });

  it("answers undecodable paths and undecodable action bodies with a 4xx, not Next's bare 500", async () => {
    for (const path of ["/experiments/%E0%A4%A", "/s/%ff", "/api/v1/experiments/%ff"]) {
      const res = await send(app.port, { path, headers: { host: own } });
      expect(res.status, path).toBe(404);
    }
    const before = tokenCount(app);
    const deep = await send(app.port, { method: "POST", path: "/tokens", headers: { host: own, origin: `http://${own}`, accept: "text/x-component", "next-action": actionId("createTokenAction"), "content-type": "text/plain;charset=UTF-8" }, body: "[" + "[".repeat(5_000) + "]".repeat(5_000) + "]" });
    expect(deep.status).toBe(400);
    expect(JSON.parse(deep.body).error.message).toMatch(/64 levels/);
    const garbled = await send(app.port, { method: "POST", path: "/tokens", headers: { host: own, origin: `http://${own}`, accept: "text/x-component", "next-action": actionId("createTokenAction"), "content-type": "text/plain;charset=UTF-8" }, body: "[{nope" });
    expect(garbled.status).toBe(400);
    expect(tokenCount(app)).toBe(before);
  });

  it("ignores forwarded headers without SWEEPBOARD_TRUST_PROXY", async () => {
    // A foreign Host is not rescued by a forwarded one of ours...
    const rescued = await send(app.port, { path: "/api/ui/experiments", headers: { host: `${FOREIGN}:${app.port}`, "x-forwarded-host": own } });
    expect(rescued.status).toBe(421);
    // ...and Next's own action check cannot be talked into the attacker's origin by X-Forwarded-Host.
    const before = tokenCount(app);
    const forged = await actionCall(app.port, "/tokens", "createTokenAction", [{ name: "forged", scopes: ["read"] }], { host: own, origin: "http://evil.example", "x-forwarded-host": "evil.example" });
    expect(forged.status).toBe(403);
    expect(tokenCount(app)).toBe(before);
    // Served normally, the page does not take the forwarded names as its own.
    const res = await send(app.port, { path: "/api/ui/experiments", headers: { host: own, "x-forwarded-host": FOREIGN, "x-forwarded-proto": "https", forwarded: `host=${FOREIGN};proto=https` } });
    expect(res.status).toBe(200);
  });

  it("a sign-in claiming X-Forwarded-Proto: https without a trusted proxy gets a plain cookie, not a __Host- one", async () => {
    const res = await signIn(app.port, app.token, { host: own, origin: `http://${own}`, "x-forwarded-proto": "https" });
    const cookies = setCookies(res);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^sweepboard_session=[A-Za-z0-9_-]{43};/);
    expect(cookies[0]!.toLowerCase()).not.toContain("secure");
    expect(cookies[0]).not.toContain(app.token);
  });

  it("puts the security headers on pages, static files and 404s", async () => {
    const page = await send(app.port, { path: "/", headers: { host: own } });
    expect(page.status).toBe(200);
    expectSecurityHeaders(page.headers);
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    expectSecurityHeaders((await send(app.port, { path: script!, headers: { host: own } })).headers);
    const missing = await send(app.port, { path: "/no-such-page", headers: { host: own } });
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing.headers);
  });

  it("keeps the 1 MiB body limit behind the proxy, declared or chunked, below and above its buffer", async () => {
    const headers = { host: own, authorization: `Bearer ${app.token}`, "content-type": "application/json" };
    for (const mib of [1.5, 3, 12]) {
      const big = JSON.stringify({ points: [{ name: "x", step: 0, value: 1 }], pad: "a".repeat(mib * 1024 * 1024) });
      const declared = await send(app.port, { method: "POST", path: "/api/v1/trials/1/metrics", headers, body: big });
      expect(declared.status, `${mib} MiB declared`).toBe(413);
      const chunked = await send(app.port, { method: "POST", path: "/api/v1/trials/1/metrics", headers: { ...headers, "transfer-encoding": "chunked" }, body: big, chunked: true });
      expect(chunked.status, `${mib} MiB chunked`).toBe(413);
    }
  });

  it("the dashboard still renders and hydrates in Chromium under the CSP", async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(`${app.url}/experiments/new`, { waitUntil: "networkidle" });
      // The app router sets window.next once its client bundle (loaded under the CSP) has booted.
      await page.waitForFunction(() => Boolean((window as unknown as { next?: { appDir?: boolean } }).next?.appDir));
      expect(violations).toEqual([]);
      // Another page framing the dashboard is refused by the browser (frame-ancestors 'none').
      const framed = await browser.newPage();
      const refused: string[] = [];
      framed.on("console", (m) => refused.push(m.text()));
      await framed.setContent(`<iframe src="${app.url}/"></iframe>`);
      await expect.poll(() => refused.join("\n"), { timeout: 10_000 }).toMatch(/frame-ancestors 'none'/);
    } finally {
      await browser?.close();
    }
  });
});

describe("behind a trusted TLS proxy, with sign-in", () => {
  let app: AppServer;
  const PUBLIC = "sweep.example.test";
  let proxied: Record<string, string>;

  beforeAll(async () => {
    app = await startApp({ SWEEPBOARD_TRUST_PROXY: "1", SWEEPBOARD_ALLOWED_HOSTS: PUBLIC, SWEEPBOARD_DASHBOARD_AUTH: "token" });
    // What the proxy forwards for https://sweep.example.test: its own connection, the public name and scheme.
    proxied = { host: `127.0.0.1:${app.port}`, "x-forwarded-host": PUBLIC, "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.7" };
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("checks the forwarded host instead of Host", async () => {
    const ours = await send(app.port, { path: "/api/v1/experiments", headers: { ...proxied, authorization: `Bearer ${app.token}` } });
    expect(ours.status).toBe(200);
    const foreign = await send(app.port, { path: "/api/v1/experiments", headers: { ...proxied, "x-forwarded-host": FOREIGN, authorization: `Bearer ${app.token}` } });
    expect(foreign.status).toBe(421);
    const action = await signIn(app.port, app.token, { ...proxied, origin: `http://127.0.0.1:${app.port}` });
    expect(action.status).toBe(403);
  });

  it("signs in with a __Host- Secure cookie holding a session id, which then opens the dashboard over https only", async () => {
    const res = await signIn(app.port, app.token, { ...proxied, origin: `https://${PUBLIC}` });
    expect(res.status).toBeLessThan(400);
    const cookies = setCookies(res);
    expect(cookies).toHaveLength(1);
    const cookie = cookies[0]!;
    expect(cookie).toMatch(/^__Host-sweepboard_session=[A-Za-z0-9_-]{43};/);
    const attributes = cookie.toLowerCase().split(/;\s*/);
    expect(attributes).toEqual(expect.arrayContaining(["secure", "httponly", "path=/", "samesite=lax"]));
    expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
    expect(cookie).not.toContain(app.token);

    const pair = cookiePair(cookie);
    expect((await send(app.port, { path: "/api/ui/experiments", headers: { ...proxied, cookie: pair } })).status).toBe(200);
    expect((await send(app.port, { path: "/", headers: { ...proxied, cookie: pair } })).status).toBe(200);
    // The same cookie over plain http is not read (a __Host- cookie belongs to https).
    expect((await send(app.port, { path: "/api/ui/experiments", headers: { ...proxied, "x-forwarded-proto": "http", cookie: pair } })).status).toBe(401);
  });

  it("a malformed, unknown or raw-token cookie is 401 JSON from /api/ui and a redirect to /login from pages, never a 500", async () => {
    for (const cookie of ["__Host-sweepboard_session=%E0%A4%A", "__Host-sweepboard_session=%", `__Host-sweepboard_session=${"A".repeat(43)}`, `__Host-sweepboard_session=${app.token}`, "sweepboard_session=%E0%A4%A"]) {
      const api = await send(app.port, { path: "/api/ui/experiments", headers: { ...proxied, cookie } });
      expect(api.status, cookie).toBe(401);
      expect(JSON.parse(api.body).error.code).toBe("unauthorized");
      const page = await send(app.port, { path: "/", headers: { ...proxied, cookie } });
      expect(page.status, cookie).toBe(307);
      expect(page.headers.location).toMatch(/\/login$/);
    }
  });

  it("signs in from the login page in Chromium through the proxy's scheme header", async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      // Chromium reaches 127.0.0.1 directly; the proxy's scheme header is added to every request.
      const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-proto": "https" } });
      const page = await context.newPage();
      await page.goto(`${app.url}/`);
      await page.waitForURL(/\/login$/);
      await page.locator('[data-testid="login-token"]').fill(app.token);
      await page.locator('[data-testid="login-submit"]').click();
      await page.waitForURL((url) => url.pathname === "/");
      const [session] = (await context.cookies()).filter((c) => c.name.startsWith("__Host-"));
      expect(session).toMatchObject({ name: "__Host-sweepboard_session", secure: true, httpOnly: true, path: "/", sameSite: "Lax" });
      expect(session!.value).not.toBe(app.token);
      expect((await send(app.port, { path: "/api/ui/experiments", headers: { host: `127.0.0.1:${app.port}`, "x-forwarded-proto": "https", cookie: `${session!.name}=${session!.value}` } })).status).toBe(200);
    } finally {
      await browser?.close();
    }
  });
});
