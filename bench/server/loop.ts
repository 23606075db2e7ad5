// Benchmark 1: the ask / report x10 / tell loop over HTTP, ours vs Optuna 3.1 on its SQLite storage.
//
//   npx tsx bench/server/loop.ts [--trials 1000] [--quick] [--no-optuna] [--no-pruner] [--default] [--cpu-prof] [--pg]
//
// --pg: both on PostgreSQL, each arm on a fresh database of the same server: ours with DATABASE_URL, Optuna's
// RDBStorage through postgresql+psycopg2:// (DATABASE_URL's server when it is a postgresql:// URL, else a
// throwaway cluster started here, fsync on: bench/server/common.ts benchPostgres).
//
// One sequential client, a sweep of 5 uniform [0,1] floats, the default sampler (no "sampler" key),
// objective sum of squares. Each trial: POST ask, 10 POST /metrics of one point each (step 1..10,
// like Optuna's trial.report per step; the shouldPrune answer is read but the trial goes on, so both
// sides always do the same work), POST complete. Run from the repo root after `npm run build`.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Api, banner, benchPostgres, type BenchPostgres, finishLine, flag, floatSweep, fmt, mean, monotonicUs, numberOption, processCpuSeconds, quantile, scanServerLog, startServer, summariseProfiles, treeCpuSeconds, verdict } from "./common";

const PYTHON = process.env.SWEEPBOARD_BENCH_PYTHON ?? "/usr/bin/python3";
const OPTUNA_SCRIPT = fileURLToPath(new URL("./optuna_loop.py", import.meta.url));
const DIMS = 5;
const STEPS = 10;
const TARGET_RATIO = 5;

const quick = flag("quick");
const trials = Math.round(numberOption("trials", quick ? 100 : 1000));
const cpuProf = flag("cpu-prof");
/**
 * Trials run on a throwaway sweep before the timed one. The default, 200 (about 2,400 requests), measures a
 * server that has been running, as a team's is: V8 has optimised the hot path (a metric report costs about
 * twice as much in a process's first thousand requests). `--warmup 3` measures a server just started.
 */
const warmup = Math.round(numberOption("warmup", 200));
const onPg = flag("pg");
/** The PostgreSQL server of a --pg run, started in main. */
let pgServer: BenchPostgres | undefined;
let databases = 0;
/** A fresh database for the next arm on the --pg server. */
const nextDatabase = () => pgServer!.createDatabase(`sweepboard_loop_${process.pid}_${++databases}`);

interface TrialTiming {
  total: number;
  ask: number;
  metrics: number;
  complete: number;
  /** Server CPU ms in each phase (from /proc at 10 ms tick resolution: only averages mean anything). */
  cpuAsk: number;
  cpuMetrics: number;
  cpuComplete: number;
}

interface ArmResult {
  label: string;
  ms: number[];
  /** CPU ms per trial by window key "a-b": our server process, or the Optuna process. */
  cpu: Map<string, number>;
  parts?: TrialTiming[];
  note: string;
}

