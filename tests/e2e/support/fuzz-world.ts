import { actionRequest, FormArg, parseActionOutcome } from "./actions";
import { FULL_PARAMS, FULL_SPACE, GRID_PARAMS, GRID_SAMPLERS, GRID_SPACE, PRUNERS, SAMPLERS } from "./fuzz-corpus";
import type { FuzzRunner, Probe } from "./fuzz-runner";
import type { ActionEntry, RouteFile } from "./inventory";
import { fillPattern, segmentNames } from "./inventory";
import type { RawRequest, RawResponse } from "./http-probe";
import { Rng, randomNumber, randomString } from "./fuzz-gen";

/** What the fuzz test knows about the server it fuzzes: tokens, sessions, and ids that exist. */
export interface World {
  origin: string;
  writeToken: string;
  readToken: string;
  /** Cookie headers of dashboard sessions signed in with the write and the read-only token. */
  writeSession: string;
  readSession: string;
  experiments: number[];
  trials: number[];
  failedTrials: number[];
  shareTokens: string[];
  revokedShareTokens: string[];
  routes: RouteFile[];
  pages: string[];
  actions: ActionEntry[];
}

export const BOGUS_SEGMENTS = ["0", "-1", "999999999", "1e3", "01", "1.5", "abc", "%00", "%ff", "%E2%80%AE", "9".repeat(30), "..", "%2e%2e", "__proto__", "constructor", "x".repeat(3_000), "%", "1%20", `sbs_${"A".repeat(32)}`, "sbs_", "1;2", "%ED%A0%80", "%F0%9F%99%82", "NaN", "Infinity"];

export const json = (body: unknown) => JSON.stringify(body);
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function parseJsonBody(res: RawResponse | undefined): any {
  try {
    return res ? JSON.parse(res.body) : undefined;
  } catch {
    return undefined;
  }
}

/** A setup call that must succeed: the fuzz builds on what it creates. */
async function must(runner: FuzzRunner, label: string, req: RawRequest): Promise<RawResponse> {
  const res = await runner.send({ label: `setup: ${label}`, req });
  if (!res || res.status >= 400) throw new Error(`setup failed: ${label}: ${req.method} ${req.path} -> ${res ? `${res.status} ${res.body.slice(0, 300)}` : "no response"}`);
  return res;
}

export function v1(method: string, path: string, token: string | null, body?: unknown): RawRequest {
  const headers: Record<string, string> = token ? bearer(token) : {};
  if (body !== undefined) headers["content-type"] = "application/json";
  return { method, path: `/api/v1${path}`, headers, body: body === undefined ? undefined : typeof body === "string" ? body : json(body) };
}

export function pagePathFor(world: World, action: ActionEntry): string {
  const page = action.pages[0] ?? "/";
  return fillPattern(page, { id: String(world.experiments[0] ?? 1), number: "0", token: world.shareTokens[0] ?? "x" });
}

export function findAction(world: World, name: string): ActionEntry | undefined {
  return world.actions.find((a) => a.exportedName === name);
}

/** Signs in through the login page's server action and returns the session's cookie header. */
async function signIn(runner: FuzzRunner, world: World, token: string): Promise<string> {
  const action = findAction(world, "signInAction");
  if (!action) throw new Error("no signInAction in the build's server-reference-manifest: update the fuzz test's sign-in");
  const res = await must(runner, "sign in", actionRequest(action.id, "/login", [{ error: null }, new FormArg({ token })], { origin: world.origin }));
  const setCookie = res.headers["set-cookie"] ?? [];
  const cookies = (Array.isArray(setCookie) ? setCookie : [setCookie]).map((c) => c.split(";")[0]!).filter((c) => !/=$/.test(c));
  if (cookies.length === 0) throw new Error(`signing in set no cookie: ${res.status} ${res.body.slice(0, 300)}`);
  return cookies.join("; ");
}

