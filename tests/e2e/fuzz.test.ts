import { afterAll, beforeAll, expect, it } from "vitest";
import { actionRequest } from "./support/actions";
import { attackerSweeps } from "./support/fuzz-corpus";
import { EDGE_NUMBERS, headerSafe, mutate, nested, pctEncode, randomBodyText, randomJson, randomQuery, randomString, Rng } from "./support/fuzz-gen";
import { describeFailure, FuzzRunner, type Probe } from "./support/fuzz-runner";
import { bearer, BOGUS_SEGMENTS, buildWorld, fillRandom, json, pagePathFor, parseJsonBody, probe, v1, validActionArgs, validBody, validQuery, type World } from "./support/fuzz-world";
import { fillPattern, listPages, listRouteFiles, readActionManifest, segmentNames, type ActionEntry, type RouteFile } from "./support/inventory";
import type { RawRequest, RawResponse } from "./support/http-probe";
import { startApp, type AppServer } from "./support/server";
import { createCliToken } from "./support/tokens";

// Seeded fuzzing of the whole built server: every API route and page found in app/, every server
// action in the build's manifest, attack-shaped sweeps (asked for trials, where the engine does its
// expensive work) and thousands of random requests. Any 5xx, crash, hang or response slower than 2 s
// fails the test; the run prints one line of counts. FUZZ_SEED=<n> replays another sequence.

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_201);
const MIN_REQUESTS = 5_000;
const SLOW_MS = 2_000;
const CONCURRENCY = 6;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

let app: AppServer;

