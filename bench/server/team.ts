// Benchmark: a team's server. Many agents on one sweep, split over one or two instances of the production server
// on one PostgreSQL database.
//
//   npx tsx bench/server/team.ts [--clients 32] [--trials 640] [--steps 100] [--batch 10] [--instances 1,2]
//                                [--sampler tpe] [--mode sim|agent] [--quick]
//
// Mode "sim" (default): `clients` concurrent protocol clients in this process doing the agent's loop for a fast
// command: ask, `steps` points in reports of `batch` points (the agent batches what a run prints), complete;
// connection errors and 5xx retried with backoff like the agent. Client c talks to instance c mod N. Each
// remembers what the server acknowledged (the `stored` of every 200 answer), so lost points are counted
// exactly. Mode "agent": `clients` processes of the real agent CLI (--quiet, a shell loop printing `steps` lines),
// split over the instances the same way; lost points are then complete trials' missing points.
// For each instance count: a fresh database (bench/server/common.ts benchPostgres: DATABASE_URL's server or a
// throwaway durable cluster), the servers started on it and warmed up, one sweep with maxTrials = --trials.
// Afterwards, straight from PostgreSQL: duplicate and missing trial numbers, trials beyond the budget, points
// stored per trial against those acknowledged.

import { spawn } from "node:child_process";
import pg from "pg";
import { Api, banner, benchPostgres, finishLine, flag, floatSweep, fmt, int, numberOption, option, scanServerLog, startServer, treeCpuSeconds, verdict, type BenchPostgres, type BenchServer } from "./common";

const quick = flag("quick");
const clients = Math.round(numberOption("clients", quick ? 8 : 32));
const trials = Math.round(numberOption("trials", quick ? 80 : 640));
const steps = Math.round(numberOption("steps", 100));
const batch = Math.round(numberOption("batch", 10));
const instanceCounts = (option("instances") ?? "1,2").split(",").map(Number);
const sampler = option("sampler") ?? "tpe";
const mode = option("mode") ?? "sim";
if (mode !== "sim" && mode !== "agent") throw new Error(`--mode must be sim or agent, got "${mode}"`);
if (instanceCounts.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("--instances takes a list of positive integers, e.g. 1,2");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Counters {
  /** Points acknowledged per trial id. */
  acked: Map<number, number>;
  trialsDone: number;
  retried: number;
  networkErrors: number;
  refusals: Map<string, number>;
}

/** One call with the agent's patience: connection errors, 5xx, 429 retried with capped backoff. */
async function call(api: Api, counters: Counters, method: string, path: string, body: object | string, endpoint: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      const a = await api.request(method, path, body, endpoint);
      if (a.status < 500 && a.status !== 429) return a;
    } catch {
      counters.networkErrors++;
    }
    counters.retried++;
    await sleep(Math.min(5_000, 100 * 2 ** attempt));
  }
}

/** The agent's loop for a fast command, until the sweep's budget is spent. */
async function simClient(api: Api, experimentId: number, worker: string, counters: Counters): Promise<void> {
  for (;;) {
    const a = await call(api, counters, "POST", `/experiments/${experimentId}/trials`, { workerId: worker }, "POST ask");
    if (a.status !== 201) {
      const code = String(a.body?.error?.code ?? a.status);
      counters.refusals.set(code, (counters.refusals.get(code) ?? 0) + 1);
      if (code === "budget_exhausted" || code === "experiment_not_running") return;
      throw new Error(`${worker}: ask answered ${a.status}: ${JSON.stringify(a.body)}`);
    }
    const trial = a.body.trial as { id: number; params: Record<string, number> };
    const value = Number(trial.params.x0);
    counters.acked.set(trial.id, 0);
    for (let from = 0; from < steps; from += batch) {
      const points = Array.from({ length: Math.min(batch, steps - from) }, (_, i) => ({ name: "loss", step: from + i, value: value + 1 / (from + i + 1) }));
      const m = await call(api, counters, "POST", `/trials/${trial.id}/metrics`, { points }, "POST metrics");
      if (m.status !== 200) throw new Error(`${worker}: metrics answered ${m.status}: ${JSON.stringify(m.body)}`);
      counters.acked.set(trial.id, counters.acked.get(trial.id)! + Number(m.body.stored));
    }
    const c = await call(api, counters, "POST", `/trials/${trial.id}/complete`, { value }, "POST complete");
    if (c.status !== 200) throw new Error(`${worker}: complete answered ${c.status}: ${JSON.stringify(c.body)}`);
    counters.trialsDone++;
  }
}

