import { request as httpRequest } from "node:http";
import { request } from "node:https";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverErrorLines, startAgent } from "./support/agents";
import { launchBrowser } from "./support/browser";
import { startNginx, type Nginx } from "./support/nginx";
import { startApp, startPgDatabase, type AppServer, type PgDatabase } from "./support/server";

// examples/nginx/sweepboard.conf as it is (ports, name and certificate paths replaced), Debian's nginx
// terminating TLS in front of two instances of the built server on one PostgreSQL database, configured as
// README's "Behind a reverse proxy" says.
const PUBLIC = "sweep.example.test";

let db: PgDatabase;
let a: AppServer;
let b: AppServer;
let nginx: Nginx;
let browser: Browser | undefined;

beforeAll(async () => {
  db = await startPgDatabase("sweepboard_proxy");
  const env = { DATABASE_URL: db.url, SWEEPBOARD_TRUST_PROXY: "1", SWEEPBOARD_ALLOWED_HOSTS: PUBLIC, SWEEPBOARD_DASHBOARD_AUTH: "token" };
  // Both at once: their migrations take PostgreSQL's advisory lock in turn, the second finds nothing to do.
  [a, b] = await Promise.all([startApp(env), startApp(env)]);
  nginx = await startNginx("examples/nginx/sweepboard.conf", ({ tlsPort, httpPort, certFile, keyFile }) => [
    ["server 127.0.0.1:3001 ", `server 127.0.0.1:${a.port} `],
    ["server 127.0.0.1:3002 ", `server 127.0.0.1:${b.port} `],
    ["listen 80;", `listen 127.0.0.1:${httpPort};`],
    ["listen 443 ssl;", `listen 127.0.0.1:${tlsPort} ssl;`],
    ["/etc/ssl/certs/sweep.example.com.pem", certFile],
    ["/etc/ssl/private/sweep.example.com.key", keyFile],
    ["sweep.example.com", PUBLIC],
  ]);
});

afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
  await a?.stop();
  await b?.stop();
  db?.stop();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to nginx's TLS port as a client of https://sweep.example.test:<port> sends it. */
