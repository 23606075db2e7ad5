// Benchmark 3: many agents against one server: 32 agents x 50 trials x 100 steps.
//
//   npx tsx bench/server/concurrency.ts [--agents 32] [--count 50] [--steps 100] [--quick]
//                                       [--mode agent|sim] [--no-fallback] [--no-extra] [--cpu-prof]
//
// Mode "agent" (default) runs the REAL agent CLI: `agents` processes of
//   node bin/sweepboard.mjs agent <id> --count <count> --url <url> --token <token> --quiet -- sh -c '<100 lines "step=i loss=...">'
// against a sweep with maxTrials = agents x count, no parallel limit and the default sampler. Beside
// them run a few plain HTTP clients (two dashboard-like pollers and two writers on a second sweep)
// that count every 5xx themselves, since the agent retries 5xx silently. If the agent CLI fails,
// the failure is printed and mode "sim" runs as a clearly labelled fallback: in-process protocol
// clients that do what the agent does for a fast command (ask, one batch of `steps` points, complete).
// Afterwards: trial numbers (each of 0..N-1 exactly once), states, points per trial, in the SQLite
// file and through the API; 5xx seen by the plain clients, agent warnings, and the server log's
// "unexpected error" lines.

import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { Api, banner, finishLine, flag, monotonicUs, floatSweep, fmt, int, numberOption, option, scanServerLog, startServer, summariseProfiles, treeCpuSeconds, verdict, type BenchServer } from "./common";

const quick = flag("quick");
const agents = Math.round(numberOption("agents", quick ? 8 : 32));
const count = Math.round(numberOption("count", quick ? 5 : 50));
const steps = Math.round(numberOption("steps", 100));
const extra = !flag("no-extra");
const cpuProf = flag("cpu-prof");
const requestedMode = option("mode") ?? "agent";
if (requestedMode !== "agent" && requestedMode !== "sim") throw new Error(`--mode must be agent or sim, got "${requestedMode}"`);
const total = agents * count;

// `$SWEEPBOARD_PARAM_X0` without braces: the agent would read `${...}` as one of its placeholders.
const STEP_SCRIPT = `i=1; while [ $i -le ${steps} ]; do echo "step=$i loss=$SWEEPBOARD_PARAM_X0"; i=$((i+1)); done`;

interface AgentRun {
  code: number | null;
  signal: string | null;
  out: string;
  err: string;
  ms: number;
}