// `$SWEEPBOARD_PARAM_X0` without braces: the agent would read `${...}` as one of its placeholders.
const STEP_SCRIPT = `i=0; while [ $i -lt ${steps} ]; do echo "step=$i loss=$SWEEPBOARD_PARAM_X0"; i=$((i+1)); done`;

function agentProcess(server: BenchServer, experimentId: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/sweepboard.mjs", "agent", String(experimentId), "--url", server.url, "--token", server.token, "--quiet", "--", "sh", "-c", STEP_SCRIPT], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, SWEEPBOARD_URL: "", SWEEPBOARD_TOKEN: "" },
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
}

interface Row {
  id: number;
  number: number;
  state: string;
  retryOfId: number | null;
  points: number;
}

async function runTeam(pgServer: BenchPostgres, instances: number): Promise<{ lines: string[]; ok: boolean }> {
  const url = await pgServer.createDatabase(`sweepboard_team_${process.pid}_${instances}`);
  const servers = await Promise.all(Array.from({ length: instances }, () => startServer({ env: { DATABASE_URL: url } })));
  const perInstance = Math.ceil(clients / instances) + 2;
  const apis = servers.map((s) => new Api(s.url, s.token, perInstance));
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  try {
    // Warm-up on a throwaway sweep, on every instance: route modules loaded, V8 past its first requests.
    const warmCounters: Counters = { acked: new Map(), trialsDone: 0, retried: 0, networkErrors: 0, refusals: new Map() };
    const warm = (await apis[0]!.ok("POST", "/experiments", floatSweep("warm-up", 5, { sampler, maxTrials: 20 * instances }))).experiment.id as number;
    await Promise.all(apis.map((api, i) => simClient(api, warm, `warm-${i}`, warmCounters)));
    for (const api of apis) {
      api.timings.clear();
      api.statuses.clear();
    }

    const id = (await apis[0]!.ok("POST", "/experiments", floatSweep(`team, ${instances} instance(s)`, 5, { sampler, maxTrials: trials }))).experiment.id as number;
    const counters: Counters = { acked: new Map(), trialsDone: 0, retried: 0, networkErrors: 0, refusals: new Map() };
    const cpu0 = servers.map((s) => treeCpuSeconds(s.pid));
    const t0 = performance.now();
    let agentLines: string[] = [];
    let agentsOk = true;
    if (mode === "sim") {
      await Promise.all(Array.from({ length: clients }, (_, c) => simClient(apis[c % instances]!, id, `sim-${c}`, counters)));
    } else {
      const runs = await Promise.all(Array.from({ length: clients }, (_, c) => agentProcess(servers[c % instances]!, id)));
      const bad = runs.filter((r) => r.code !== 0);
      const all = runs.map((r) => r.output).join("\n");
      agentsOk = bad.length === 0;
      agentLines = [`agents: ${clients} processes, ${bad.length} exited non-zero; lines mentioning HTTP 5xx: ${(all.match(/HTTP 5\d\d/g) ?? []).length}; warnings: ${(all.match(/warning/g) ?? []).length}`, ...bad.slice(0, 1).map((r) => `  first failing agent: ${r.output.trim().split("\n").slice(-5).join(" | ")}`)];
    }
    const wall = (performance.now() - t0) / 1000;
    const cpu = servers.map((s, i) => treeCpuSeconds(s.pid) - cpu0[i]!);

    const rows = (
      await sql.query(
        `SELECT t.id, t.number, t.state, t."retryOfId", COUNT(m.step)::int AS points
           FROM "Trial" t LEFT JOIN "MetricPoint" m ON m."trialId" = t.id
          WHERE t."experimentId" = $1 GROUP BY t.id ORDER BY t.number`,
        [id],
      )
    ).rows as Row[];
    const seen = new Map<number, number>();
    for (const r of rows) seen.set(r.number, (seen.get(r.number) ?? 0) + 1);
    const duplicates = [...seen.values()].filter((c) => c > 1).length;
    const missing = rows.length === 0 ? 0 : Array.from({ length: rows.length }, (_, n) => n).filter((n) => !seen.has(n)).length;
    const originals = rows.filter((r) => r.retryOfId === null).length;
    const complete = rows.filter((r) => r.state === "complete");
    const states = new Map<string, number>();
    for (const r of rows) states.set(r.state, (states.get(r.state) ?? 0) + 1);
    const storedById = new Map(rows.map((r) => [r.id, r.points]));
    // Lost: acknowledged but not stored (sim), or a complete trial's missing points (agents, whose acks we do not see).
    const lost = mode === "sim" ? [...counters.acked.entries()].reduce((s, [tid, n]) => s + Math.max(0, n - (storedById.get(tid) ?? 0)), 0) : complete.reduce((s, r) => s + Math.max(0, steps - r.points), 0);
    const stored = rows.reduce((s, r) => s + r.points, 0);
    const fivexx = apis.reduce((n, a) => n + a.count5xx(), 0);
    const scan = scanServerLog(servers.map((s) => s.log()).join("\n"));
    const ok = duplicates === 0 && missing === 0 && originals === trials && complete.length === trials && lost === 0 && fivexx === 0 && scan.unexpected === 0 && agentsOk;
    const lines = [
      `--- ${instances} instance(s), ${clients} ${mode === "sim" ? "simulated clients" : "agent processes"} (${mode === "sim" ? `client c on instance c mod ${instances}` : `agent c on instance c mod ${instances}`}) ---`,
      `wall ${fmt(wall)} s: ${fmt(complete.length / wall, 1)} trials/s, ${int(stored / wall)} points/s (${trials} trials x ${steps} points, reports of ${batch})`,
      `server CPU: ${cpu.map((c, i) => `instance ${i + 1} ${fmt(c)} s`).join(", ")} (${fmt((1000 * cpu.reduce((a, b) => a + b, 0)) / Math.max(1, complete.length))} ms per trial in all)`,
      `trials: ${rows.length} rows (${originals} originals, budget ${trials}), states ${[...states.entries()].map(([s, c]) => `${s} ${c}`).join(", ")}; duplicate numbers ${duplicates}, missing numbers ${missing}`,
      `points: ${int(stored)} stored${mode === "sim" ? `, ${int([...counters.acked.values()].reduce((a, b) => a + b, 0))} acknowledged` : ""}; lost ${lost}`,
      `HTTP ${mode === "sim" ? apis.map((a, i) => `instance ${i + 1}: ${a.statusLine()}`).join("; ") : "(agents: see below)"}; 5xx ${fivexx}; retried calls ${counters.retried} (network errors ${counters.networkErrors}); refusals ${[...counters.refusals.entries()].map(([k, v]) => `${k} ${v}`).join(", ") || "none"}`,
      ...agentLines,
      `server log: ${scan.unexpected} "unexpected error" lines`,
      ...(mode === "sim" ? apis.flatMap((a, i) => a.timingTable().map((l) => `  [instance ${i + 1}] ${l.trim()}`)) : []),
      `target: dense unique numbers, budget held, every trial complete, 0 lost points, 0 5xx -> ${verdict(ok)}`,
    ];
    return { lines, ok };
  } catch (error) {
    for (const s of servers) console.error(`server log (last 2000 characters):\n${s.log().slice(-2000)}`);
    throw error;
  } finally {
    await sql.end();
    for (const a of apis) a.close();
    await Promise.all(servers.map((s) => s.stop()));
  }
}

async function main(): Promise<void> {
  const pgServer = await benchPostgres();
  try {
    banner("Sweepboard team benchmark: many agents, one sweep, instances on one PostgreSQL", [
      `run: ${clients} ${mode === "sim" ? "simulated agent clients (one process, async, node:http keep-alive)" : "real agent CLI processes"}, one sweep of 5 uniform floats, sampler ${sampler}, maxTrials ${trials}, ${steps} points per trial in reports of ${batch}; instance counts ${instanceCounts.join(", ")}`,
      `servers: production build (server/main.ts), each on a fresh database on ${pgServer.label}, SWEEPBOARD_PG_POOL ${process.env.SWEEPBOARD_PG_POOL ?? 10}; clients, servers and PostgreSQL share the machine`,
    ]);
    const results: Array<{ lines: string[]; ok: boolean }> = [];
    for (const n of instanceCounts) {
      const r = await runTeam(pgServer, n);
      results.push(r);
      process.stderr.write(`${n} instance(s) done\n`);
    }
    console.log("");
    for (const r of results) for (const l of r.lines) console.log(l);
    console.log(finishLine());
    if (results.some((r) => !r.ok)) process.exitCode = 1;
  } finally {
    await pgServer.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