async function callAction(runner: FuzzRunner, world: World, name: string, args: unknown[]): Promise<any> {
  const action = findAction(world, name);
  if (!action) return undefined;
  const res = await must(runner, name, actionRequest(action.id, pagePathFor(world, action), args, { cookie: world.writeSession, origin: world.origin }));
  return (parseActionOutcome(res)?.value as any)?.data;
}

/** Valid sweeps over every space type, sampler and pruner, with trials in every state. */
export async function buildWorld(runner: FuzzRunner, base: Omit<World, "writeSession" | "readSession" | "experiments" | "trials" | "failedTrials" | "shareTokens" | "revokedShareTokens">): Promise<World> {
  const world: World = { ...base, writeSession: "", readSession: "", experiments: [], trials: [], failedTrials: [], shareTokens: [], revokedShareTokens: [] };
  world.writeSession = await signIn(runner, world, world.writeToken);
  world.readSession = await signIn(runner, world, world.readToken);
  const configs: Array<[unknown, unknown]> = [...SAMPLERS.map((s) => [FULL_SPACE, s] as [unknown, unknown]), ...GRID_SAMPLERS.map((s) => [GRID_SPACE, s] as [unknown, unknown])];
  for (const [n, [space, sampler]] of configs.entries()) {
    const pruner = PRUNERS[n % PRUNERS.length];
    const res = await must(runner, `create sweep ${n}`, v1("POST", "/experiments", world.writeToken, { name: `fuzz valid ${n}`, description: "seeded", space, objective: { metric: "loss", direction: n % 2 ? "maximize" : "minimize" }, sampler, pruner, seed: n, maxRetries: 1 }));
    const id = parseJsonBody(res).experiment.id as number;
    world.experiments.push(id);
    for (let t = 0; t < 4; t++) {
      const ask = await must(runner, "ask", v1("POST", `/experiments/${id}/trials`, world.writeToken, t === 0 ? undefined : { workerId: `w${t}` }));
      const trialId = parseJsonBody(ask).trial.id as number;
      world.trials.push(trialId);
      const points = Array.from({ length: 6 }, (_, step) => ({ name: "loss", step, value: 1 / (step + 1 + t) }));
      await must(runner, "report", v1("POST", `/trials/${trialId}/metrics`, world.writeToken, { points }));
      if (t === 0) await must(runner, "complete", v1("POST", `/trials/${trialId}/complete`, world.writeToken, { value: 0.5, userAttrs: { note: "ok" } }));
      if (t === 1) await must(runner, "prune", v1("POST", `/trials/${trialId}/prune`, world.writeToken, { step: 5 }));
      if (t === 2) {
        await must(runner, "fail", v1("POST", `/trials/${trialId}/fail`, world.writeToken, { error: "boom" }));
        world.failedTrials.push(trialId);
      }
    }
    await must(runner, "enqueue", v1("POST", `/experiments/${id}/enqueue`, world.writeToken, { params: space === GRID_SPACE ? GRID_PARAMS : FULL_PARAMS }));
  }
  for (const id of world.experiments.slice(0, 3)) {
    const made = await callAction(runner, world, "createShareLinkAction", [{ id, viewState: { smoothing: 0.5 }, expiresInHours: null }]);
    if (made?.path) world.shareTokens.push(String(made.path).split("/s/")[1]!);
  }
  const doomed = await callAction(runner, world, "createShareLinkAction", [{ id: world.experiments[0], viewState: {}, expiresInHours: 1 }]);
  if (doomed?.link) {
    await callAction(runner, world, "revokeShareLinkAction", [{ id: world.experiments[0], linkId: doomed.link.id }]);
    world.revokedShareTokens.push(String(doomed.path).split("/s/")[1]!);
  }
  if (world.shareTokens.length === 0) throw new Error("setup made no share link: createShareLinkAction changed, update the fuzz test");
  return world;
}

