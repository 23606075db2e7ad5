import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoginPage } from "./pages/login-page";
import { actionRequest, actionSucceeded, FormArg, parseActionOutcome } from "./support/actions";
import { diffDbState, queryValue, readDbState } from "./support/db-state";
import { sendRaw, type RawRequest, type RawResponse } from "./support/http-probe";
import { fillPattern, listPages, listRouteFiles, readActionManifest, type ActionEntry } from "./support/inventory";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";
import { createCliToken, revokeCliToken } from "./support/tokens";

// Authorization of everything the dashboard exposes, against the built server: every server action in
// the build's manifest and every /api/ui route and page in app/ is called without a session, with broken
// session cookies, with a read-only session signed in through the real /login page, and with a share
// link of another experiment; none may write (checked in the response and in the database) or read what
// it should not. A write session must be able to do each one, so the refusals are proven to come from the
// checks. On the open loopback dashboard, a foreign Host (DNS rebinding) must be refused everywhere.
// Deleting any authorization check fails this file.

const TAG = randomBytes(4).toString("hex");
const SECRET = { name: `authz-secret-${TAG}`, param: `leakparam_${TAG}`, metric: `leakmetric_${TAG}` };
const RO_TOKEN_NAME = `authz-ro-${TAG}`;
const TIMEOUT_MS = 15_000;

interface Experiment {
  id: number;
  trialIds: number[];
}

/** One server under test and what the checks need on it. */
interface Server {
  app: AppServer;
  writeToken: string;
  readToken: string;
  /** Headers under which every action and route must work: a write session, or nothing on the open loopback dashboard. */
  allowed: Record<string, string>;
  secret: Experiment;
  /** Strings that only a permitted read can return. */
  markers: string[];
}

let app: AppServer;
let local: AppServer;
let browser: Browser;
let s: Server;
let sl: Server;
let readSession = "";
/** A session whose API token was revoked after signing in. */
let revokedSession = "";
let writeSession = "";
let shared: Experiment;
let shareToken = "";
/** A share link of the secret experiment, revoked. */
let revokedShareToken = "";