/** [from, to] 1-based inclusive windows that fit in the run. */
function windows(n: number): Array<[number, number]> {
  const all: Array<[number, number]> = [[1, 100], [91, 100], [491, 500], [991, 1000], [n - 9, n]];
  const seen = new Set<string>();
  return all.filter(([a, b]) => {
    const key = `${a}-${b}`;
    if (b > n || a < 1 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function windowMean(ms: number[], [a, b]: [number, number]): number {
  return mean(ms.slice(a - 1, b));
}

/**
 * Where a request's time goes, by difference: the same Next route answering 401 before any
 * database work (no token), 401 after one token look-up (unknown token), and a full authenticated
 * read (GET /trials/{id}: token lookup + trial read). Server CPU per request from /proc.
 */
async function probeFloor(url: string, token: string, pid: number, trialId: number): Promise<string[]> {
  const n = 300;
  const cases: Array<[string, Api, string, string]> = [
    ["401, no token (no DB work)", new Api(url, "", 1), "POST", `/trials/${trialId}/metrics`],
    ["401, unknown token (1 token look-up)", new Api(url, "sb_unknown_token_for_bench", 1), "POST", `/trials/${trialId}/metrics`],
    ["GET /trials/{id} (token + trial look-ups)", new Api(url, token, 1), "GET", `/trials/${trialId}`],
  ];
  const out = [`per-request floor on this server (${n} sequential requests each, after the timed run):`];
  for (const [label, api, method, path] of cases) {
    for (let i = 0; i < 20; i++) await api.request(method, path, method === "POST" ? "{}" : undefined);
    api.timings.clear();
    const cpu0 = treeCpuSeconds(pid);
    for (let i = 0; i < n; i++) await api.request(method, path, method === "POST" ? "{}" : undefined, "probe");
    const cpu = treeCpuSeconds(pid) - cpu0;
    const xs = api.timings.get("probe") ?? [];
    out.push(`  ${label.padEnd(44)} latency mean ${fmt(mean(xs))} ms, p50 ${fmt(quantile(xs, 0.5))} ms; server CPU ${fmt((1000 * cpu) / n)} ms/request; statuses ${api.statusLine()}`);
    api.close();
  }
  return out;
}

async function runOurs(label: string, extra: Record<string, unknown>, probe = false): Promise<ArmResult> {
  const profDir = cpuProf ? mkdtempSync(join(os.tmpdir(), "sweepboard-prof-")) : undefined;
  const server = await startServer({ cpuProfDir: profDir, env: pgServer ? { DATABASE_URL: await nextDatabase() } : {} });
  const api = new Api(server.url, server.token, 4);
  try {
    // Warm-up on a throwaway sweep: loads every route module once, as on a server that has been up.
    const warm = (await api.ok("POST", "/experiments", floatSweep("warm-up", DIMS, extra), "POST experiments")).experiment;
    for (let i = 0; i < warmup; i++) {
      const t = (await api.ok("POST", `/experiments/${warm.id}/trials`, {}, "warm-up")).trial;
      for (let step = 1; step <= STEPS; step++) await api.ok("POST", `/trials/${t.id}/metrics`, { points: [{ name: "loss", step, value: 1 / step }] }, "warm-up");
      await api.ok("POST", `/trials/${t.id}/complete`, { value: 1 }, "warm-up");
    }
    api.timings.clear();

    const exp = (await api.ok("POST", "/experiments", floatSweep(label, DIMS, { maxTrials: trials, ...extra }), "POST experiments")).experiment;
    const cpu0 = treeCpuSeconds(server.pid);
    const mono0 = monotonicUs();
    const wall0 = performance.now();
    const parts: TrialTiming[] = [];
    let wouldPrune = 0;
    let lastTrialId = 0;
    const ws = windows(trials);
    const cpuBefore = new Map<number, number>();
    const cpuAfter = new Map<number, number>();
    for (let i = 0; i < trials; i++) {
      if (ws.some(([a]) => a - 1 === i)) cpuBefore.set(i, treeCpuSeconds(server.pid));
      const c0 = processCpuSeconds(server.pid);
      const t0 = performance.now();
      const trial = (await api.ok("POST", `/experiments/${exp.id}/trials`, { workerId: "bench" }, "POST ask")).trial;
      const t1 = performance.now();
      const c1 = processCpuSeconds(server.pid);
      lastTrialId = trial.id;
      let f = 0;
      for (let d = 0; d < DIMS; d++) f += Number(trial.params[`x${d}`]) ** 2;
      for (let step = 1; step <= STEPS; step++) {
        const a = await api.ok("POST", `/trials/${trial.id}/metrics`, { points: [{ name: "loss", step, value: f + (STEPS - step) * 0.1 }] }, "POST metrics (1 pt)");
        if (a.shouldPrune) wouldPrune++;
      }
      const t2 = performance.now();
      const c2 = processCpuSeconds(server.pid);
      await api.ok("POST", `/trials/${trial.id}/complete`, { value: f }, "POST complete");
      const t3 = performance.now();
      const c3 = processCpuSeconds(server.pid);
      parts.push({ total: t3 - t0, ask: t1 - t0, metrics: t2 - t1, complete: t3 - t2, cpuAsk: 1000 * (c1 - c0), cpuMetrics: 1000 * (c2 - c1), cpuComplete: 1000 * (c3 - c2) });
      if (ws.some(([, b]) => b - 1 === i)) cpuAfter.set(i, treeCpuSeconds(server.pid));
      if ((i + 1) % 100 === 0) process.stderr.write(`${label}: ${i + 1} trials, last ${fmt(t3 - t0)} ms\n`);
    }
    const wall = (performance.now() - wall0) / 1000;
    const mono1 = monotonicUs();
    const serverCpu = treeCpuSeconds(server.pid) - cpu0;
    const scan = scanServerLog(server.log());
    const floor = probe ? await probeFloor(server.url, server.token, server.pid, lastTrialId) : [];
    const lines = [
      `${label}: ${trials} trials in ${fmt(wall)} s; server CPU ${fmt(serverCpu)} s (${fmt((1000 * serverCpu) / trials)} ms per trial); shouldPrune=true answers ${wouldPrune}; HTTP ${api.statusLine()}; server log: ${scan.unexpected} unexpected errors, ${scan.busy} busy/locked`,
      `${label}: client-side latency by endpoint over the whole run:`,
      ...api.timingTable(),
    ];
    lines.push(...floor);
    const profiles = await server.stop();
    if (profDir) {
      lines.push(...summariseProfiles(profiles, { fromUs: mono0, toUs: mono1 }));
      lines.push(`(profile kept in ${profDir}: open it in Chrome DevTools > Performance, or speedscope)`);
    }
    const cpu = new Map(ws.map(([a, b]) => [`${a}-${b}`, ((cpuAfter.get(b - 1)! - cpuBefore.get(a - 1)!) * 1000) / (b - a + 1)]));
    return { label, ms: parts.map((p) => p.total), cpu, parts, note: lines.join("\n") };
  } catch (error) {
    console.error(`server log (last 4000 characters):\n${server.log().slice(-4000)}`);
    throw error;
  } finally {
    api.close();
    await server.stop();
  }
}

async function runOptuna(): Promise<ArmResult> {
  const dir = mkdtempSync(join(os.tmpdir(), "sweepboard-optuna-"));
  // SQLAlchemy's dialect+driver spelling of the same PostgreSQL URL.
  const where = pgServer ? ["--storage", (await nextDatabase()).replace(/^postgres(ql)?:/, "postgresql+psycopg2:")] : ["--db", join(dir, "optuna.db")];
  const storageLabel = pgServer ? "RDB storage on PostgreSQL (psycopg2)" : "sqlite storage";
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [OPTUNA_SCRIPT, "--trials", String(trials), ...where, "--dims", String(DIMS), "--steps", String(STEPS)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => {
      err += d;
      process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`${PYTHON} ${OPTUNA_SCRIPT} exited with ${code}:\n${err}`));
      const r = JSON.parse(out) as { ms: number[]; cpu_ms: number[]; would_prune: number; optuna: string };
      const cpu = new Map(windows(trials).map((w) => [`${w[0]}-${w[1]}`, windowMean(r.cpu_ms, w)]));
      resolve({ label: `optuna ${r.optuna}`, ms: r.ms, cpu, note: `optuna ${r.optuna}: TPESampler(seed=0), default pruner (MedianPruner), ${storageLabel}; should_prune()=True answers ${r.would_prune}` });
    });
  });
}