/** A value for a dynamic segment: mostly an id that exists, sometimes one that cannot. */
export function segmentValue(rng: Rng, world: World, pattern: string, name: string): string {
  if (rng.chance(0.25)) return rng.pick(BOGUS_SEGMENTS);
  if (name === "token") return rng.pick([...world.shareTokens, ...world.revokedShareTokens]);
  if (name === "number") return String(rng.int(0, 5));
  const before = pattern.split(`[${name}]`)[0] ?? "";
  // Unknown ids stay far above the attack sweeps' ids, which may crash the server on purpose.
  if (before.endsWith("/trials/")) return String(rng.chance(0.9) ? rng.pick(world.trials) : rng.int(1e6, 2e6));
  return String(rng.chance(0.9) ? rng.pick(world.experiments) : rng.int(1e6, 2e6));
}

export function fillRandom(rng: Rng, world: World, pattern: string): string {
  const values: Record<string, string> = {};
  for (const name of segmentNames(pattern)) values[name] = segmentValue(rng, world, pattern, name);
  return fillPattern(pattern, values);
}

/** A valid create body with a random space, sampler and pruner. */
export function validCreateBody(rng: Rng, name = "fuzz"): Record<string, unknown> {
  const grid = rng.chance(0.2);
  const pool = grid ? GRID_SPACE : FULL_SPACE;
  // A grid's given values name "i": keep it in every grid space.
  const keys = Object.keys(pool).filter((k) => (grid && k === "i") || rng.chance(0.6));
  const space = Object.fromEntries((keys.length ? keys : ["i"]).map((k) => [k, (pool as Record<string, unknown>)[k]]));
  const out: Record<string, unknown> = { name: `${name} ${rng.int(0, 1e6)}`, space, objective: { metric: rng.pick(["loss", "acc"]), direction: rng.pick(["minimize", "maximize"]) }, sampler: rng.pick(grid ? GRID_SAMPLERS : SAMPLERS), pruner: rng.pick(PRUNERS) };
  if (rng.chance(0.5)) out.seed = rng.int(0, 2 ** 31 - 1);
  if (rng.chance(0.3)) out.maxTrials = rng.int(1, 50);
  if (rng.chance(0.2)) out.maxParallel = rng.int(1, 5);
  if (rng.chance(0.2)) out.maxRetries = rng.int(0, 3);
  if (rng.chance(0.1)) out.heartbeatGraceSec = rng.int(5, 1000);
  if (rng.chance(0.1)) out.description = randomString(rng, 100);
  return out;
}