async function v1(server: { app: AppServer; writeToken: string }, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server.app.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${server.writeToken}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`setup ${method} ${path} -> ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function makeExperiment(server: { app: AppServer; writeToken: string }, opts: { name?: string; trials?: number; maxTrials?: number; secret?: boolean; command?: string[] } = {}): Promise<Experiment> {
  const param = opts.secret ? SECRET.param : "x";
  const metric = opts.secret ? SECRET.metric : "loss";
  const { experiment } = await v1(server, "POST", "/experiments", {
    name: opts.name ?? `authz helper ${TAG}`,
    space: { [param]: { type: "uniform", low: 0, high: 1 }, y: { type: "int", low: 1, high: 3 } },
    objective: { metric },
    sampler: "random",
    seed: 3,
    ...(opts.maxTrials ? { maxTrials: opts.maxTrials } : {}),
    ...(opts.command ? { command: opts.command } : {}),
  });
  const trialIds: number[] = [];
  for (let i = 0; i < (opts.trials ?? 0); i++) {
    const { trial } = await v1(server, "POST", `/experiments/${experiment.id}/trials`);
    await v1(server, "POST", `/trials/${trial.id}/metrics`, { points: [1, 2, 3].map((step) => ({ name: metric, step, value: (i + 1) / step })) });
    await v1(server, "POST", `/trials/${trial.id}/complete`, { value: i + 0.5 });
    trialIds.push(trial.id);
  }
  return { id: experiment.id, trialIds };
}

function send(server: Server, req: RawRequest): Promise<RawResponse> {
  return sendRaw(server.app.port, req, TIMEOUT_MS);
}

function action(name: string): ActionEntry {
  const found = readActionManifest().find((a) => a.exportedName === name);
  if (!found) throw new Error(`no server action ${name} in the build`);
  return found;
}

function actionPath(server: Server, entry: ActionEntry): string {
  return fillPattern(entry.pages[0] ?? "/", { id: String(server.secret.id), number: "0", token: shareToken || "x" });
}

/** Calls an action as the dashboard's own page would (same origin), plus `headers`. */
function callAction(server: Server, entry: ActionEntry, args: unknown[], headers: Record<string, string>, path?: string): Promise<RawResponse> {
  return send(server, actionRequest(entry.id, path ?? actionPath(server, entry), args, { origin: server.app.url, ...headers }));
}

/** Runs an action the way a permitted visitor would; setup for fixtures that need a link to exist. */
async function allowedAction(server: Server, name: string, args: unknown[]): Promise<any> {
  const res = await callAction(server, action(name), args, server.allowed);
  if (!actionSucceeded(res)) throw new Error(`setup: ${name} failed: ${res.status} ${res.body.slice(0, 300)}`);
  return (parseActionOutcome(res)?.value as any).data;
}

function leaked(body: string, markers: string[]): string[] {
  return markers.filter((m) => body.includes(m));
}

/** A session cookie that is set (not one being deleted). */
function setsSession(res: RawResponse): boolean {
  const raw = res.headers["set-cookie"];
  return (Array.isArray(raw) ? raw : raw ? [raw] : []).some((c) => /^[^=]+=[^;]+/.test(c) && !/max-age=0|expires=thu, 01 jan 1970/i.test(c));
}

/** Fails with every problem listed, one per line (printed too: a long diff is hard to read in the assertion). */
function expectNone(problems: string[]): void {
  if (problems.length) console.log(`authorization problems (${problems.length}):\n${problems.join("\n")}`);
  expect(problems.join("\n")).toBe("");
}

// --- server actions -----------------------------------------------------------------------------------

interface Prepared {
  args: unknown[];
  /** Arguments for the refusal cases when they differ (sign-in: a token that is not one). */
  refusalArgs?: unknown[];
  /** What a successful call returns and a refused one must not. */
  reveals?: string[];
  /** signout: the session the permitted call ends (the suite's own sessions stay signed in). */
  session?: string;
  /** A further check after the permitted call; answers a problem or null. */
  verify?: () => Promise<string | null>;
}

interface ActionFixture {
  /** write: must change the database when allowed; read: must return `reveals`; signin / signout: sessions. */
  kind: "write" | "read" | "signin" | "signout";
  prepare(server: Server): Promise<Prepared>;
}

/**
 * A valid call for every server action, by exported name. An action in the manifest without an entry here
 * fails the suite: a new action must say how it is authorized.
 */
const ACTION_FIXTURES: Record<string, ActionFixture> = {
  setArchivedAction: { kind: "write", prepare: async (server) => ({ args: [{ id: (await makeExperiment(server)).id, archived: true }] }) },
  changeStatusAction: { kind: "write", prepare: async (server) => ({ args: [{ id: (await makeExperiment(server)).id, action: "pause" }] }) },
  extendBudgetAction: { kind: "write", prepare: async (server) => ({ args: [{ id: (await makeExperiment(server, { maxTrials: 5 })).id, add: 3 }] }) },
  enqueueTrialAction: { kind: "write", prepare: async (server) => ({ args: [{ id: (await makeExperiment(server)).id, params: { x: 0.5, y: 2 } }] }) },
  // Creates nothing, but its suggestions show the sweep's parameters: only for write sessions, revealing nothing to others.
  suggestTrialsAction: { kind: "read", prepare: async (server) => ({ args: [{ id: server.secret.id, count: 2 }], reveals: [SECRET.param] }) },
  retryTrialAction: {
    kind: "write",
    prepare: async (server) => {
      const e = await makeExperiment(server);
      const { trial } = await v1(server, "POST", `/experiments/${e.id}/trials`);
      await v1(server, "POST", `/trials/${trial.id}/fail`, { error: "boom" });
      return { args: [{ trialId: trial.id }] };
    },
  },
  createShareLinkAction: { kind: "write", prepare: async (server) => ({ args: [{ id: server.secret.id, viewState: { smoothing: 0.5 }, expiresInHours: null }] }) },
  listShareLinksAction: {
    kind: "read",
    prepare: async (server) => {
      const e = await makeExperiment(server);
      const made = await allowedAction(server, "createShareLinkAction", [{ id: e.id, viewState: {}, expiresInHours: 24 }]);
      return { args: [{ id: e.id }], reveals: [made.link.prefix] };
    },
  },
  revokeShareLinkAction: {
    kind: "write",
    prepare: async (server) => {
      const e = await makeExperiment(server);
      const made = await allowedAction(server, "createShareLinkAction", [{ id: e.id, viewState: {}, expiresInHours: null }]);
      const token = String(made.path).split("/s/")[1]!;
      const opens = async () => (await send(server, { method: "GET", path: `/api/ui/experiments/${e.id}`, headers: { "x-sweepboard-share": token } })).status;
      return { args: [{ id: e.id, linkId: made.link.id }], verify: async () => ((await opens()) === 200 ? "the revoked share link still opens its experiment" : null) };
    },
  },
  launchAction: {
    kind: "write",
    prepare: async (server) => {
      await v1(server, "POST", "/workers", { name: `authz worker ${randomBytes(3).toString("hex")}`, host: "h", slots: 1 });
      return { args: [{ id: (await makeExperiment(server, { command: ["python3", "train.py"] })).id, slots: 1 }] };
    },
  },
  recallLaunchAction: {
    kind: "write",
    prepare: async (server) => {
      await v1(server, "POST", "/workers", { name: `authz worker ${randomBytes(3).toString("hex")}`, host: "h", slots: 1 });
      const e = await makeExperiment(server, { command: ["python3", "train.py"] });
      await v1(server, "POST", `/experiments/${e.id}/launch`, { slots: 1 });
      return { args: [{ id: e.id }] };
    },
  },
  updateNotesAction: { kind: "write", prepare: async (server) => ({ args: [{ id: (await makeExperiment(server)).id, note: "**authz** note", tags: ["authz"] }] }) },
  updateTrialNotesAction: {
    kind: "write",
    prepare: async (server) => {
      const e = await makeExperiment(server);
      const { trial } = await v1(server, "POST", `/experiments/${e.id}/trials`);
      return { args: [{ id: trial.id, note: "*authz* trial note", tags: ["authz"] }] };
    },
  },
  createExperimentAction: { kind: "write", prepare: async () => ({ args: [{ name: `authz created ${TAG}`, space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random" }] }) },
  createTokenAction: { kind: "write", prepare: async () => ({ args: [{ name: `authz made ${TAG}`, scopes: ["read", "write"] }] }) },
  revokeTokenAction: {
    kind: "write",
    prepare: async (server) => {
      const name = `authz victim ${randomBytes(3).toString("hex")}`;
      const victim = await createCliToken(server.app, name);
      const id = tokenIdByName(server.app, name);
      const works = async () => (await fetch(`${server.app.url}/api/v1/experiments`, { headers: { authorization: `Bearer ${victim}` } })).status;
      return { args: [{ id }], verify: async () => ((await works()) === 401 ? null : "the revoked API token still works") };
    },
  },
  signInAction: {
    kind: "signin",
    prepare: async (server) => ({
      args: [{ error: null }, new FormArg({ token: server.readToken })],
      refusalArgs: [{ error: null }, new FormArg({ token: `sb_${"0".repeat(43)}` })],
    }),
  },
  signOutAction: {
    kind: "signout",
    prepare: async (server) => {
      // A session of its own to end, so that the suite's sessions stay signed in.
      const cookie = server === s ? await LoginPage.signIn(browser, server.app.url, server.readToken) : "";
      const opens = async (c: string) => (await send(server, { method: "GET", path: "/api/ui/experiments", headers: { cookie: c } })).status;
      return {
        args: [],
        verify: async () => {
          if (server !== s) return null;
          if ((await opens(cookie)) === 200) return "the session still works after signing out";
          if ((await opens(readSession)) !== 200 || (await opens(writeSession)) !== 200) return "signing out one session ended another";
          return null;
        },
        session: cookie,
      };
    },
  },
};

function tokenIdByName(server: AppServer, name: string): number {
  const id = queryValue(server.databaseFile, 'SELECT id FROM "ApiToken" WHERE name = ?', name);
  if (typeof id !== "number") throw new Error(`no token named ${name}`);
  return id;
}

interface Case {
  label: string;
  headers: Record<string, string>;
  path?: string;
}

function cookiePairs(header: string): Array<[string, string]> {
  return header.split(/;\s*/).map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)] as [string, string]);
}

/** (a) no session, (b) broken or unknown session cookies, (c) a read-only session, (d) another experiment's share link. */
function refusalCases(server: Server, opts: { sharePath?: boolean } = {}): Case[] {
  const names = [...new Set([...cookiePairs(writeSession).map(([n]) => n), "sweepboard_session"])];
  const value = cookiePairs(writeSession)[0]?.[1] ?? "x";
  const tampered = value.slice(0, -1) + (value.endsWith("A") ? "B" : "A");
  const broken: Case[] = names.flatMap((n) => [
    { label: `(b) cookie ${n}=garbage`, headers: { cookie: `${n}=garbage` } },
    { label: `(b) cookie ${n}=% (bad escape)`, headers: { cookie: `${n}=%` } },
    { label: `(b) cookie ${n} tampered`, headers: { cookie: `${n}=${tampered}` } },
    { label: `(b) cookie ${n} holding the API token itself`, headers: { cookie: `${n}=${server.writeToken}` } },
    { label: `(b) cookie ${n} empty`, headers: { cookie: `${n}=` } },
  ]);
  return [
    { label: "(a) no session", headers: {} },
    ...broken,
    { label: "(b) session of a revoked API token", headers: { cookie: revokedSession } },
    { label: "(c) read-only session", headers: { cookie: readSession } },
    { label: "(d) share link of another experiment", headers: { "x-sweepboard-share": shareToken }, path: opts.sharePath ? `/s/${shareToken}` : undefined },
    { label: "(d) revoked share link of this experiment", headers: { "x-sweepboard-share": revokedShareToken }, path: opts.sharePath ? `/s/${revokedShareToken}` : undefined },
  ];
}

/** Runs one action under every case in `cases`, then the permitted call; answers every problem found. */
async function checkAction(server: Server, entry: ActionEntry, fixture: ActionFixture, cases: Case[], opts: { httpRefusal?: boolean } = {}): Promise<string[]> {
  const problems: string[] = [];
  const prepared = await fixture.prepare(server);
  const name = entry.exportedName;
  const db = server.app.databaseFile;
  for (const c of cases) {
    // Ending one's own session is allowed (a revoked one's too), and would sign the suite out.
    if (fixture.kind === "signout" && (c.headers.cookie === readSession || c.headers.cookie === revokedSession)) continue;
    const before = readDbState(db);
    const res = await callAction(server, entry, prepared.refusalArgs ?? prepared.args, c.headers, c.path);
    const changed = diffDbState(before, readDbState(db));
    const where = `${name} ${c.label}`;
    if (res.status >= 500) problems.push(`${where}: answered ${res.status} instead of refusing`);
    else if (opts.httpRefusal && res.status < 400) problems.push(`${where}: answered ${res.status}, expected a 4xx refusal`);
    if (actionSucceeded(res)) problems.push(`${where}: the action succeeded: ${res.body.slice(0, 200)}`);
    if (changed) problems.push(`${where}: the database changed:\n${changed}`);
    if (setsSession(res)) problems.push(`${where}: the response set a session cookie`);
    const leaks = leaked(res.body, [...(prepared.reveals ?? []), ...server.markers]);
    if (leaks.length) problems.push(`${where}: the response shows ${leaks.join(", ")}`);
  }
  // The positive control: the permitted visitor can do it, so every refusal above came from a check.
  const before = readDbState(db);
  const cookie = fixture.kind === "signout" && prepared.session ? prepared.session : undefined;
  const res = await callAction(server, entry, prepared.args, cookie ? { cookie } : server.allowed);
  const changed = diffDbState(before, readDbState(db));
  const where = `${name} permitted`;
  if (fixture.kind === "write" || fixture.kind === "read") {
    if (!actionSucceeded(res)) problems.push(`${where}: failed (${res.status} ${res.body.slice(0, 300)}), so the refusals prove nothing`);
    if (fixture.kind === "write" && !changed) problems.push(`${where}: succeeded but changed nothing in the database`);
    const shown = leaked(res.body, prepared.reveals ?? []);
    if (fixture.kind === "read" && shown.length !== (prepared.reveals ?? []).length) problems.push(`${where}: did not return ${prepared.reveals?.join(", ")}`);
  } else if (fixture.kind === "signin") {
    if (res.status >= 400 || !setsSession(res)) problems.push(`${where}: signing in with a real token set no session (${res.status} ${res.body.slice(0, 200)})`);
  } else if (res.status >= 400) problems.push(`${where}: answered ${res.status}`);
  const extra = await prepared.verify?.();
  if (extra) problems.push(`${where}: ${extra}`);
  return problems;
}

// --- /api/ui routes and pages -------------------------------------------------------------------------

interface RouteFixture {
  /** read: one experiment's data; list: every experiment; write: needs the write scope. */
  kind: "read" | "list" | "write";
  query?: (server: Server) => string;
  body?: () => unknown;
  /** Whether a permitted answer contains one of the markers (so a refused one is checked for them meaningfully). */
  reveals: boolean;
}

/** Every dashboard data route, by method and pattern. A route under app/api/ui without an entry fails the suite. */
const UI_ROUTES: Record<string, RouteFixture> = {
  "GET /api/ui/experiments": { kind: "list", reveals: true },
  "GET /api/ui/experiments/[id]": { kind: "read", reveals: true },
  "GET /api/ui/experiments/[id]/importance": { kind: "read", reveals: true },
  "GET /api/ui/experiments/[id]/metrics": { kind: "read", reveals: true },
  "GET /api/ui/experiments/[id]/scalars": { kind: "read", query: (server) => `metric=${SECRET.metric}&trials=${server.secret.trialIds.join(",")}`, reveals: false },
  "GET /api/ui/experiments/[id]/trials": { kind: "read", reveals: true },
  "GET /api/ui/experiments/[id]/launch": { kind: "read", reveals: false },
  "GET /api/ui/workers": { kind: "list", reveals: false },
  "GET /api/ui/trials/[id]/output": { kind: "read", reveals: false },
  "POST /api/ui/preview": { kind: "write", body: () => ({ name: "preview", space: { [SECRET.param]: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" } }), reveals: true },
};

function uiRoutes(): Array<{ key: string; method: string; pattern: string }> {
  return listRouteFiles("ui").flatMap((r) => r.methods.filter((m) => m !== "HEAD" && m !== "OPTIONS").map((method) => ({ key: `${method} ${r.pattern}`, method, pattern: r.pattern })));
}

function uiRequest(server: Server, method: string, pattern: string, experiment: Experiment, headers: Record<string, string>): RawRequest {
  const fixture = UI_ROUTES[`${method} ${pattern}`]!;
  const query = fixture.query?.(server);
  // A trial's route names one of the experiment's trials.
  const id = pattern.startsWith("/api/ui/trials/") ? experiment.trialIds[0]! : experiment.id;
  const path = fillPattern(pattern, { id: String(id) }) + (query ? `?${query}` : "");
  const body = fixture.body?.();
  return { method, path, headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) };
}

/** Pages that show one of the markers to a permitted visitor, with the query they need. */
const PAGE_QUERIES: Record<string, (server: Server) => string> = { "/compare": (server) => `ids=${server.secret.id},${shared?.id ?? server.secret.id}` };
const PUBLIC_PAGES = new Set(["/login", "/s/[token]"]);

function pagePath(server: Server, pattern: string): string {
  const query = PAGE_QUERIES[pattern]?.(server);
  return fillPattern(pattern, { id: String(server.secret.id), number: "0", token: shareToken }) + (query ? `?${query}` : "");
}

beforeAll(async () => {
  [app, local, browser] = await Promise.all([startApp({ SWEEPBOARD_DASHBOARD_AUTH: "token" }), startApp(), launchBrowser()]);
  const [readToken, localReadToken] = await Promise.all([createCliToken(app, RO_TOKEN_NAME, "read"), createCliToken(local, RO_TOKEN_NAME, "read")]);
  const base = { app, writeToken: app.token, readToken };
  const revokedName = `authz-revoked-${TAG}`;
  const doomed = await createCliToken(app, revokedName);
  [writeSession, readSession, revokedSession] = await Promise.all([LoginPage.signIn(browser, app.url, app.token), LoginPage.signIn(browser, app.url, readToken), LoginPage.signIn(browser, app.url, doomed)]);
  await revokeCliToken(app, tokenIdByName(app, revokedName));
  s = { ...base, allowed: { cookie: writeSession }, secret: await makeExperiment(base, { name: SECRET.name, trials: 5, secret: true }), markers: [SECRET.name, SECRET.param, SECRET.metric, RO_TOKEN_NAME] };
  shared = await makeExperiment(base, { name: `authz shared ${TAG}`, trials: 1 });
  shareToken = String((await allowedAction(s, "createShareLinkAction", [{ id: shared.id, viewState: {}, expiresInHours: null }])).path).split("/s/")[1]!;
  const doomedLink = await allowedAction(s, "createShareLinkAction", [{ id: s.secret.id, viewState: {}, expiresInHours: null }]);
  await allowedAction(s, "revokeShareLinkAction", [{ id: s.secret.id, linkId: doomedLink.link.id }]);
  revokedShareToken = String(doomedLink.path).split("/s/")[1]!;
  const localBase = { app: local, writeToken: local.token, readToken: localReadToken };
  sl = { ...localBase, allowed: {}, secret: await makeExperiment(localBase, { name: SECRET.name, trials: 5, secret: true }), markers: [SECRET.name, SECRET.param, SECRET.metric, RO_TOKEN_NAME] };
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.stop(), local?.stop()]);
});

describe("authorization of the dashboard (SWEEPBOARD_DASHBOARD_AUTH=token)", () => {
  it("has a fixture for every server action in the build and every /api/ui route in app/", () => {
    const missingActions = readActionManifest().map((a) => a.exportedName).filter((n) => !ACTION_FIXTURES[n]);
    const missingRoutes = uiRoutes().map((r) => r.key).filter((k) => !UI_ROUTES[k]);
    expect(missingActions, "server actions without a fixture in ACTION_FIXTURES (tests/e2e/authz.test.ts)").toEqual([]);
    expect(missingRoutes, "/api/ui routes without a fixture in UI_ROUTES (tests/e2e/authz.test.ts)").toEqual([]);
  });

  it("no server action writes or reveals anything without a write session; a write session can do each one", async () => {
    const problems: string[] = [];
    for (const entry of readActionManifest()) {
      const fixture = ACTION_FIXTURES[entry.exportedName];
      if (fixture) problems.push(...(await checkAction(s, entry, fixture, refusalCases(s, { sharePath: true }))));
    }
    expectNone(problems);
  });

  it("every /api/ui route refuses visitors without a session and other experiments' share links; sessions read, only write sessions write", async () => {
    const problems: string[] = [];
    for (const { key, method, pattern } of uiRoutes()) {
      const fixture = UI_ROUTES[key];
      if (!fixture) continue;
      for (const c of refusalCases(s)) {
        const permitted = c.label.startsWith("(c)") && fixture.kind !== "write";
        const before = readDbState(app.databaseFile);
        const res = await send(s, uiRequest(s, method, pattern, s.secret, c.headers));
        const changed = diffDbState(before, readDbState(app.databaseFile));
        const where = `${key} ${c.label}`;
        if (changed) problems.push(`${where}: the database changed:\n${changed}`);
        if (permitted) {
          if (res.status !== 200) problems.push(`${where}: a read-only session cannot read (${res.status} ${res.body.slice(0, 200)})`);
          else if (fixture.reveals && leaked(res.body, s.markers).length === 0) problems.push(`${where}: the permitted answer shows no marker, so the leak checks prove nothing`);
          continue;
        }
        const expected = c.label.startsWith("(d)") ? [403, 404] : c.label.startsWith("(c)") ? [403] : [401, 403];
        if (!expected.includes(res.status)) problems.push(`${where}: answered ${res.status}, expected ${expected.join(" or ")}: ${res.body.slice(0, 200)}`);
        const leaks = leaked(res.body, s.markers);
        if (leaks.length) problems.push(`${where}: the response shows ${leaks.join(", ")}`);
      }
      // Positive controls: a write session does everything; the share link reads its own experiment.
      const full = await send(s, uiRequest(s, method, pattern, s.secret, { cookie: writeSession }));
      if (full.status !== 200) problems.push(`${key} write session: answered ${full.status}: ${full.body.slice(0, 200)}`);
      else if (fixture.reveals && leaked(full.body, s.markers).length === 0) problems.push(`${key} write session: the answer shows no marker`);
      if (fixture.kind === "read") {
        const own = await send(s, uiRequest(s, method, pattern, shared, { "x-sweepboard-share": shareToken }));
        if (own.status !== 200 && !(key.endsWith("/scalars") && own.status === 422)) problems.push(`${key} share link on its own experiment: answered ${own.status}: ${own.body.slice(0, 200)}`);
      }
    }
    expectNone(problems);
  });

  it("every page sends visitors without a valid session to sign in, and shows a read-only session its data", async () => {
    const problems: string[] = [];
    for (const pattern of listPages().filter((p) => !PUBLIC_PAGES.has(p))) {
      const path = pagePath(s, pattern);
      for (const c of refusalCases(s)) {
        const res = await send(s, { method: "GET", path, headers: c.headers });
        const where = `page ${pattern} ${c.label}`;
        if (c.label.startsWith("(c)")) {
          if (res.status !== 200) problems.push(`${where}: a read-only session cannot open it (${res.status})`);
          continue;
        }
        if (res.status >= 500) problems.push(`${where}: answered ${res.status}`);
        if (res.status === 200) problems.push(`${where}: answered 200 instead of sending the visitor to /login`);
        const leaks = leaked(res.body, s.markers);
        if (leaks.length) problems.push(`${where}: the page shows ${leaks.join(", ")}`);
      }
    }
    const sharePage = await send(s, { method: "GET", path: `/s/${shareToken}`, headers: {} });
    if (sharePage.status !== 200 || !sharePage.body.includes(`authz shared ${TAG}`)) problems.push(`share page: did not open its experiment (${sharePage.status})`);
    if (leaked(sharePage.body, s.markers).length) problems.push(`share page: shows another experiment's data: ${leaked(sharePage.body, s.markers).join(", ")}`);
    const revokedPage = await send(s, { method: "GET", path: `/s/${revokedShareToken}`, headers: {} });
    if (revokedPage.status >= 500 || leaked(revokedPage.body, s.markers).length) problems.push(`revoked share page: answered ${revokedPage.status} showing ${leaked(revokedPage.body, s.markers).join(", ") || "nothing secret"}`);
    const listed = await send(s, { method: "GET", path: "/", headers: { cookie: readSession } });
    if (!listed.body.includes(SECRET.name)) problems.push("the experiments page shows a read-only session no experiments, so the page checks prove nothing");
    expectNone(problems);
  });

  it("every /api/v1 route needs a token, and a read-only token cannot write", async () => {
    const problems: string[] = [];
    const trialId = s.secret.trialIds[0]!;
    for (const route of listRouteFiles("v1")) {
      if (route.pattern === "/api/v1/openapi.json") continue; // public by design
      const path = fillPattern(route.pattern, { id: String(route.pattern.startsWith("/api/v1/trials/") ? trialId : s.secret.id) });
      for (const method of route.methods.filter((m) => m !== "HEAD" && m !== "OPTIONS")) {
        const write = method !== "GET";
        const req = (auth: Record<string, string>): RawRequest => ({ method, path, headers: { ...auth, ...(write ? { "content-type": "application/json" } : {}) }, body: write ? "{}" : undefined });
        const before = readDbState(app.databaseFile);
        const none = await send(s, req({}));
        const wrong = await send(s, req({ cookie: writeSession }));
        const ro = await send(s, req({ authorization: `Bearer ${s.readToken}` }));
        const changed = diffDbState(before, readDbState(app.databaseFile));
        const where = `${method} ${route.pattern}`;
        if (none.status !== 401) problems.push(`${where} without a token: answered ${none.status}`);
        if (wrong.status !== 401) problems.push(`${where} with only a dashboard session: answered ${wrong.status}`);
        if (write && ro.status !== 403) problems.push(`${where} with a read-only token: answered ${ro.status}`);
        if (!write && (ro.status === 401 || ro.status === 403)) problems.push(`${where}: a read-only token cannot read (${ro.status})`);
        if (write && changed) problems.push(`${where}: refused calls changed the database:\n${changed}`);
        for (const r of [none, wrong]) if (leaked(r.body, s.markers).length) problems.push(`${where}: an unauthenticated answer shows ${leaked(r.body, s.markers).join(", ")}`);
      }
    }
    expectNone(problems);
  });
});