function runAgent(server: BenchServer, experimentId: number): Promise<AgentRun> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["bin/sweepboard.mjs", "agent", String(experimentId), "--count", String(count), "--url", server.url, "--token", server.token, "--quiet", "--", "sh", "-c", STEP_SCRIPT],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, SWEEPBOARD_URL: "", SWEEPBOARD_TOKEN: "" } },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", (e) => (err += `spawn error: ${e.message}\n`));
    child.on("close", (code, signal) => resolve({ code, signal, out, err, ms: performance.now() - t0 }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One simulated agent worker: ask, one batch of `steps` points, complete; 5xx retried like the agent. */
async function simClient(api: Api, experimentId: number, worker: string, stats: { retried: number; trials: number }): Promise<void> {
  const call = async (method: string, path: string, body: object, endpoint: string) => {
    for (let attempt = 0; ; attempt++) {
      const a = await api.request(method, path, body, endpoint);
      if (a.status < 500) return a;
      stats.retried++;
      await sleep(Math.min(10_000, 250 * 2 ** attempt));
    }
  };
  for (let n = 0; n < count; n++) {
    const a = await call("POST", `/experiments/${experimentId}/trials`, { workerId: worker }, "POST ask");
    if (a.status === 409 && a.body?.error?.code === "parallel_limit") {
      await sleep(1000);
      n--;
      continue;
    }
    if (a.status !== 201) throw new Error(`${worker}: ask answered ${a.status}: ${JSON.stringify(a.body)}`);
    const trial = a.body.trial;
    const value = Number(trial.params.x0);
    const points = Array.from({ length: steps }, (_, i) => ({ name: "loss", step: i + 1, value }));
    const m = await call("POST", `/trials/${trial.id}/metrics`, { points }, "POST metrics");
    if (m.status !== 200) throw new Error(`${worker}: metrics answered ${m.status}: ${JSON.stringify(m.body)}`);
    const c = await call("POST", `/trials/${trial.id}/complete`, { value }, "POST complete");
    if (c.status !== 200) throw new Error(`${worker}: complete answered ${c.status}: ${JSON.stringify(c.body)}`);
    stats.trials++;
  }
}

interface ExtraClients {
  stop(): Promise<void>;
  api: Api;
  sideExperiment: number;
  sideTrials: number;
  unexpected4xx: string[];
}

/** Two dashboard-like pollers on the main sweep, two writers on a side sweep; they count their own 5xx. */
async function startExtraClients(server: BenchServer, experimentId: number): Promise<ExtraClients> {
  const api = new Api(server.url, server.token, 8);
  const side = (await api.ok("POST", "/experiments", floatSweep("side writers", 2))).experiment.id as number;
  let running = true;
  const result: ExtraClients = { api, sideExperiment: side, sideTrials: 0, unexpected4xx: [], stop: async () => {} };
  const note4xx = (what: string, a: { status: number; body: any }) => {
    if (a.status >= 400 && a.status < 500) result.unexpected4xx.push(`${what} -> ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
  };
  const poller = async () => {
    while (running) {
      note4xx("GET experiment", await api.request("GET", `/experiments/${experimentId}`, undefined, "poll GET experiment"));
      note4xx("GET trials", await api.request("GET", `/experiments/${experimentId}/trials?limit=100&order=desc`, undefined, "poll GET trials"));
      await sleep(250);
    }
  };
  const writer = async (w: number) => {
    while (running) {
      const a = await api.request("POST", `/experiments/${side}/trials`, { workerId: `plain-${w}` }, "side ask");
      if (a.status !== 201) {
        if (a.status < 500) note4xx("side ask", a);
        await sleep(250);
        continue;
      }
      const id = a.body.trial.id;
      const points = Array.from({ length: steps }, (_, i) => ({ name: "loss", step: i + 1, value: i }));
      const m = await api.request("POST", `/trials/${id}/metrics`, { points }, "side metrics");
      if (m.status < 500) note4xx("side metrics", m);
      const c = await api.request("POST", `/trials/${id}/complete`, { value: 1 }, "side complete");
      if (c.status < 500) note4xx("side complete", c);
      result.sideTrials++;
      await sleep(50);
    }
  };
  const loops = [poller(), poller(), writer(1), writer(2)];
  result.stop = async () => {
    running = false;
    await Promise.all(loops);
  };
  return result;
}

interface Verification {
  lines: string[];
  ok: boolean;
}

async function verify(server: BenchServer, api: Api, experimentId: number): Promise<Verification> {
  const db = new Database(server.databaseFile, { readonly: true, fileMustExist: true });
  const rows = db
    .prepare(
      `SELECT t.id, t.number, t.state, t.retryOfId, COUNT(m.step) AS n, MIN(m.step) AS lo, MAX(m.step) AS hi
       FROM Trial t LEFT JOIN MetricPoint m ON m.trialId = t.id AND m.name = 'loss'
       WHERE t.experimentId = ? GROUP BY t.id ORDER BY t.number`,
    )
    .all(experimentId) as Array<{ id: number; number: number; state: string; retryOfId: number | null; n: number; lo: number | null; hi: number | null }>;
  const allPoints = (db.prepare("SELECT COUNT(*) AS n FROM MetricPoint m JOIN Trial t ON t.id = m.trialId WHERE t.experimentId = ?").get(experimentId) as { n: number }).n;
  const trialCount = (db.prepare("SELECT trialCount FROM Experiment WHERE id = ?").get(experimentId) as { trialCount: number }).trialCount;
  db.close();

  const byNumber = new Map<number, number>();
  for (const r of rows) byNumber.set(r.number, (byNumber.get(r.number) ?? 0) + 1);
  const duplicates = [...byNumber.entries()].filter(([, c]) => c > 1).map(([n]) => n);
  const missing: number[] = [];
  for (let n = 0; n < total; n++) if (!byNumber.has(n)) missing.push(n);
  const beyond = rows.filter((r) => r.number < 0 || r.number >= total).map((r) => r.number);
  const states = new Map<string, number>();
  for (const r of rows) states.set(r.state, (states.get(r.state) ?? 0) + 1);
  const complete = rows.filter((r) => r.state === "complete");
  const badPoints = complete.filter((r) => r.n !== steps || r.lo !== 1 || r.hi !== steps);
  const expectedPoints = complete.length * steps;
  const storedComplete = complete.reduce((s, r) => s + r.n, 0);

  // The same through the API.
  const listed = (await api.ok("GET", `/experiments/${experimentId}/trials?limit=10000`, undefined, "verify GET trials")).trials as Array<{ id: number; number: number; state: string }>;
  const apiNumbers = new Set(listed.map((t) => t.number));
  const apiComplete = listed.filter((t) => t.state === "complete");
  let apiPoints = 0;
  let apiBad = 0;
  for (let i = 0; i < apiComplete.length; i += 8) {
    const chunk = apiComplete.slice(i, i + 8);
    const answers = await Promise.all(chunk.map((t) => api.ok("GET", `/trials/${t.id}/metrics?name=loss`, undefined, "verify GET metrics")));
    for (const a of answers) {
      const n = (a.points as unknown[]).length;
      apiPoints += n;
      if (n !== steps) apiBad++;
    }
  }
  const exp = (await api.ok("GET", `/experiments/${experimentId}`, undefined, "verify GET experiment")).experiment;

  const ok = rows.length === total && duplicates.length === 0 && missing.length === 0 && beyond.length === 0 && badPoints.length === 0 && storedComplete === expectedPoints && apiPoints === expectedPoints && apiNumbers.size === total && apiBad === 0 && complete.length === total;
  const lines = [
    `trials (DB): ${rows.length} rows, experiment.trialCount ${trialCount}, states ${[...states.entries()].map(([s, c]) => `${s} ${c}`).join(", ")}`,
    `trial numbers: expected 0..${total - 1} once each; duplicate numbers ${duplicates.length}${duplicates.length ? ` (${duplicates.slice(0, 10).join(",")})` : ""}, missing numbers ${missing.length}${missing.length ? ` (${missing.slice(0, 10).join(",")})` : ""}, out of range ${beyond.length}`,
    `points of "loss" on complete trials: expected ${int(expectedPoints)} (${complete.length} x ${steps}), stored ${int(storedComplete)} (DB), ${int(apiPoints)} (API); complete trials with != ${steps} points or steps not 1..${steps}: ${badPoints.length} (DB), ${apiBad} (API); all points of the sweep in DB ${int(allPoints)}`,
    `API: ${listed.length} trials listed, ${apiNumbers.size} distinct numbers; GET experiment says trialsDone ${exp.trialsDone}, trialsRunning ${exp.trialsRunning}, status ${exp.status}`,
  ];
  if (badPoints.length) lines.push(`  e.g. ${badPoints.slice(0, 5).map((r) => `#${r.number}: ${r.n} points, steps ${r.lo}..${r.hi}`).join("; ")}`);
  return { lines, ok };
}

async function runMode(mode: "agent" | "sim", label: string): Promise<{ failed: boolean }> {
  console.log("");
  console.log(`--- ${label} ---`);
  const profDir = cpuProf ? mkdtempSync(join(os.tmpdir(), "sweepboard-prof-")) : undefined;
  const server = await startServer({ cpuProfDir: profDir });
  const api = new Api(server.url, server.token, 40);
  let failed = false;
  try {
    const exp = (await api.ok("POST", "/experiments", floatSweep(`concurrency ${mode}`, 5, { maxTrials: total }))).experiment;
    const extras = extra ? await startExtraClients(server, exp.id) : undefined;
    const cpu0 = treeCpuSeconds(server.pid);
    const mono0 = monotonicUs();
    const t0 = performance.now();
    let agentLines: string[] = [];
    if (mode === "agent") {
      const runs = await Promise.all(Array.from({ length: agents }, () => runAgent(server, exp.id)));
      const wall = (performance.now() - t0) / 1000;
      const bad = runs.filter((r) => r.code !== 0);
      const all = runs.map((r) => r.out + r.err).join("\n").split("\n");
      const warnings = all.filter((l) => l.includes("warning"));
      const retryWarnings = all.filter((l) => /retrying until the server answers/.test(l));
      const fivexx = all.filter((l) => /HTTP 5\d\d/.test(l));
      const trialFailed = all.filter((l) => /^\[w\d+\] trial \d+ (failed|ended on the server|interrupted)/.test(l));
      const summaries = runs.map((r) => (r.out.trim().split("\n").filter((l) => l.startsWith("sweepboard:")).pop() ?? "(no summary)"));
      agentLines = [
        `agents: ${agents} processes, exit codes ${[...new Set(runs.map((r) => r.code))].join(",")} (${bad.length} non-zero); per-agent time ${fmt(Math.min(...runs.map((r) => r.ms)) / 1000)}..${fmt(Math.max(...runs.map((r) => r.ms)) / 1000)} s`,
        `agent output: ${warnings.length} warning lines, ${retryWarnings.length} retry warnings, ${fivexx.length} lines mentioning HTTP 5xx, ${trialFailed.length} trials reported failed/lost`,
        `agent summary (first agent): ${summaries[0]}`,
        ...warnings.slice(0, 5).map((l) => `  warning: ${l.slice(0, 200)}`),
        ...trialFailed.slice(0, 5).map((l) => `  failed: ${l.slice(0, 200)}`),
      ];
      if (bad.length > 0) {
        failed = true;
        agentLines.push(`AGENT CLI FAILED: ${bad.length} of ${agents} agents exited non-zero; output of the first:`);
        for (const l of (bad[0]!.out + bad[0]!.err).trim().split("\n").slice(-25)) agentLines.push(`  | ${l}`);
      }
      agentLines.unshift(`wall time: ${fmt(wall)} s for ${total} trials (${fmt(total / wall, 1)} trials/s, ${int((total * steps) / wall)} points/s), including agent start-up`);
    } else {
      const stats = { retried: 0, trials: 0 };
      const results = await Promise.allSettled(Array.from({ length: agents }, (_, i) => simClient(api, exp.id, `sim-${i}`, stats)));
      const wall = (performance.now() - t0) / 1000;
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      agentLines = [
        `wall time: ${fmt(wall)} s for ${total} trials (${fmt(total / wall, 1)} trials/s, ${int((total * steps) / wall)} points/s)`,
        `simulated clients: ${agents}, trials done ${stats.trials}, 5xx retried ${stats.retried}, clients that gave up ${rejected.length}${rejected.length ? `: ${String(rejected[0]!.reason).slice(0, 300)}` : ""}`,
        `simulated clients' HTTP statuses: ${api.statusLine()}`,
        ...api.timingTable(),
      ];
      if (rejected.length) failed = true;
    }
    const serverCpu = treeCpuSeconds(server.pid) - cpu0;
    const mono1 = monotonicUs();
    await extras?.stop();
    const v = await verify(server, api, exp.id);
    const scan = scanServerLog(server.log());
    const plain5xx = extras?.api.count5xx() ?? 0;
    for (const l of agentLines) console.log(l);
    console.log(`server CPU: ${fmt(serverCpu)} s (${fmt((1000 * serverCpu) / total)} ms per trial)`);
    for (const l of v.lines) console.log(l);
    if (extras) {
      console.log(`plain HTTP clients (2 pollers, 2 writers on a side sweep: ${extras.sideTrials} trials): HTTP ${extras.api.statusLine()}; 5xx ${plain5xx}; unexpected 4xx ${extras.unexpected4xx.length}`);
      for (const l of extras.api.timingTable()) console.log(l);
      for (const l of extras.api.errors5xx.slice(0, 5)) console.log(`  5xx: ${l}`);
      for (const l of extras.unexpected4xx.slice(0, 5)) console.log(`  4xx: ${l}`);
      extras.api.close();
    }
    console.log(`server log: ${scan.unexpected} "unexpected error" lines, ${scan.busy} database locked/busy lines`);
    for (const l of scan.other.slice(0, 5)) console.log(`  log: ${l.slice(0, 200)}`);
    const clean = v.ok && plain5xx === 0 && scan.unexpected === 0 && scan.busy === 0 && !failed;
    console.log(`target: ${total} trials numbered 0..${total - 1} once each, all complete with ${steps} points each, no 5xx, no unexpected errors -> ${verdict(clean)}`);
    const profiles = await server.stop();
    if (profDir) {
      for (const l of summariseProfiles(profiles, { fromUs: mono0, toUs: mono1 })) console.log(l);
      console.log(`(profile kept in ${profDir}: open it in Chrome DevTools > Performance, or speedscope)`);
    }
  } catch (error) {
    console.error(`server log (last 4000 characters):\n${server.log().slice(-4000)}`);
    throw error;
  } finally {
    api.close();
    await server.stop();
  }
  return { failed };
}

async function main(): Promise<void> {
  banner("Sweepboard concurrency benchmark: many agents, one server", [
    `run: ${agents} agents x ${count} trials x ${steps} steps against one sweep (maxTrials ${total}, no parallel limit, default sampler, 5 uniform floats)`,
    `command per trial: sh -c '${STEP_SCRIPT}'`,
    `server: production build (next start) on a fresh temp SQLite DB (WAL); agents, server and checkers share the machine${extra ? "; plus 2 pollers + 2 writers (plain HTTP)" : ""}${cpuProf ? "; server under --cpu-prof (slower)" : ""}`,
  ]);
  if (requestedMode === "sim") {
    await runMode("sim", "MODE: SIMULATION (in-process protocol clients, NOT the agent CLI)");
    console.log(finishLine());
    return;
  }
  const r = await runMode("agent", "MODE: REAL AGENT CLI (node bin/sweepboard.mjs agent)");
  if (r.failed && !flag("no-fallback")) {
    await runMode("sim", "MODE: SIMULATION FALLBACK (in-process protocol clients, NOT the agent CLI), because the agent run failed");
  }
  console.log(finishLine());
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