/** Valid JSON bodies per `METHOD pattern`; a route missing here gets random bodies only. */
export function validBody(rng: Rng, world: World, method: string, pattern: string): unknown {
  const key = `${method} ${pattern}`;
  switch (key) {
    case "POST /api/v1/experiments":
    case "POST /api/ui/preview":
      return validCreateBody(rng);
    case "POST /api/v1/experiments/[id]/status":
      return { action: rng.weighted([[4, "pause"], [4, "resume"], [1, "finish"], [1, "archive"], [2, "unarchive"]] as const) };
    case "POST /api/v1/experiments/[id]/budget":
      return { add: rng.int(1, 20) };
    case "POST /api/v1/experiments/[id]/enqueue":
      return { params: rng.chance(0.5) ? { ...FULL_PARAMS, u: rng.next() * 2 - 1, i: rng.int(1, 8), opt: "sgd", "opt.sgd.momentum": 0.5, "opt.sgd.nesterov": true } : { ...GRID_PARAMS, i: rng.int(1, 3) } };
    case "POST /api/v1/experiments/[id]/trials":
      return rng.chance(0.5) ? undefined : { workerId: randomString(rng, 20).slice(0, 200) };
    case "POST /api/v1/trials/[id]/metrics":
      return { points: Array.from({ length: rng.int(1, 20) }, () => ({ name: rng.pick(["loss", "acc", "val_loss"]), step: rng.int(0, 50), value: rng.chance(0.9) ? rng.next() : randomNumber(rng), ...(rng.chance(0.2) ? { wallTime: 1.7e9 + rng.int(0, 1e6) } : {}) })) };
    case "POST /api/v1/trials/[id]/complete":
      return rng.weighted<unknown>([
        [4, { value: rng.next() }],
        [1, { values: [rng.next()] }],
        [1, { value: rng.next(), userAttrs: { epoch: rng.int(0, 9), tag: randomString(rng, 10) } }],
      ]);
    case "POST /api/v1/trials/[id]/fail":
      return rng.chance(0.3) ? undefined : { error: randomString(rng, 200) };
    case "POST /api/v1/trials/[id]/prune":
      return rng.chance(0.5) ? undefined : { step: rng.int(0, 50) };
    case "PATCH /api/v1/experiments/[id]":
    case "PATCH /api/v1/trials/[id]":
      return rng.weighted<unknown>([
        [3, { note: randomString(rng, 300), tags: Array.from({ length: rng.int(0, 4) }, () => rng.pick(["baseline", "lr", "v1.2", "a:b", "x_y-z"])) }],
        [1, { tags: [randomString(rng, 12)] }],
        [1, { note: `# ${randomString(rng, 20)}\n\n**${randomString(rng, 10)}** [l](javascript:alert(1)) <script>x</script>` }],
        [1, {}],
      ]);
    case "POST /api/v1/workers": {
      const slots = rng.int(1, 4);
      return { name: `fuzz ${rng.int(0, 1e6)}`, host: randomString(rng, 20).replace(/[\u0000-\u001f\u007f]/g, "") || "h", slots, ...(rng.chance(0.5) ? { gpus: Array.from({ length: slots }, (_, i) => String(i)) } : {}) };
    }
    case "POST /api/v1/workers/[id]/heartbeat":
      return rng.chance(0.5) ? undefined : { ended: Array.from({ length: rng.int(0, 3) }, () => ({ assignment: rng.int(1, 40), exitCode: rng.int(0, 2) })) };
    case "POST /api/v1/experiments/[id]/launch":
      return { slots: rng.int(1, 4) };
    case "POST /api/v1/trials/[id]/command":
      return { argv: Array.from({ length: rng.int(1, 5) }, () => randomString(rng, 30)), cwd: `/work/${rng.int(0, 99)}`, host: randomString(rng, 20).replace(/[\u0000-\u001f\u007f]/g, "").trim() || "h" };
    case "POST /api/v1/trials/[id]/output":
      return { batch: rng.int(1, 40), lines: Array.from({ length: rng.int(0, 30) }, () => ({ stream: rng.pick(["stdout", "stderr"]), text: randomString(rng, rng.chance(0.05) ? 10_000 : 80), ...(rng.chance(0.3) ? { at: new Date(Date.now() - rng.int(0, 1e7)).toISOString() } : {}) })) };
    default:
      return undefined;
  }
}

/** Valid query strings per `GET pattern`. */
export function validQuery(rng: Rng, world: World, pattern: string): string {
  switch (pattern) {
    case "/api/v1/experiments":
    case "/api/ui/experiments": {
      const q = new URLSearchParams({ ...(rng.chance(0.6) ? { search: rng.pick(["fuzz", "valid", "%", "_", "\\", "'", "1"]) } : {}), ...(rng.chance(0.4) ? { archived: rng.pick(["true", "false"]) } : {}) });
      // Tag filters: one or several (at most 5 are allowed: 6 must be a 422), including ones that look like SQL or JSON.
      for (let i = rng.chance(0.5) ? rng.int(1, 6) : 0; i > 0; i--) q.append("tag", rng.pick(["fuzz", "baseline", "a:b", "x'--", '"]', "%", "lr"]));
      return q.toString();
    }
    case "/api/v1/experiments/[id]/trials":
      return new URLSearchParams({ ...(rng.chance(0.5) ? { cursor: String(rng.int(-1, 40)) } : {}), limit: String(rng.int(1, 100)), ...(rng.chance(0.5) ? { state: rng.pick(["complete", "complete,pruned", "failed,running,waiting"]) } : {}), order: rng.pick(["asc", "desc"]) }).toString();
    case "/api/v1/experiments/[id]/export":
      return `format=${rng.pick(["csv", "json"])}`;
    case "/api/v1/trials/[id]/output":
    case "/api/ui/trials/[id]/output":
      return rng.chance(0.5) ? "" : new URLSearchParams({ after: String(rng.int(-1, 60)), limit: String(rng.int(1, 100)) }).toString();
    case "/api/v1/trials/[id]/metrics":
      return new URLSearchParams({ ...(rng.chance(0.7) ? { name: rng.pick(["loss", "acc", "nope"]) } : {}), ...(rng.chance(0.4) ? { afterStep: String(rng.int(-1, 10)) } : {}), limit: String(rng.int(1, 100)) }).toString();
    case "/api/ui/experiments/[id]/scalars":
      return new URLSearchParams({ metric: rng.pick(["loss", "acc"]), trials: Array.from({ length: rng.int(1, 6) }, () => rng.pick(world.trials)).join(","), maxPoints: String(rng.int(10, 2000)) }).toString();
    case "/api/ui/experiments/[id]/trials":
      return rng.chance(0.5) ? "" : `since=${encodeURIComponent(new Date(Date.now() - rng.int(0, 1e7)).toISOString())}`;
    default:
      return "";
  }
}