describe("the open loopback dashboard (no sign-in) refuses foreign Host headers", () => {
  const foreign = (server: Server): Case[] => [
    { label: "DNS-rebinding Host and Origin", headers: { host: `rebind.example:${server.app.port}`, origin: `http://rebind.example:${server.app.port}` } },
    { label: "Host that starts with a loopback name", headers: { host: `localhost.evil.example:${server.app.port}`, origin: `http://localhost.evil.example:${server.app.port}` } },
    { label: "right Host, foreign Origin", headers: { origin: "http://evil.example" } },
  ];

  it("no server action runs for a foreign Host or Origin; each runs for the server's own", async () => {
    const problems: string[] = [];
    for (const entry of readActionManifest()) {
      const fixture = ACTION_FIXTURES[entry.exportedName];
      if (!fixture) continue;
      // A refusal must be an HTTP refusal here: the open dashboard has no session to refuse by.
      problems.push(...(await checkAction(sl, entry, fixture, foreign(sl), { httpRefusal: true })));
    }
    expectNone(problems);
  });

  it("no /api/ui route or page answers a foreign Host; each answers the server's own", async () => {
    const problems: string[] = [];
    const targets: RawRequest[] = [
      ...uiRoutes()
        .filter((r) => UI_ROUTES[r.key])
        .map((r) => uiRequest(sl, r.method, r.pattern, sl.secret, {})),
      ...listPages()
        .filter((p) => p !== "/s/[token]")
        .map((p) => ({ method: "GET", path: pagePath(sl, p), headers: {} })),
    ];
    for (const req of targets) {
      const own = await send(sl, req);
      if (own.status !== 200) problems.push(`${req.method} ${req.path} with the server's own Host: answered ${own.status}`);
      for (const c of foreign(sl).slice(0, 2)) {
        const before = readDbState(local.databaseFile);
        const res = await send(sl, { ...req, headers: { ...req.headers, ...c.headers } });
        const changed = diffDbState(before, readDbState(local.databaseFile));
        const where = `${req.method} ${req.path} ${c.label}`;
        if (res.status < 400 || res.status >= 500) problems.push(`${where}: answered ${res.status}, expected a 4xx refusal`);
        if (leaked(res.body, sl.markers).length) problems.push(`${where}: the response shows ${leaked(res.body, sl.markers).join(", ")}`);
        if (changed) problems.push(`${where}: the database changed:\n${changed}`);
      }
    }
    expectNone(problems);
  });
});