function viaProxy(method: string, path: string, opts: { headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = { host: `${PUBLIC}:${nginx.tlsPort}`, ...(body ? { "content-type": "application/json" } : {}), ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: nginx.tlsPort, servername: PUBLIC, ca: nginx.certPem, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

const auth = () => ({ authorization: `Bearer ${a.token}` });
/**
 * Requests in nginx's access log since line `from` by the instance that answered them (the last upstream address
 * of a line: `127.0.0.1:A, 127.0.0.1:B` is a request A refused and B answered), and those answered 5xx.
 */
async function served(from = 0) {
  await new Promise((r) => setTimeout(r, 200)); // nginx logs a request after its response is sent
  const lines = nginx.accessLog().slice(from).map((l) => /^(.*) (\d{3}) \S+ \S+$/.exec(l));
  const by = (port: number) => lines.filter((m) => m?.[1]?.split(", ").at(-1) === `127.0.0.1:${port}`).length;
  return { a: by(a.port), b: by(b.port), all: lines.length, fivexx: lines.filter((m) => !m || Number(m[2]) >= 500).map((m) => m?.[0]) };
}

/** A plain-http request to nginx's port 80 server, with the Host a browser would send. */
function plainHttp(path: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: nginx.httpPort, path, headers: { host: PUBLIC } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("two instances behind nginx (examples/nginx/sweepboard.conf)", () => {
  it("serves the API over TLS from both instances, with the forwarded headers the proxy sets, not the client's", async () => {
    const listed = await viaProxy("GET", "/api/v1/experiments", { headers: auth() });
    expect(listed.status, listed.body).toBe(200);
    // The proxy replaces a client's forwarded headers: posing as another host or as plain http changes nothing.
    const spoofed = await viaProxy("GET", "/api/v1/experiments", { headers: { ...auth(), "x-forwarded-host": "evil.example", "x-forwarded-proto": "http", forwarded: "host=evil.example" } });
    expect(spoofed.status).toBe(200);
    // A name the servers do not answer to still reaches them as the forwarded host, and is refused.
    const foreign = await viaProxy("GET", "/api/v1/experiments", { headers: { ...auth(), host: "evil.example" } });
    expect(foreign.status).toBe(421);
    // Plain http is sent to https.
    expect(await plainHttp("/login")).toEqual({ status: 301, location: `https://${PUBLIC}/login` });

    const before = nginx.accessLog().length;
    for (let i = 0; i < 10; i++) expect((await viaProxy("GET", "/api/v1/openapi.json")).status).toBe(200);
    const split = await served(before);
    expect(split.a).toBeGreaterThan(0);
    expect(split.b).toBeGreaterThan(0);
  });

  it("runs an agent's sweep through the proxy on both instances, and goes on on one when the other is killed", async () => {
    const created = await viaProxy("POST", "/api/v1/experiments", { headers: auth(), body: { name: "behind nginx", space: { x: { type: "uniform", low: 0, high: 4 } }, objective: { metric: "loss" }, sampler: "random", maxTrials: 30 } });
    expect(created.status, created.body).toBe(201);
    const id = (JSON.parse(created.body) as { experiment: { id: number } }).experiment.id;
    const before = nginx.accessLog().length;
    // https://127.0.0.1:<port>: a loopback name, always allowed; the agent trusts the test's certificate.
    const agent = startAgent({ url: `https://127.0.0.1:${nginx.tlsPort}`, token: a.token, experimentId: id, agentArgs: ["--parallel", "2"], fakeTrain: ["--steps=10", "--delay=20"], env: { NODE_EXTRA_CA_CERTS: nginx.certFile } });
    const result = await agent.exited;
    expect(result.code, result.output).toBe(0);
    const trials = (JSON.parse((await viaProxy("GET", `/api/v1/experiments/${id}/trials?limit=100`, { headers: auth() })).body) as { trials: Array<{ number: number; state: string; id: number }> }).trials;
    expect(trials.map((t) => t.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(trials.every((t) => t.state === "complete")).toBe(true);
    for (const t of trials) {
      const series = JSON.parse((await viaProxy("GET", `/api/v1/trials/${t.id}/metrics?name=loss`, { headers: auth() })).body) as { points: unknown[] };
      expect(series.points).toHaveLength(10);
    }
    const sweepTraffic = await served(before);
    expect(sweepTraffic.a).toBeGreaterThan(0);
    expect(sweepTraffic.b).toBeGreaterThan(0);
    expect(sweepTraffic.fivexx).toEqual([]);

    // Instance A dies: nginx sends every request to B, asks (POSTs) included, since A refuses connections.
    await a.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 300));
    const afterKill = nginx.accessLog().length;
    const more = await viaProxy("POST", "/api/v1/experiments", { headers: auth(), body: { name: "one instance left", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random" } });
    expect(more.status, more.body).toBe(201);
    const next = (JSON.parse(more.body) as { experiment: { id: number } }).experiment.id;
    for (let i = 0; i < 6; i++) {
      const asked = await viaProxy("POST", `/api/v1/experiments/${next}/trials`, { headers: auth(), body: {} });
      expect(asked.status, asked.body).toBe(201);
      const trial = (JSON.parse(asked.body) as { trial: { id: number; number: number } }).trial;
      expect(trial.number).toBe(i);
      expect((await viaProxy("POST", `/api/v1/trials/${trial.id}/complete`, { headers: auth(), body: { value: i } })).status).toBe(200);
    }
    const oneLeft = await served(afterKill);
    expect(oneLeft).toMatchObject({ a: 0, b: 13, all: 13 });
    expect(oneLeft.fivexx).toEqual([]);
    expect(serverErrorLines(result.output + a.log() + b.log())).toEqual([]);
    await a.restart();
  });

  it("serves the dashboard's sign-in page through the proxy: a __Host- Secure session over https", async () => {
    browser = await launchBrowser([`--host-resolver-rules=MAP ${PUBLIC} 127.0.0.1`]);
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const base = `https://${PUBLIC}:${nginx.tlsPort}`;
    await page.goto(`${base}/`);
    await page.waitForURL((url) => url.pathname === "/login", { timeout: 15_000 });
    await page.getByTestId("login-token").fill(b.token);
    await page.getByTestId("login-submit").click();
    await page.waitForURL((url) => url.pathname !== "/login", { timeout: 15_000 });
    const cookies = await context.cookies();
    expect(cookies.map((c) => [c.name, c.secure, c.httpOnly])).toEqual([["__Host-sweepboard_session", true, true]]);
    expect(cookies[0]!.value).not.toContain(b.token);
    // Signed in, the dashboard opens (served by whichever instance nginx picks: the session is in the database).
    const home = await page.goto(`${base}/`);
    expect(home?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/");
    const cookie = `${cookies[0]!.name}=${cookies[0]!.value}`;
    for (let i = 0; i < 4; i++) expect((await viaProxy("GET", "/", { headers: { cookie } })).status).toBe(200);
    await context.close();
  });
});