/** Valid arguments per server action; an action missing here gets random arguments only. */
export function validActionArgs(rng: Rng, world: World, name: string): unknown[] | undefined {
  const exp = () => rng.pick(world.experiments);
  switch (name) {
    case "setArchivedAction":
      return [{ id: exp(), archived: rng.chance(0.3) }];
    case "changeStatusAction":
      return [{ id: exp(), action: rng.weighted([[4, "pause"], [5, "resume"], [1, "finish"], [1, "archive"], [2, "unarchive"]] as const) }];
    case "extendBudgetAction":
      return [{ id: exp(), add: rng.int(1, 10) }];
    case "enqueueTrialAction":
      return [{ id: exp(), params: rng.chance(0.5) ? { ...FULL_PARAMS, i: rng.int(1, 8) } : GRID_PARAMS }];
    case "retryTrialAction":
      return [{ trialId: rng.chance(0.7) ? rng.pick(world.failedTrials) : rng.pick(world.trials) }];
    case "createShareLinkAction":
      return [{ id: exp(), viewState: rng.chance(0.5) ? {} : { smoothing: rng.next(), brushes: { i: [1, 2] } }, expiresInHours: rng.pick([null, 1, 24, 8760]) }];
    case "listShareLinksAction":
      return [{ id: exp() }];
    case "revokeShareLinkAction":
      // Links 1-3 are the fuzz's own share links: leave them working.
      return [{ id: exp(), linkId: rng.int(5, 40) }];
    case "updateNotesAction":
      return [{ id: exp(), note: randomString(rng, 200), tags: rng.chance(0.8) ? ["fuzz", rng.pick(["a", "b.c", "d:e"])] : [randomString(rng, 10)] }];
    case "updateTrialNotesAction":
      return [{ id: rng.pick(world.trials), note: randomString(rng, 200), tags: ["fuzz"] }];
    case "launchAction":
      return [{ id: exp(), slots: rng.int(1, 3) }];
    case "recallLaunchAction":
      return [{ id: exp() }];
    case "createExperimentAction":
      return [validCreateBody(rng, "fuzz action")];
    case "createTokenAction":
      return [{ name: randomString(rng, 30).slice(0, 100) || "t", scopes: rng.pick([["read"], ["read", "write"], ["write"]]) }];
    case "revokeTokenAction":
      // Tokens 1 and 2 are the fuzz's own write and read tokens.
      return [{ id: rng.int(3, 40) }];
    case "signInAction":
      return [{ error: null }, new FormArg({ token: rng.pick([world.readToken, `sb_${"x".repeat(40)}`, "", randomString(rng, 50)]) })];
    case "signOutAction":
      return [];
    default:
      return undefined;
  }
}

/** A probe's label: method, route pattern and what it tries. */
export function probe(label: string, req: RawRequest): Probe {
  return { label, req };
}