async function main(): Promise<void> {
  if (onPg) pgServer = await benchPostgres();
  try {
    await runArms();
  } finally {
    await pgServer?.stop();
  }
}

async function runArms(): Promise<void> {
  banner(`Sweepboard loop benchmark: ask / report x10 / tell over HTTP${onPg ? ", on PostgreSQL" : ""}`, [
    `run: ${trials} sequential trials per arm, 1 client, ${DIMS} uniform floats, objective sum of squares, ${STEPS} single-point POST /metrics per trial`,
    `ours: production server (npm start's server/main.ts) on ${pgServer ? `a fresh database on ${pgServer.label}` : "a fresh temp SQLite DB (WAL)"}, node:http keep-alive client, ${warmup} warm-up trials on another sweep first${cpuProf ? ", server under --cpu-prof (slower)" : ""}`,
    `optuna: ${PYTHON}, optuna_loop.py, same loop, ${pgServer ? "RDBStorage on another fresh database of the same PostgreSQL (postgresql+psycopg2://)" : "SQLite storage in a temp file"}; arms run one after the other, never at once`,
  ]);
  const arms: ArmResult[] = [];
  // TPE against Optuna's TPESampler: the loop measures the server's data path, so both run the same kind of
  // sampler. The default (auto) serves this numeric sweep with the GP, whose model costs more per ask: --default.
  const ours = await runOurs("ours (tpe, no pruner)", { sampler: "tpe" }, !flag("no-probe"));
  arms.push(ours);
  if (!flag("no-pruner")) arms.push(await runOurs("ours (tpe) + median pruner", { sampler: "tpe", pruner: "median" }));
  if (flag("default")) arms.push(await runOurs("ours (default: auto, gp here)", {}));
  let optuna: ArmResult | undefined;
  if (!flag("no-optuna")) arms.push((optuna = await runOptuna()));

  console.log("");
  for (const a of arms) console.log(a.note);
  console.log("");
  const ws = windows(trials);
  const head = ["arm".padEnd(34), ...ws.map(([a, b]) => `trials ${a}-${b}`.padStart(17))].join("");
  console.log("ms per trial (mean over the window):");
  console.log(head);
  for (const a of arms) console.log([a.label.padEnd(34), ...ws.map((w) => fmt(windowMean(a.ms, w)).padStart(17))].join(""));
  console.log("ms per trial (median over the window; robust to bursts of other load on the machine):");
  for (const a of arms) console.log([a.label.padEnd(34), ...ws.map(([x, y]) => fmt(quantile(a.ms.slice(x - 1, y), 0.5)).padStart(17))].join(""));
  console.log("CPU ms per trial (ours: the server process only, from /proc; optuna: its process, time.process_time):");
  for (const a of arms) console.log([a.label.padEnd(34), ...ws.map(([x, y]) => fmt(a.cpu.get(`${x}-${y}`) ?? NaN).padStart(17))].join(""));
  for (const a of arms) {
    if (!a.parts) continue;
    console.log(`${a.label}: split ask / 10 x metrics / complete, ms:`);
    for (const w of ws) {
      const p = a.parts.slice(w[0] - 1, w[1]);
      console.log(`  trials ${w[0]}-${w[1]}: ask ${fmt(mean(p.map((x) => x.ask)))}, metrics ${fmt(mean(p.map((x) => x.metrics)))} (${fmt(mean(p.map((x) => x.metrics)) / STEPS)} per call), complete ${fmt(mean(p.map((x) => x.complete)))}`);
    }
    const half = a.parts.slice(Math.floor(a.parts.length / 2));
    console.log(
      `  server CPU per request, trials ${a.parts.length - half.length + 1}-${a.parts.length} (10 ms /proc ticks, averaged): ask ${fmt(mean(half.map((x) => x.cpuAsk)))} ms, metrics ${fmt(mean(half.map((x) => x.cpuMetrics)) / STEPS)} ms per 1-point call, complete ${fmt(mean(half.map((x) => x.cpuComplete)))} ms`,
    );
  }
  if (optuna) {
    console.log("");
    console.log(`ratio Optuna / ours (target: ours at least ${TARGET_RATIO}x faster):`);
    for (const a of arms.filter((x) => x.parts)) {
      const cells = ws.map((w) => {
        const r = windowMean(optuna.ms, w) / windowMean(a.ms, w);
        return `${w[0]}-${w[1]}: ${fmt(r, 1)}x`;
      });
      const targetWindows = ws.filter(([x, y]) => (x === 91 && y === 100) || (x === 991 && y === 1000));
      const ok = targetWindows.length > 0 && targetWindows.every((w) => windowMean(optuna.ms, w) / windowMean(a.ms, w) >= TARGET_RATIO);
      console.log(`  ${a.label}: ${cells.join(", ")}  -> target (${targetWindows.map(([x, y]) => `${x}-${y}`).join(" and ") || "needs >= 100 trials"}) ${verdict(ok)}`);
    }
    console.log("CPU ratio Optuna process / our server process (less sensitive to other load on the machine; information only):");
    for (const a of arms.filter((x) => x.parts)) {
      console.log(`  ${a.label}: ${ws.map(([x, y]) => `${x}-${y}: ${fmt(optuna.cpu.get(`${x}-${y}`)! / a.cpu.get(`${x}-${y}`)!, 1)}x`).join(", ")}`);
    }
  }
  console.log(finishLine());
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