beforeAll(async () => {
  // Token sign-in, so that sessions, refusals and signed-in writes are all on the attack surface.
  app = await startApp({ SWEEPBOARD_DASHBOARD_AUTH: "token", NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=1536`.trim() });
});

afterAll(async () => {
  await app?.stop();
});

const MiB = 1024 * 1024;

/** Every string and key in a value, with lone surrogates mixed in. */
function withSurrogates(value: unknown): unknown {
  if (typeof value === "string") return `${value}\ud800`;
  if (Array.isArray(value)) return value.map(withSurrogates);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [`${k}\udfff`, withSurrogates(v)]));
  return value;
}

/** Hostile bodies for any route that reads one, built from a valid body. */
function bodyShapes(valid: unknown): Array<[string, string | Buffer, string?]> {
  const text = valid === undefined ? "{}" : json(valid);
  return [
    ["truncated JSON", text.slice(0, Math.floor(text.length / 2))],
    ["5,000 nested arrays", nested(5_000)],
    ["5,000 nested objects", nested(5_000, '{"a":')],
    ["lone surrogates in every string and key", json(withSurrogates(valid ?? { x: "y" }))],
    ["invalid UTF-8 bytes", Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80, 0xc3]), Buffer.from('"}')])],
    ["NaN tokens for numbers", text.replace(/(:\s*)-?\d+(\.\d+)?(e[+-]?\d+)?/gi, "$1NaN")],
    ["Infinity tokens for numbers", text.replace(/(:\s*)-?\d+(\.\d+)?(e[+-]?\d+)?/gi, "$1-Infinity")],
    ["1e309 for numbers", text.replace(/(:\s*)-?\d+(\.\d+)?(e[+-]?\d+)?/gi, "$11e309")],
    ["null", "null"],
    ["empty array", "[]"],
    ["a bare string", '"x"'],
    ["empty body", ""],
    ["whitespace", " \n\t "],
    ["BOM then JSON", `\ufeff${text}`],
    ["__proto__ key", text.replace(/^\{/, '{"__proto__":{"polluted":true},')],
    ["constructor.prototype key", text.replace(/^\{/, '{"constructor":{"prototype":{"polluted":true}},')],
    ["1.1 MiB", `{"x":"${"a".repeat(1.1 * MiB)}"}`],
    ["text/plain content type", text, "text/plain"],
    ["multipart without boundary", text, "multipart/form-data"],
    ["urlencoded", "a=1&b=%ff", "application/x-www-form-urlencoded"],
    ["utf-16 charset", text, "application/json; charset=utf-16"],
    ["garbage content type", text, "a/b;;;=="],
    ["no content type", text, ""],
  ];
}

const QUERY_SHAPES = ["search=%", "search=%25", "search=_%", "cursor=", "cursor=-1", "cursor=1e309", "cursor=9007199254740993", "limit=0", "limit=1e309", "limit=-1", "state=", "state=complete,,", "order=x", "since=garbage", "since=9999-99-99T99:99:99Z", "format=xml", "name=%ff", "afterStep=-2", "metric=&trials=", `trials=${"1,".repeat(9_999)}1&metric=loss`, "trials=1,a&metric=loss", "maxPoints=1e9", "a=1&a=2", "%=%", "__proto__=1", "constructor=x&toString=y", "v=%", `v=${pctEncode(nested(2_000, '{"a":'))}`, "x=%ED%A0%80"];

function headerShapes(world: World, port: number): Array<[string, Record<string, string>]> {
  return [
    ["foreign Host", { host: "evil.example" }],
    ["foreign Host with port", { host: `evil.example:${port}` }],
    ["Host that starts like ours", { host: `127.0.0.1:${port}.evil.example` }],
    ["Host localhost", { host: `localhost:${port}` }],
    ["Host [::1]", { host: `[::1]:${port}` }],
    ["no Host", { host: "" }],
    ["2,000-character Host", { host: "h".repeat(2_000) }],
    ["X-Forwarded-Host foreign", { "x-forwarded-host": "evil.example", "x-forwarded-proto": "gopher" }],
    ["Forwarded header", { forwarded: "for=1.2.3.4;host=evil.example;proto=https" }],
    ["foreign Origin", { origin: "http://evil.example" }],
    ["Origin null", { origin: "null" }],
    ["Origin not a URL", { origin: "not a url" }],
    ["raw token as the session cookie", { cookie: `sweepboard_session=${world.writeToken}` }],
    ["cookie %", { cookie: "sweepboard_session=%" }],
    ["cookie with a cut escape", { cookie: "sweepboard_session=%E0%A4%A" }],
    ["cookie without value", { cookie: "sweepboard_session" }],
    ["cookie =", { cookie: "=; ;;; =x" }],
    ["two session cookies", { cookie: `sweepboard_session=a; ${world.writeSession}` }],
    ["quoted cookie", { cookie: 'sweepboard_session="\\"' }],
    ["4,000-character cookie", { cookie: `sweepboard_session=${"x".repeat(4_000)}` }],
    ["cookie named __proto__", { cookie: "__proto__=1; constructor=2; toString=3" }],
    ["latin-1 cookie", { cookie: "sweepboard_session=\u00e9\u00ff" }],
    ["share header bogus", { "x-sweepboard-share": "sbs_nope" }],
    ["share header revoked", { "x-sweepboard-share": world.revokedShareTokens[0] ?? "sbs_x" }],
    ["share header %", { "x-sweepboard-share": "%" }],
    ["share header 5,000 chars", { "x-sweepboard-share": "s".repeat(5_000) }],
    ["RSC headers", { rsc: "1", "next-router-prefetch": "1" }],
    ["garbage router state tree", { rsc: "1", "next-router-state-tree": "%7B%22a" }],
    ["Next-Url garbage", { rsc: "1", "next-url": "%" }],
    ["Accept garbage", { accept: "*/*;q=foo, text/x-component" }],
    ["Range header", { range: "bytes=0-1,2-3,999999999-" }],
    ["Expect 100-continue", { expect: "100-continue" }],
  ];
}

const AUTH_SHAPES = (w: World): Array<[string, Record<string, string>]> => [
  ["no token", {}],
  ["read-only token", bearer(w.readToken)],
  ["Bearer without token", { authorization: "Bearer" }],
  ["unknown token", bearer(`sb_${"x".repeat(40)}`)],
  ["lower-case bearer", { authorization: `bearer ${w.writeToken}` }],
  ["token then junk", { authorization: `Bearer ${w.writeToken} junk` }],
  ["Basic auth", { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }],
  ["8,000-character token", bearer("a".repeat(8_000))],
  ["share token as bearer", bearer(w.shareTokens[0]!)],
];

function sessionFor(world: World, which: "write" | "read" | "none"): Record<string, string> {
  return which === "write" ? { cookie: world.writeSession } : which === "read" ? { cookie: world.readSession } : {};
}

function realPath(world: World, pattern: string): string {
  const trial = pattern.includes("/trials/[id]");
  return fillPattern(pattern, { id: String(trial ? world.trials[0] : world.experiments[0]), number: "0", token: world.shareTokens[0]! });
}

function routeRequest(world: World, route: RouteFile, method: string, path: string, body: unknown, headers: Record<string, string> = {}): RawRequest {
  const isV1 = route.pattern.startsWith("/api/v1");
  const auth = isV1 ? bearer(world.writeToken) : { cookie: world.writeSession };
  const h: Record<string, string> = { ...auth, ...headers };
  if (body !== undefined && h["content-type"] === undefined) h["content-type"] = "application/json";
  if (h["content-type"] === "") delete h["content-type"];
  return { method, path, headers: h, body: body === undefined ? undefined : typeof body === "string" || Buffer.isBuffer(body) ? body : json(body) };
}

/**
 * Every route file: valid calls, each auth shape, bogus ids, hostile bodies and queries, wrong methods, odd
 * headers. Every body shape goes to every route that reads a body; the header, id and query shapes go in
 * full to the first route of each kind and as a seeded sample to the rest, to keep the run short.
 */
function routeCorpus(rng: Rng, world: World, port: number): Probe[] {
  const out: Probe[] = [];
  const seenKinds = new Set<string>();
  for (const route of world.routes) {
    const path = realPath(world, route.pattern);
    const isV1 = route.pattern.startsWith("/api/v1");
    for (const method of route.methods) {
      const reads = method === "GET" || method === "HEAD";
      const valid = reads ? undefined : validBody(rng, world, method, route.pattern);
      const query = reads ? validQuery(rng, world, route.pattern) : "";
      const full = query ? `${path}?${query}` : path;
      const name = `${method} ${route.pattern}`;
      const kind = `${method} ${route.pattern.split("/").slice(0, 3).join("/")} ${segmentNames(route.pattern).join()}`;
      const everyShape = !seenKinds.has(kind);
      seenKinds.add(kind);
      const some = <T>(items: readonly T[], n: number): T[] => (everyShape ? [...items] : rng.sample(items, n));
      out.push(probe(`${name} valid`, routeRequest(world, route, method, full, valid)));
      if (isV1) for (const [label, h] of AUTH_SHAPES(world)) out.push(probe(`${name} ${label}`, { ...routeRequest(world, route, method, full, valid), headers: { ...(valid !== undefined ? { "content-type": "application/json" } : {}), ...h } }));
      else for (const s of ["read", "none"] as const) out.push(probe(`${name} session ${s}`, { ...routeRequest(world, route, method, full, valid), headers: { ...(valid !== undefined ? { "content-type": "application/json" } : {}), ...sessionFor(world, s), ...(s === "none" ? { "x-sweepboard-share": world.shareTokens[0]! } : {}) } }));
      for (const seg of segmentNames(route.pattern)) {
        for (const bogus of some(BOGUS_SEGMENTS, 6)) out.push(probe(`${name} [${seg}]=${bogus.slice(0, 20)}`, routeRequest(world, route, method, fillPattern(route.pattern, { ...Object.fromEntries(segmentNames(route.pattern).map((s) => [s, String(world.experiments[0])])), [seg]: bogus }), valid)));
      }
      // The first shapes (search=%, cursor=) go everywhere; the rest as a sample.
      if (reads) for (const q of [...QUERY_SHAPES.slice(0, 4), ...some(QUERY_SHAPES.slice(4), 8)]) out.push(probe(`${name} ?${q.slice(0, 40)}`, routeRequest(world, route, method, `${path}?${q}`, undefined)));
      else for (const [label, body, type] of bodyShapes(valid)) out.push(probe(`${name} body: ${label}`, routeRequest(world, route, method, path, body, type === undefined ? {} : { "content-type": type })));
      for (const [label, h] of some(headerShapes(world, port), 8)) out.push(probe(`${name} ${label}`, routeRequest(world, route, method, full, valid, h)));
    }
    for (const method of METHODS.filter((m) => !route.methods.includes(m))) out.push(probe(`${method} ${route.pattern} (wrong method)`, routeRequest(world, route, method, path, method === "GET" || method === "HEAD" ? undefined : "{}")));
  }
  return out;
}

function pageCorpus(rng: Rng, world: World, port: number): Probe[] {
  const out: Probe[] = [];
  for (const [n, page] of world.pages.entries()) {
    const path = realPath(world, page);
    const some = <T>(items: readonly T[], k: number): T[] => (n === 0 || segmentNames(page).length > 0 ? [...items] : rng.sample(items, k));
    for (const s of ["write", "read", "none"] as const) out.push(probe(`page ${page} session ${s}`, { method: "GET", path, headers: sessionFor(world, s) }));
    for (const seg of segmentNames(page)) for (const bogus of rng.sample(BOGUS_SEGMENTS, 10)) out.push(probe(`page ${page} [${seg}]=${bogus.slice(0, 20)}`, { method: "GET", path: fillPattern(page, { id: String(world.experiments[0]), number: "0", token: world.shareTokens[0]!, [seg]: bogus }), headers: sessionFor(world, "write") }));
    for (const q of QUERY_SHAPES.slice(-6).concat(["ids=1,2", "ids=%", `ids=${"1,".repeat(3_000)}2`, `v=${pctEncode(json({ brushes: { x: [1e308, -1e308] }, smoothing: "NaN", selection: [-1] }))}`])) out.push(probe(`page ${page} ?${q.slice(0, 40)}`, { method: "GET", path: `${path}?${q}`, headers: sessionFor(world, "write") }));
    for (const [label, h] of some(headerShapes(world, port), 10)) out.push(probe(`page ${page} ${label}`, { method: "GET", path, headers: { ...sessionFor(world, "write"), ...h } }));
    for (const method of ["POST", "PUT", "DELETE", "OPTIONS", "HEAD"]) out.push(probe(`${method} page ${page}`, { method, path, headers: { ...sessionFor(world, "write"), "content-type": "text/plain" }, body: method === "HEAD" ? undefined : "[1]" }));
  }
  for (const junk of ["/nope", "/api", "/api/v1", "/api/v2/experiments", "/api/ui", "/_next/static/../../package.json", "/_next/image?url=http://evil.example/x.png&w=64&q=75", "/%", "/%ff", "/..%2f..%2fetc%2fpasswd", `/${"a/".repeat(1_000)}`, "/experiments/1/trials", "/s", "/favicon.ico", "/icon.svg", "/api/v1/openapi.json?x=%"]) {
    out.push(probe(`junk path ${junk.slice(0, 60)}`, { method: "GET", path: junk, headers: sessionFor(world, "write") }));
  }
  return out;
}

function actionProbe(world: World, action: ActionEntry, label: string, args: unknown[], headers: Record<string, string> = {}, path?: string): Probe {
  return probe(`action ${action.exportedName} ${label}`, actionRequest(action.id, path ?? pagePathFor(world, action), args, { cookie: world.writeSession, origin: world.origin, ...headers }));
}

function actionCorpus(rng: Rng, world: World): Probe[] {
  const out: Probe[] = [];
  for (const action of world.actions) {
    const args = validActionArgs(rng, world, action.exportedName) ?? [randomJson(rng)];
    const base = actionProbe(world, action, "valid", args);
    const withBody = (label: string, body: string | Buffer, headers: Record<string, string> = {}) => probe(`action ${action.exportedName} ${label}`, { ...base.req, headers: { ...base.req.headers, ...headers }, body });
    out.push(base);
    out.push(actionProbe(world, action, "read-only session", args, { cookie: world.readSession }));
    out.push(actionProbe(world, action, "no session", args, { cookie: "" }));
    out.push(actionProbe(world, action, "share header, no session", args, { cookie: "", "x-sweepboard-share": world.shareTokens[0]! }, `/s/${world.shareTokens[0]}`));
    out.push(actionProbe(world, action, "cross-origin", args, { origin: "http://evil.example" }));
    out.push(actionProbe(world, action, "Origin null", args, { origin: "null" }));
    out.push(actionProbe(world, action, "Origin not a URL", args, { origin: "not a url" }));
    out.push(actionProbe(world, action, "foreign Host and Origin", args, { host: "evil.example", origin: "http://evil.example" }));
    out.push(actionProbe(world, action, "on another page", args, {}, "/"));
    out.push(actionProbe(world, action, "on an API path", args, {}, "/api/v1/experiments"));
    out.push(actionProbe(world, action, "no arguments", []));
    out.push(actionProbe(world, action, "too many arguments", [...args, 1, "x", null, {}]));
    out.push(actionProbe(world, action, "lone surrogates", withSurrogates(args) as unknown[]));
    for (const ref of ["$K1", "$@0", "$Q1", "$W1", "$n1", "$D2020", "$F1", "$T", "$h1", "$$", "$S", "$undefined", "$NaN", "$-0", "$Infinity"]) out.push(actionProbe(world, action, `flight reference ${ref}`, [ref]));
    out.push(withBody("truncated body", json(args).slice(0, 9)));
    out.push(withBody("object instead of array", json({ 0: args[0] })));
    out.push(withBody("5,000 nested arrays", nested(5_000)));
    out.push(withBody("5,000 nested objects in the argument", `[${nested(5_000, '{"a":')}]`));
    out.push(withBody("NaN tokens", json(args).replace(/(:\s*)-?\d+(\.\d+)?/g, "$1NaN")));
    out.push(withBody("1.1 MiB body", json(["a".repeat(1.1 * MiB)])));
    out.push(withBody("application/json", json(args), { "content-type": "application/json" }));
    out.push(withBody("multipart without boundary", json(args), { "content-type": "multipart/form-data" }));
    out.push(withBody("urlencoded", "a=1", { "content-type": "application/x-www-form-urlencoded" }));
    const boundary = "fuzzb";
    out.push(withBody("progressive-enhancement form post", `--${boundary}\r\nContent-Disposition: form-data; name="$ACTION_ID_${action.id}"\r\n\r\n\r\n--${boundary}\r\nContent-Disposition: form-data; name="token"\r\n\r\nx\r\n--${boundary}--\r\n`, { "content-type": `multipart/form-data; boundary=${boundary}`, "next-action": "" }));
  }
  const any = world.actions[0]!;
  for (const id of ["0".repeat(42), "x", "%", "../../etc", "7f".repeat(200), `${any.id}00`]) out.push(probe(`action with unknown id ${id.slice(0, 20)}`, actionRequest(id, "/", [{}], { cookie: world.writeSession, origin: world.origin })));
  return out;
}

/** Reports and tells on fresh running trials: the shapes that only matter in the right state. */
async function trialFlows(runner: FuzzRunner, world: World): Promise<void> {
  const created = parseJsonBody(await runner.send(probe("flows: create sweep", v1("POST", "/experiments", world.writeToken, { name: "fuzz flows", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random", pruner: "median", maxRetries: 2 }))));
  const id = created?.experiment?.id;
  if (!id) throw new Error("flows: could not create the sweep");
  const point = (step: number, value: unknown = 0.5, name = "loss") => ({ name, step, value });
  const shapes: Array<[string, string, string]> = [
    ["3 points with the same (name, step)", "metrics", json({ points: [point(1, 0.1), point(1, 0.2), point(1, 0.3)] })],
    ["the same point twice, then again", "metrics", json({ points: [point(2), point(2)] })],
    ["10,000 points", "metrics", json({ points: Array.from({ length: 10_000 }, (_, s) => point(s, s / 10_000)) })],
    ["10,001 points", "metrics", json({ points: Array.from({ length: 10_001 }, (_, s) => point(s)) })],
    ["step 2^53 - 1", "metrics", json({ points: [point(2 ** 53 - 1)] })],
    ["step 2^53 + 2", "metrics", json({ points: [point(2 ** 53 + 2)] })],
    ["edge values", "metrics", json({ points: EDGE_NUMBERS.map((v, s) => point(s, v)) })],
    ["NaN and Infinity values", "metrics", '{"points":[{"name":"loss","step":1,"value":NaN},{"name":"loss","step":2,"value":Infinity}]}'],
    ["wallTime -1e308", "metrics", json({ points: [{ ...point(3), wallTime: -1e308 }, { ...point(4), wallTime: 1e308 }] })],
    ["lone surrogate metric name", "metrics", json({ points: [point(1, 0.5, "\ud800"), point(1, 0.5, "a\udfff")] })],
    ["metric named __proto__", "metrics", '{"points":[{"name":"__proto__","step":1,"value":1},{"name":"constructor","step":1,"value":1}]}'],
    ["200 and 201-character names", "metrics", json({ points: [point(1, 1, "n".repeat(200)), point(1, 1, "n".repeat(201))] })],
    ["complete with NaN", "complete", '{"value": NaN}'],
    ["complete with -Infinity", "complete", '{"value": -Infinity}'],
    ["complete with 1e309", "complete", '{"value": 1e309}'],
    ["complete with -0", "complete", '{"value": -0}'],
    ["complete with 5e-324", "complete", '{"value": 5e-324}'],
    ["complete with 8 values", "complete", json({ values: [1, 2, 3, 4, 5, 6, 7, 8] })],
    ["complete with 9 values", "complete", json({ values: [1, 2, 3, 4, 5, 6, 7, 8, 9] })],
    ["complete with userAttrs 5,000 deep", "complete", `{"value":1,"userAttrs":{"deep":${nested(5_000)}}}`],
    ["complete with userAttrs __proto__", "complete", '{"value":1,"userAttrs":{"__proto__":{"x":1},"constructor":{"prototype":{"y":1}}}}'],
    ["complete with a 900 KB userAttr", "complete", json({ value: 1, userAttrs: { blob: "b".repeat(900_000) } })],
    ["complete with lone surrogate userAttrs", "complete", json({ value: 1, userAttrs: withSurrogates({ k: "v" }) })],
    ["fail with 100,000 characters", "fail", json({ error: "e".repeat(100_000) })],
    ["fail with 100,001 characters", "fail", json({ error: "e".repeat(100_001) })],
    ["fail with lone surrogates", "fail", json({ error: "\ud800\udfff\u0000" })],
    ["prune at step 2^53", "prune", json({ step: 2 ** 53 })],
    ["heartbeat with a body", "heartbeat", nested(5_000)],
  ];
  for (const [label, endpoint, body] of shapes) {
    const ask = parseJsonBody(await runner.send(probe(`flows: ask for ${label}`, v1("POST", `/experiments/${id}/trials`, world.writeToken))));
    const trialId = ask?.trial?.id;
    if (!trialId) continue;
    await runner.send(probe(`flows: ${label}`, v1("POST", `/trials/${trialId}/${endpoint}`, world.writeToken, body)));
    for (const after of ["complete", "retry", "heartbeat"]) await runner.send(probe(`flows: ${after} after ${label}`, v1("POST", `/trials/${trialId}/${after}`, world.writeToken, after === "complete" ? { value: 0.5 } : undefined)));
    await runner.send(probe(`flows: read metrics after ${label}`, v1("GET", `/trials/${trialId}/metrics?name=loss`, world.writeToken)));
  }
  for (const [label, params] of [["__proto__ params", '{"params":{"__proto__":0.5,"constructor":0.1,"x":0.2}}'], ["surrogate params", '{"params":{"\\ud800":1,"x":"\\udfff"}}'], ["deep params", `{"params":{"x":${nested(5_000)}}}`]] as const) {
    await runner.send(probe(`flows: enqueue ${label}`, v1("POST", `/experiments/${id}/enqueue`, world.writeToken, params)));
    await runner.send(probe(`flows: ask after enqueue ${label}`, v1("POST", `/experiments/${id}/trials`, world.writeToken)));
  }
  for (const format of ["csv", "json"]) await runner.send(probe(`flows: export ${format}`, v1("GET", `/experiments/${id}/export?format=${format}`, world.writeToken)));
  await runner.send(probe("flows: experiment page", { method: "GET", path: `/experiments/${id}`, headers: { cookie: world.writeSession } }));
  await runner.send(probe("flows: ui trials", { method: "GET", path: `/api/ui/experiments/${id}/trials`, headers: { cookie: world.writeSession } }));
  await runner.send(probe("flows: ui scalars", { method: "GET", path: `/api/ui/experiments/${id}/scalars?metric=loss&trials=${Array.from({ length: 30 }, (_, i) => i + 1).join(",")}`, headers: { cookie: world.writeSession } }));
}

/** Creates an attack-shaped sweep, then asks, reports, tells and reads it the ways the dashboard and agents do. */
async function attack(runner: FuzzRunner, world: World, label: string, text: string): Promise<void> {
  const steps: Array<() => Promise<RawResponse | undefined>> = [];
  const send = (what: string, req: RawRequest) => runner.send(probe(`attack ${label}: ${what}`, req));
  const session = { cookie: world.writeSession };
  const create = await send("create", v1("POST", "/experiments", world.writeToken, text));
  const restartsBefore = runner.restarts;
  const id = parseJsonBody(create)?.experiment?.id;
  steps.push(() => send("preview", { method: "POST", path: "/api/ui/preview", headers: { ...session, "content-type": "application/json" }, body: text }));
  if (id) {
    const ask = async (n: number) => {
      const res = await send(`ask #${n}`, v1("POST", `/experiments/${id}/trials`, world.writeToken));
      const trialId = parseJsonBody(res)?.trial?.id;
      if (trialId) {
        await send(`report #${n}`, v1("POST", `/trials/${trialId}/metrics`, world.writeToken, { points: [1, 2, 3, 9, 27].map((step) => ({ name: "loss", step, value: 1 / step + n })) }));
        await send(`complete #${n}`, v1("POST", `/trials/${trialId}/complete`, world.writeToken, { value: 1 / (n + 1) }));
      }
      return res;
    };
    for (let n = 0; n < 3; n++) steps.push(() => ask(n));
    steps.push(() => send("enqueue", v1("POST", `/experiments/${id}/enqueue`, world.writeToken, { params: {} })));
    steps.push(() => send("read", v1("GET", `/experiments/${id}`, world.writeToken)));
    steps.push(() => send("export csv", v1("GET", `/experiments/${id}/export?format=csv`, world.writeToken)));
    steps.push(() => send("ui trials", { method: "GET", path: `/api/ui/experiments/${id}/trials`, headers: session }));
    steps.push(() => send("ui importance", { method: "GET", path: `/api/ui/experiments/${id}/importance`, headers: session }));
    steps.push(() => send("page", { method: "GET", path: `/experiments/${id}`, headers: session }));
  }
  for (const step of steps) {
    // A crash or hang is recorded once: asking the same sweep again would only crash it again.
    if (runner.restarts > restartsBefore) return;
    await step();
  }
}

/** One random request to a random endpoint; deterministic for the seed. */
function randomProbe(rng: Rng, world: World, port: number): Probe {
  const kind = rng.weighted([[55, "route"], [17, "page"], [25, "action"], [3, "junk"]] as const);
  const extraHeaders = (): Record<string, string> => {
    const h: Record<string, string> = {};
    if (rng.chance(0.04)) h.host = rng.pick(["evil.example", `localhost:${port}`, "", `evil.example:${port}`]);
    if (rng.chance(0.05)) h.origin = rng.pick(["http://evil.example", "null", world.origin]);
    if (rng.chance(0.05)) h.cookie = headerSafe(rng.pick(["sweepboard_session=%", `sweepboard_session=${randomString(rng, 30)}`, `${randomString(rng, 5)}=${randomString(rng, 20)}`]));
    if (rng.chance(0.05)) h["x-sweepboard-share"] = headerSafe(rng.pick([...world.shareTokens, ...world.revokedShareTokens, randomString(rng, 40)]));
    if (rng.chance(0.05)) h[rng.pick(["x-forwarded-host", "rsc", "next-router-prefetch", "accept", "x-real-ip", "if-none-match", "accept-language", "user-agent"])] = headerSafe(randomString(rng, 60));
    return h;
  };
  if (kind === "route") {
    const route = rng.pick(world.routes);
    const method = rng.chance(0.88) && route.methods.length ? rng.pick(route.methods) : rng.pick(METHODS);
    const reads = method === "GET" || method === "HEAD";
    let path = fillRandom(rng, world, route.pattern);
    if (reads) {
      const q = rng.weighted([[6, () => validQuery(rng, world, route.pattern)], [3, () => randomQuery(rng, ["search", "cursor", "limit", "state", "order", "format", "name", "afterStep", "metric", "trials", "maxPoints", "since", "archived"])], [1, () => ""]] as const)();
      if (q) path += `?${q}`;
    }
    const isV1 = route.pattern.startsWith("/api/v1");
    const headers: Record<string, string> = isV1
      ? rng.weighted<Record<string, string>>([[60, bearer(world.writeToken)], [15, bearer(world.readToken)], [10, {}], [15, rng.pick(AUTH_SHAPES(world))[1]]])
      : rng.weighted<Record<string, string>>([[60, { cookie: world.writeSession }], [15, { cookie: world.readSession }], [15, { "x-sweepboard-share": rng.pick(world.shareTokens) }], [10, {}]]);
    let body: string | undefined;
    if (!reads) {
      const valid = validBody(rng, world, method, route.pattern);
      body = rng.weighted<() => string | undefined>([
        [50, () => (valid === undefined ? undefined : json(valid))],
        [20, () => json(mutate(rng, valid ?? {}))],
        [20, () => randomBodyText(rng, valid ?? {})],
        [10, () => undefined],
      ])();
      if (body !== undefined) headers["content-type"] = rng.chance(0.9) ? "application/json" : rng.pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/json; charset=latin1", headerSafe(randomString(rng, 20))]);
    }
    return probe(`random ${method} ${route.pattern}`, { method, path, headers: { ...headers, ...extraHeaders() }, body });
  }
  if (kind === "page") {
    const page = rng.pick(world.pages);
    let path = fillRandom(rng, world, page);
    if (rng.chance(0.4)) path += `?${randomQuery(rng, ["v", "ids", "tab", "trial"])}`;
    const session = rng.weighted<Record<string, string>>([[60, { cookie: world.writeSession }], [20, { cookie: world.readSession }], [20, {}]]);
    const method = rng.chance(0.93) ? "GET" : rng.pick(["POST", "HEAD", "OPTIONS"]);
    return probe(`random ${method} page ${page}`, { method, path, headers: { ...session, ...extraHeaders() }, body: method === "POST" ? randomBodyText(rng, {}) : undefined });
  }
  if (kind === "action") {
    const action = rng.pick(world.actions);
    const valid = validActionArgs(rng, world, action.exportedName) ?? [randomJson(rng)];
    let args = rng.weighted<() => unknown[]>([
      [55, () => valid],
      [30, () => mutate(rng, valid) as unknown[]],
      [15, () => Array.from({ length: rng.int(0, 3) }, () => randomJson(rng))],
    ])();
    if (!Array.isArray(args)) args = [args];
    // Leave the fuzz's own tokens (ids 1 and 2) and sessions working.
    if (action.exportedName === "revokeTokenAction" && args.some((a) => a && typeof a === "object" && [1, 2].includes((a as { id?: number }).id ?? 0))) args = [{ id: 3 }];
    const session = action.exportedName === "signOutAction" ? "" : rng.weighted([[70, world.writeSession], [15, world.readSession], [15, ""]] as const);
    const base = actionRequest(rng.chance(0.97) ? action.id : headerSafe(randomString(rng, 42)), rng.chance(0.9) ? pagePathFor(world, action) : fillRandom(rng, world, rng.pick(world.pages)), args, { cookie: session, origin: world.origin });
    if (rng.chance(0.08)) base.body = randomBodyText(rng, args);
    if (rng.chance(0.05)) base.headers = { ...base.headers, "content-type": rng.pick(["application/json", "text/plain", "multipart/form-data"]) };
    return probe(`random action ${action.exportedName}`, { ...base, headers: { ...base.headers, ...extraHeaders() } });
  }
  const segments = Array.from({ length: rng.int(1, 5) }, () => pctEncode(randomString(rng, 12)).slice(0, 400) || "x");
  return probe("random junk path", { method: rng.pick(METHODS), path: `/${segments.join("/")}`, headers: extraHeaders() });
}

/** After a random create succeeds, ask the new sweep for a trial: that is where a bad config bites. */
async function followUp(runner: FuzzRunner, world: World, p: Probe, res: RawResponse | undefined): Promise<void> {
  if (!res || res.status >= 300) return;
  let id: unknown;
  if (p.req.method === "POST" && p.req.path === "/api/v1/experiments") id = parseJsonBody(res)?.experiment?.id;
  else if (p.label === "random action createExperimentAction") id = /"ok":true,"data":\{"id":(\d+)/.exec(res.body)?.[1];
  if (id !== undefined) await runner.send(probe(`${p.label}: ask the created sweep`, v1("POST", `/experiments/${id}/trials`, world.writeToken)));
}

it(`answers at least ${MIN_REQUESTS} generated requests to every route, page and action without a 5xx, a crash, a hang or a response over ${SLOW_MS} ms`, async () => {
  const started = Date.now();
  const rng = new Rng(SEED);
  const routes = listRouteFiles();
  const pages = listPages();
  const actions = readActionManifest();
  expect(routes.filter((r) => r.pattern.startsWith("/api/v1")).length).toBeGreaterThan(0);
  expect(routes.filter((r) => r.pattern.startsWith("/api/ui")).length).toBeGreaterThan(0);
  expect(actions.length).toBeGreaterThan(0);
  const runner = new FuzzRunner(app, { slowMs: SLOW_MS, maxRestarts: 20 });
  const readToken = await createCliToken(app, "fuzz-read", "read");
  const world = await buildWorld(runner, { origin: app.url, writeToken: app.token, readToken, routes, pages, actions });

  const phases: string[] = [];
  const phase = async (name: string, run: () => Promise<void>) => {
    const [t, n] = [Date.now(), runner.sent];
    await run();
    phases.push(`${name} ${runner.sent - n} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  await phase("routes", () => runner.pool(routeCorpus(rng, world, app.port), CONCURRENCY));
  await phase("pages", () => runner.pool(pageCorpus(rng, world, app.port), CONCURRENCY));
  await phase("actions", () => runner.pool(actionCorpus(rng, world), CONCURRENCY));
  await phase("trial flows", () => trialFlows(runner, world));
  await phase("attack sweeps", async () => {
    for (const [label, text] of attackerSweeps()) await attack(runner, world, label, text);
  });
  const random = Array.from({ length: Math.max(1_500, MIN_REQUESTS + 100 - runner.sent) }, () => randomProbe(rng, world, app.port));
  await phase("random", () => runner.pool(random, CONCURRENCY, (p, res) => followUp(runner, world, p, res)));
  const alive = await runner.send(probe("final health check", { method: "GET", path: "/api/v1/openapi.json" }));

  const line = `${runner.summary(SEED)} | ${Math.round((Date.now() - started) / 1000)} s`;
  console.log(`fuzz phases: ${phases.join(", ")}`);
  console.log(line);
  const report = runner.failures.map(describeFailure);
  if (report.length) console.log(`fuzz failures (${report.length}):\n${report.join("\n")}`);
  expect(alive?.status, "the server answers after the fuzz").toBe(200);
  expect(runner.sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
  expect(report, line).toEqual([]);
}, 600_000);
