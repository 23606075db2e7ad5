// Sweepboard optimizer benchmark vs Optuna 3.1.0 (/work/shared/bench/SUITE.md, grown as issue 10 asks). `npm run bench:optimizer`.
//
//   npm run bench:optimizer                        full run: 30 seeds x 100 trials (multi-objective: 10 seeds), then the speed test
//   npm run bench:optimizer -- --quick             5 seeds x 50 trials (multi-objective: 3 seeds), fewer speed repetitions
//   npm run bench:optimizer -- --half decide       only the problems rules and constants are decided on
//   npm run bench:optimizer -- --problems branin,condhpo --seeds 10 --trials 50 --no-speed
//   flags: --problems a,b  --half decide|report  --seeds N  --mo-seeds N  --trials N  --quick  --cores N  --no-speed
//          --speed-only  --arms default,tpe,...  --optuna-arms tpe,random,...  --no-cache
//
// Every problem has a fixed half (problems.ts HALVES): decide rules and constants on "decide", report "report".
// Every table is printed per half; halves are never pooled.
//
// Quality: every (problem, arm, seed) is one job; jobs run in long-lived worker processes (Python harness for Optuna,
// ours-worker.ts for ours), at most --cores at a time. Optuna's results are cached on disk (bench/optimizer/.cache/optuna,
// keyed by the harness file's hash and Optuna's version, problem (+ table hash), arm, seed, trials): a second run only
// runs what is new. Speed runs afterwards, alone on the machine.
// Raw results and the printed summary go to bench/results/optimizer-<timestamp>/ (gitignored).

import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { SamplerConfig } from "../../lib/optimizer/types";
import { checkParity } from "./check-parity";
import { loadEngine } from "./engine";
import { ensureTables, tablePath } from "./hpo/tables";
import { type ArmScope, armRunsOn, OUR_ARMS, resolveArm, type RunResult, speedOurs } from "./ours";
import { type Half, FAMILIES, type Problem, PROBLEMS, SPEED_PROBLEM, SPEED_PROBLEM_MO } from "./problems";
import { HARNESS, PYTHON, runHarness } from "./python";
import { compareArms, type Comparison, failedShare, hypervolumeN, mean, median, regret, score } from "./stats";

const HALVES_ORDER: Half[] = ["decide", "report"];

/** THE table of Optuna arms (optuna_harness.py make_sampler). */
const OPTUNA_ARMS: Array<{ arm: string; col: string; label: string; scope: ArmScope }> = [
  { arm: "tpe", col: "O:tpe", label: "Optuna TPESampler()", scope: "single" },
  { arm: "tpe-mv", col: "O:tpe-mv", label: "Optuna TPESampler(multivariate=True), group=True on conditional problems", scope: "single" },
  { arm: "cmaes", col: "O:cmaes", label: "Optuna CmaEsSampler() (categoricals and conditional params: its independent sampler)", scope: "single" },
  { arm: "nsga2", col: "O:nsga2", label: "Optuna NSGAIISampler()", scope: "multi" },
  { arm: "mo-tpe", col: "O:mo-tpe", label: "Optuna TPESampler() on several directions (multi-objective TPE)", scope: "multi" },
  { arm: "random", col: "O:random", label: "Optuna RandomSampler()", scope: "both" },
];

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  problems: Problem[];
  seeds: number;
  moSeeds: number;
  trials: number;
  quick: boolean;
  cores: number;
  speed: boolean;
  quality: boolean;
  ourArms: string[];
  optunaArms: string[];
  cache: boolean;
}

function parseArgs(argv: string[]): Options {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value`);
    return v;
  };
  const valued = ["--problems", "--half", "--seeds", "--mo-seeds", "--trials", "--cores", "--arms", "--optuna-arms"];
  const known = new Set([...valued, "--quick", "--no-speed", "--speed-only", "--no-cache", "--help"]);
  for (const a of argv) if (a.startsWith("--") && !known.has(a)) throw new Error(`unknown flag ${a}; known: ${[...known].join(" ")}`);
  if (argv.includes("--help")) {
    console.log(`flags: ${[...known].join(" ")}\nour arms: ${OUR_ARMS.map((a) => a.arm).join(",")}\nOptuna arms: ${OPTUNA_ARMS.map((a) => a.arm).join(",")}`);
    process.exit(0);
  }
  const quick = argv.includes("--quick");
  const ids = get("--problems")?.split(",").filter(Boolean);
  let problems = ids ? ids.map((id) => PROBLEMS.find((p) => p.id === id) ?? fail(`unknown problem ${id}`)) : PROBLEMS;
  const half = get("--half");
  if (half !== undefined) {
    if (half !== "decide" && half !== "report") fail(`--half must be decide or report, got ${half}`);
    problems = problems.filter((p) => p.half === half);
  }
  const ourArms = get("--arms")?.split(",") ?? OUR_ARMS.map((a) => a.arm);
  for (const a of ourArms) if (!OUR_ARMS.some((x) => x.arm === a)) fail(`unknown arm ${a}; known: ${OUR_ARMS.map((x) => x.arm).join(",")}`);
  if (!ourArms.includes("default")) ourArms.unshift("default");
  const optunaArms = get("--optuna-arms")?.split(",") ?? OPTUNA_ARMS.map((a) => a.arm);
  for (const a of optunaArms) if (!OPTUNA_ARMS.some((x) => x.arm === a)) fail(`unknown Optuna arm ${a}; known: ${OPTUNA_ARMS.map((x) => x.arm).join(",")}`);
  return {
    problems,
    seeds: Number(get("--seeds") ?? (quick ? 5 : 30)),
    moSeeds: Number(get("--mo-seeds") ?? (quick ? 3 : 10)),
    trials: Number(get("--trials") ?? (quick ? 50 : 100)),
    quick,
    cores: Number(get("--cores") ?? Math.max(1, Math.min(os.cpus().length, 2))),
    speed: !argv.includes("--no-speed"),
    quality: !argv.includes("--speed-only"),
    ourArms,
    optunaArms,
    cache: !argv.includes("--no-cache"),
  };
}

function fail(msg: string): never {
  throw new Error(msg);
}

// ---------------------------------------------------------------------------------------------
// Output helpers

const out: string[] = [];
function say(line = "") {
  out.push(line);
  console.log(line);
}
function progress(line: string) {
  process.stderr.write(line + "\n");
}
function fmtDur(s: number): string {
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
}
function fmtR(v: number): string {
  if (Number.isNaN(v)) return "-";
  if (v === 0) return "0";
  if (v < 0.001) return v.toExponential(1);
  return v.toFixed(3);
}
const pct = (x: number) => (Number.isNaN(x) ? "-" : `${(100 * x).toFixed(1)}%`);
function table(header: string[], rows: string[][], align?: Array<"l" | "r">) {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (r: string[]) =>
    r.map((c, i) => ((align?.[i] ?? (i === 0 ? "l" : "r")) === "l" ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ");
  say(fmt(header));
  say(w.map((n) => "-".repeat(n)).join("  "));
  for (const r of rows) say(fmt(r));
}

// ---------------------------------------------------------------------------------------------
// Worker pool over long-lived line-protocol processes

interface Job {
  id: number;
  impl: "ours" | "optuna";
  problem: string;
  arm: string;
  seed: number;
  trials: number;
  cost: number;
}

class LineWorker {
  busy = false;
  private proc: ChildProcessWithoutNullStreams;
  private waiting: ((line: string) => void) | null = null;
  private stderr = "";

  constructor(cmd: string, args: string[]) {
    this.proc = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"], cwd: fileURLToPath(new URL("../..", import.meta.url)) });
    this.proc.stderr.setEncoding("utf8");
    this.proc.stderr.on("data", (c: string) => (this.stderr = (this.stderr + c).slice(-4000)));
    const rl = createInterface({ input: this.proc.stdout, crlfDelay: Infinity });
    rl.on("line", (line) => {
      const w = this.waiting;
      this.waiting = null;
      w?.(line);
    });
    this.proc.on("exit", (code) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(JSON.stringify({ error: `worker exited with ${code}: ${this.stderr}` }));
      }
    });
  }

  run(job: Job): Promise<RunResult> {
    this.busy = true;
    return new Promise((resolve) => {
      this.waiting = (line) => {
        this.busy = false;
        const r = JSON.parse(line) as RunResult & { error?: string };
        resolve({ ...r, impl: job.impl, problem: job.problem, arm: job.arm, seed: job.seed, trials: job.trials, values: r.values ?? [] });
      };
      this.proc.stdin.write(JSON.stringify(job) + "\n");
    });
  }

  close() {
    this.proc.stdin.end();
  }
}

async function runJobs(jobs: Job[], cores: number, onResult: (r: RunResult) => void): Promise<RunResult[]> {
  const queue = [...jobs].sort((a, b) => b.cost - a.cost); // longest first: short tail
  const workers: Record<Job["impl"], LineWorker[]> = { ours: [], optuna: [] };
  const spawnWorker = (impl: Job["impl"]) =>
    impl === "optuna"
      ? new LineWorker(PYTHON, [HARNESS, "serve"])
      : new LineWorker(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./ours-worker.ts", import.meta.url))]);
  const results: RunResult[] = [];
  const t0 = performance.now();
  let lastPrint = 0;
  let done = 0;
  const totalCost = queue.reduce((s, j) => s + j.cost, 0);
  let doneCost = 0;
  const slot = async () => {
    for (;;) {
      const job = queue.shift();
      if (!job) return;
      const pool = workers[job.impl];
      let w = pool.find((x) => !x.busy);
      if (!w) {
        w = spawnWorker(job.impl);
        pool.push(w);
      }
      const r = await w.run(job);
      results.push(r);
      onResult(r);
      done++;
      doneCost += job.cost;
      if (r.error) progress(`  ERROR ${job.impl}/${job.arm} ${job.problem} seed ${job.seed}: ${r.error.split("\n").slice(0, 3).join(" | ")}`);
      const el = (performance.now() - t0) / 1000;
      if (el - lastPrint > 10 || done === jobs.length) {
        lastPrint = el;
        const eta = doneCost > 0 ? (el * (totalCost - doneCost)) / doneCost : 0;
        progress(
          `  [${String(done).padStart(5)}/${jobs.length}] ${fmtDur(el)} elapsed, ~${fmtDur(eta)} left; last ${job.impl}/${job.arm} ${job.problem} seed ${job.seed} ${r.wall_s?.toFixed(2)}s`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: cores }, slot));
  for (const w of [...workers.ours, ...workers.optuna]) w.close();
  return results;
}

// ---------------------------------------------------------------------------------------------
// Optuna result cache

const CACHE_DIR = fileURLToPath(new URL("./.cache/optuna/", import.meta.url));
const sha = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");

class OptunaCache {
  private readonly root: string;
  private readonly tableHash = new Map<string, string>();
  constructor(
    harnessKey: string,
    private readonly enabled: boolean,
  ) {
    this.root = `${CACHE_DIR}${harnessKey}/`;
  }
  /** Where a result lives: the harness/Optuna key, the problem (HPO tables: + the table file's hash), arm, seed, trials. */
  path(p: Problem, arm: string, seed: number, trials: number): string {
    let pk = p.id;
    if (p.family === "hpo") {
      let h = this.tableHash.get(p.id);
      if (!h) {
        h = sha(readFileSync(tablePath(p.id))).slice(0, 12);
        this.tableHash.set(p.id, h);
      }
      pk = `${p.id}-${h}`;
    }
    return `${this.root}${pk}/${arm}/seed${seed}-trials${trials}.json`;
  }
  get(p: Problem, arm: string, seed: number, trials: number): RunResult | null {
    if (!this.enabled) return null;
    const f = this.path(p, arm, seed, trials);
    if (!existsSync(f)) return null;
    try {
      return JSON.parse(readFileSync(f, "utf8")) as RunResult;
    } catch {
      return null;
    }
  }
  put(p: Problem, r: RunResult) {
    if (r.error || r.values.length !== r.trials) return;
    const f = this.path(p, r.arm, r.seed, r.trials);
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, JSON.stringify(r));
  }
  get dir() {
    return this.root;
  }
}

// ---------------------------------------------------------------------------------------------
// Main

interface Arm {
  key: string; // "ours:default"
  impl: "ours" | "optuna";
  arm: string;
  col: string;
  label: string;
  scope: ArmScope;
  problems: Problem[];
  aliasOf?: string;
  config?: SamplerConfig;
}

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const started = new Date();
  const tStart = performance.now();
  const cpus = os.cpus();
  say(`Sweepboard optimizer benchmark vs Optuna — ${started.toISOString()}`);
  say(`machine: ${cpus[0]?.model ?? "?"} x ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}; node ${process.version}`);
  const ver = await runHarnessVersion();
  say(`python: ${PYTHON} (${ver}); workers in parallel: ${opt.cores}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);

  const built = await ensureTables(PYTHON, say);
  if (!built.length) say("HPO tables: all present (bench/optimizer/.cache/hpo)");
  const parity = await checkParity(false);
  say(parity.report[parity.report.length - 1]);
  if (!parity.ok) {
    console.error(parity.report.join("\n"));
    process.exit(1);
  }

  const { api } = await loadEngine();
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  const defaultConfig = api.DEFAULT_SAMPLER;
  const arms: Arm[] = [];
  say("");
  for (const a of OUR_ARMS) {
    if (!opt.ourArms.includes(a.arm)) continue;
    const cfg = resolveArm(api, a.arm);
    if (!cfg) {
      say(`arm ${a.arm}: not available in this build`);
      continue;
    }
    const alias = a.arm !== "default" && same(cfg, defaultConfig) ? "ours:default" : undefined;
    const problems = opt.problems.filter((p) => armRunsOn(a.scope, p));
    if (problems.length) arms.push({ key: `ours:${a.arm}`, impl: "ours", arm: a.arm, col: a.arm, label: a.label, scope: a.scope, problems, aliasOf: alias, config: cfg });
  }
  for (const o of OPTUNA_ARMS) {
    if (!opt.optunaArms.includes(o.arm)) continue;
    const problems = opt.problems.filter((p) => armRunsOn(o.scope, p));
    if (problems.length) arms.push({ key: `optuna:${o.arm}`, impl: "optuna", arm: o.arm, col: o.col, label: o.label, scope: o.scope, problems });
  }

  say("Arms (single = single-objective problems only, multi = multi-objective only):");
  for (const a of arms)
    say(
      `  ${a.col.padEnd(9)} ${a.scope.padEnd(6)} ${a.label}${a.config ? `: ${JSON.stringify(a.config)}` : ""}` +
        `${a.aliasOf ? "  (identical to DEFAULT_SAMPLER: results shared, not re-run)" : ""}`,
    );
  const halves = HALVES_ORDER.map((h) => `${h} ${opt.problems.filter((p) => p.half === h).length}`).join(", ");
  say(`Problems: ${opt.problems.length} (${halves}); families ${FAMILIES.map((f) => `${f} ${opt.problems.filter((p) => p.family === f).length}`).join(", ")}`);

  let results: RunResult[] = [];
  const summary: Record<string, unknown> = {
    date: started.toISOString(),
    machine: { cpu: cpus[0]?.model, cores: cpus.length },
    options: { ...opt, problems: opt.problems.map((p) => p.id) },
    halves: Object.fromEntries(opt.problems.map((p) => [p.id, p.half])),
  };

  if (opt.quality) {
    const cache = new OptunaCache(sha(readFileSync(HARNESS) + "\n" + ver).slice(0, 16), opt.cache);
    const jobs: Job[] = [];
    const cachedCount = new Map<string, number>();
    let id = 0;
    for (const a of arms) {
      if (a.aliasOf) continue;
      for (const p of a.problems) {
        const seeds = p.nObjectives > 1 ? opt.moSeeds : opt.seeds;
        for (let seed = 0; seed < seeds; seed++) {
          if (a.impl === "optuna") {
            const hit = cache.get(p, a.arm, seed, opt.trials);
            if (hit) {
              results.push(hit);
              cachedCount.set(a.key, (cachedCount.get(a.key) ?? 0) + 1);
              continue;
            }
          }
          const base =
            a.impl === "optuna"
              ? a.arm === "random"
                ? 0.1
                : a.arm === "cmaes" || a.arm === "nsga2"
                  ? 0.3
                  : 0.8 + 0.05 * p.dim + (p.nObjectives > 1 ? 1 : 0)
              : a.arm === "random"
                ? 0.05
                : 0.3;
          jobs.push({ id: id++, impl: a.impl, problem: p.id, arm: a.arm, seed, trials: opt.trials, cost: (base * opt.trials) / 100 });
        }
      }
    }
    say("");
    say(
      `Quality: ${opt.trials} trials per run; seeds 0..${opt.seeds - 1} on single-objective problems, 0..${opt.moSeeds - 1} on multi-objective ones ` +
        `(the same seed numbers for both implementations; streams differ, so runs are not paired)`,
    );
    for (const [k, n] of cachedCount) say(`  cached: ${k} ${n} runs from ${cache.dir}`);
    say(`  ${jobs.length} runs to do (${jobs.filter((j) => j.impl === "optuna").length} Optuna, ${jobs.filter((j) => j.impl === "ours").length} ours)`);
    const byId = new Map(opt.problems.map((p) => [p.id, p]));
    const tq = performance.now();
    results = results.concat(
      await runJobs(jobs, opt.cores, (r) => {
        if (r.impl === "optuna") cache.put(byId.get(r.problem)!, r);
      }),
    );
    const qualitySecs = (performance.now() - tq) / 1000;
    say(`quality runs took ${fmtDur(qualitySecs)}`);
    summary.qualitySeconds = qualitySecs;
    analyse(arms, opt, results, summary);
  }

  if (opt.speed) await speed(api, opt, summary);

  targets(summary, opt);
  const total = (performance.now() - tStart) / 1000;
  say("");
  say(`total run time ${fmtDur(total)}`);
  summary.totalSeconds = total;

  const stamp = started.toISOString().replace(/[:.]/g, "-").replace("T", "_").slice(0, 19);
  const dir = fileURLToPath(new URL(`../results/optimizer-${stamp}/`, import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}runs.jsonl`, results.map((r) => JSON.stringify(r)).join("\n") + "\n");
  writeFileSync(`${dir}summary.json`, JSON.stringify(summary, null, 2) + "\n");
  writeFileSync(`${dir}summary.txt`, out.join("\n") + "\n");
  say(`raw results: ${dir}{runs.jsonl,summary.json,summary.txt}`);
}

async function runHarnessVersion(): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn(PYTHON, ["-c", "import optuna, sys; print('Python', sys.version.split()[0], 'optuna', optuna.__version__)"]);
    let s = "";
    p.stdout.on("data", (c: Buffer) => (s += c.toString()));
    p.on("close", () => resolve(s.trim()));
  });
}

// ---------------------------------------------------------------------------------------------
// Analysis

interface Scores {
  /** half -> checkpoint -> score */
  byHalf: Record<string, Record<string, number>>;
  /** half -> family -> score at the last checkpoint */
  byFamily: Record<string, Record<string, number>>;
}

function analyse(arms: Arm[], opt: Options, results: RunResult[], summary: Record<string, unknown>) {
  const checkpoints = [25, 50, opt.trials].filter((k, i, a) => k <= opt.trials && a.indexOf(k) === i);
  const last = checkpoints.length - 1;
  const runsOf = (a: Arm, pid: string) =>
    results.filter((r) => `${r.impl}:${r.arm}` === (a.aliasOf ?? a.key) && r.problem === pid).sort((x, y) => x.seed - y.seed);
  const errors = results.filter((r) => r.error);
  let belowFStar = 0;

  // Regrets of the single-objective problems: arm key -> problem -> checkpoint -> regret per seed.
  const reg = new Map<string, Map<string, number[][]>>();
  for (const a of arms) {
    const m = new Map<string, number[][]>();
    for (const p of a.problems) {
      if (p.nObjectives > 1) continue;
      const runs = runsOf(a, p.id);
      m.set(
        p.id,
        checkpoints.map((k, ci) =>
          runs.map((r) => {
            let best = Infinity;
            for (const v of r.values.slice(0, k)) if (typeof v === "number" && v < best) best = v;
            if (best < p.fStar - 1e-12 && ci === last && !a.aliasOf) belowFStar++;
            return regret(r.error && r.values.length < k ? Infinity : best, p.fStar, p.clip);
          }),
        ),
      );
    }
    reg.set(a.key, m);
  }
  const soArms = arms.filter((a) => a.problems.some((p) => p.nObjectives === 1));
  const medianOf = (key: string, pid: string, c: number) => {
    const rs = reg.get(key)?.get(pid)?.[c];
    return rs && rs.length ? median(rs) : Number.NaN;
  };

  // Scores per half
  say("");
  say(`Normalised regret r = min(1, (best - f*)/(clip - f*)) (floored at 0); failed trials never count as best.`);
  say(`Score = 100 * (1 - mean over the half's single-objective problems of the mean over seeds of r) after ${checkpoints.join(" / ")} trials (higher is better).`);
  say(`Halves are scored apart: decide rules and constants on "decide" only; "report" is what we report.`);
  const scores: Record<string, Scores> = {};
  const halvesPresent = HALVES_ORDER.filter((h) => opt.problems.some((p) => p.half === h && p.nObjectives === 1));
  const header = ["arm", ...halvesPresent.flatMap((h) => checkpoints.map((k) => `${h}@${k}`)), "#prob", "s/run", "ms/ask"];
  const rows = soArms.map((a) => {
    const m = reg.get(a.key)!;
    const s: Scores = { byHalf: {}, byFamily: {} };
    const cells: string[] = [];
    for (const h of halvesPresent) {
      const ps = a.problems.filter((p) => p.half === h && p.nObjectives === 1);
      s.byHalf[h] = {};
      for (let c = 0; c < checkpoints.length; c++) {
        const v = ps.length ? score(ps.map((p) => m.get(p.id)![c]!)) : Number.NaN;
        s.byHalf[h]![checkpoints[c]!] = v;
        cells.push(Number.isNaN(v) ? "-" : v.toFixed(1));
      }
      s.byFamily[h] = {};
      for (const f of FAMILIES) {
        const fp = ps.filter((p) => p.family === f);
        if (fp.length) s.byFamily[h]![f] = score(fp.map((p) => m.get(p.id)![last]!));
      }
    }
    scores[a.key] = s;
    const runs = results.filter((r) => `${r.impl}:${r.arm}` === (a.aliasOf ?? a.key));
    const ask = a.impl === "ours" ? (1000 * mean(runs.map((r) => r.ask_s ?? 0))) / opt.trials : undefined;
    return [
      a.col + (a.aliasOf ? " (=default)" : ""),
      ...cells,
      String(a.problems.filter((p) => p.nObjectives === 1).length),
      mean(runs.map((r) => r.wall_s)).toFixed(2),
      ask === undefined ? "-" : ask.toFixed(2),
    ];
  });
  say("");
  table(header, rows);
  say("");
  say(`Score after ${opt.trials} trials by family and half`);
  const famCols = halvesPresent.flatMap((h) => FAMILIES.filter((f) => opt.problems.some((p) => p.half === h && p.family === f && p.nObjectives === 1)).map((f) => [h, f] as const));
  table(
    ["arm", ...famCols.map(([h, f]) => `${h}:${f}`)],
    soArms.map((a) => [a.col, ...famCols.map(([h, f]) => scores[a.key]?.byFamily[h]?.[f]?.toFixed(1) ?? "-")]),
  );
  summary.scores = scores;

  // Per problem: median regret of every arm, and default vs each Optuna arm (Holm within the half).
  const def = arms.find((a) => a.key === "ours:default")!;
  const optunaSo = soArms.filter((a) => a.impl === "optuna");
  const cmp = (ours: Arm, theirs: Arm, half: Half): Comparison[] => {
    const ps = theirs.problems.filter((p) => p.half === half && p.nObjectives === 1 && ours.problems.includes(p));
    return compareArms(
      ps.map((p) => p.id),
      ps.map((p) => reg.get(ours.key)!.get(p.id)![last]!),
      ps.map((p) => reg.get(theirs.key)!.get(p.id)![last]!),
    );
  };
  const comparisons: Record<string, Record<string, Record<string, Comparison[]>>> = {};
  for (const h of halvesPresent) {
    say("");
    say(
      `[${h}] median regret after ${opt.trials} trials (* = best in row) and default vs each Optuna arm: two-sided Mann-Whitney U on final regrets, ` +
        `Holm-corrected over the half's problems; W/L when p_Holm < 0.05 (direction from A12 = P(ours better) + ties/2), else tie (A12 shown)`,
    );
    const ps = opt.problems.filter((p) => p.half === h && p.nObjectives === 1);
    const cs = Object.fromEntries(optunaSo.map((o) => [o.key, cmp(def, o, h)]));
    table(
      ["problem", "family", ...soArms.map((a) => a.col), ...optunaSo.map((o) => `vs ${o.col}`)],
      ps.map((p) => {
        const vals = soArms.map((a) => (a.problems.includes(p) ? medianOf(a.key, p.id, last) : Number.NaN));
        const best = Math.min(...vals.filter((v) => !Number.isNaN(v)));
        return [
          p.id,
          p.family,
          ...vals.map((v) => (Number.isNaN(v) ? "-" : fmtR(v) + (v === best ? "*" : " "))),
          ...optunaSo.map((o) => {
            const c = cs[o.key]!.find((x) => x.problem === p.id);
            if (!c) return "-";
            return `${c.outcome === "tie" ? "tie " : c.outcome === "win" ? "WIN " : "LOSS"} ${c.a12.toFixed(2)}`;
          }),
        ];
      }),
      ["l", "l"],
    );
  }
  say("");
  say(`Wins/ties/losses per half (each of ours vs each Optuna arm, per problem, Holm-corrected Mann-Whitney at alpha 0.05, after ${opt.trials} trials)`);
  const ourSo = soArms.filter((a) => a.impl === "ours");
  table(
    ["ours \\ vs", ...halvesPresent.flatMap((h) => optunaSo.map((o) => `${h}:${o.col}`))],
    ourSo.map((a) => [
      a.col,
      ...halvesPresent.flatMap((h) =>
        optunaSo.map((o) => {
          const cs = cmp(a, o, h);
          ((comparisons[a.key] ??= {})[h] ??= {})[o.key] = cs;
          const n = (k: string) => cs.filter((c) => c.outcome === k).length;
          return `${n("win")}/${n("tie")}/${n("loss")}`;
        }),
      ),
    ]),
  );
  summary.comparisons = comparisons;

  // Multi-objective: hypervolume
  const moProblems = opt.problems.filter((p) => p.nObjectives > 1);
  const moArms = arms.filter((a) => a.problems.some((p) => p.nObjectives > 1));
  const hv: Record<string, Record<string, number[]>> = {};
  if (moProblems.length && moArms.length) {
    say("");
    say(
      `Multi-objective: hypervolume of all complete trials after ${opt.trials} trials (raw objectives, every one minimised), median over ${opt.moSeeds} seeds; ` +
        `reference point per problem; higher is better; * = best in row. vs = default vs that Optuna arm, Mann-Whitney on hypervolume, Holm within the half`,
    );
    for (const a of moArms)
      for (const p of a.problems.filter((q) => q.nObjectives > 1))
        (hv[a.key] ??= {})[p.id] = runsOf(a, p.id).map((r) =>
          hypervolumeN(
            r.values.filter((v): v is number[] => Array.isArray(v)),
            p.hvRef!,
          ),
        );
    const optunaMo = moArms.filter((a) => a.impl === "optuna" && a.scope === "multi");
    const hvCmp: Record<string, Record<string, Comparison[]>> = {};
    const rowsMo: string[][] = [];
    for (const h of HALVES_ORDER) {
      const ps = moProblems.filter((p) => p.half === h);
      if (!ps.length) continue;
      const cs = Object.fromEntries(
        optunaMo.map((o) => [
          o.key,
          compareArms(
            ps.map((p) => p.id),
            ps.map((p) => (hv[def.key]?.[p.id] ?? []).map((x) => -x)),
            ps.map((p) => (hv[o.key]?.[p.id] ?? []).map((x) => -x)),
          ),
        ]),
      );
      hvCmp[h] = cs;
      for (const p of ps) {
        const vals = moArms.map((a) => (hv[a.key]?.[p.id]?.length ? median(hv[a.key]![p.id]!) : Number.NaN));
        const best = Math.max(...vals.filter((v) => !Number.isNaN(v)));
        rowsMo.push([
          p.id,
          h,
          `(${p.hvRef!.join(", ")})`,
          ...vals.map((v) => (Number.isNaN(v) ? "-" : v.toFixed(4) + (v === best ? "*" : " "))),
          ...optunaMo.map((o) => {
            const c = cs[o.key]!.find((x) => x.problem === p.id)!;
            return `${c.outcome === "tie" ? "tie " : c.outcome === "win" ? "WIN " : "LOSS"} ${c.a12.toFixed(2)}`;
          }),
        ]);
      }
    }
    table(["problem", "half", "ref", ...moArms.map((a) => a.col + (a.aliasOf ? "(=def)" : "")), ...optunaMo.map((o) => `vs ${o.col}`)], rowsMo, ["l", "l", "l"]);
    summary.hypervolume = { perSeed: hv, comparisons: hvCmp, median: Object.fromEntries(Object.entries(hv).map(([k, m]) => [k, Object.fromEntries(Object.entries(m).map(([p, xs]) => [p, median(xs)]))])) };
  }

  // Failed share after start-up (trial 11 on): failing-region problems (and any other problem where trials failed).
  const failing = opt.problems.filter((p) => p.family === "failing" || results.some((r) => r.problem === p.id && r.values.some((v) => v === null)));
  if (failing.length) {
    say("");
    say(`Failed share of trials 11..${opt.trials} (mean over seeds), per arm; failing-region problems. Lower is better; target <= 15% (default)`);
    const fs: Record<string, Record<string, number>> = {};
    const armsF = arms.filter((a) => failing.some((p) => a.problems.includes(p)));
    table(
      ["problem", "half", ...armsF.map((a) => a.col)],
      failing.map((p) => [
        p.id,
        p.half,
        ...armsF.map((a) => {
          if (!a.problems.includes(p)) return "-";
          const v = mean(runsOf(a, p.id).map((r) => failedShare(r.values, 10)));
          (fs[a.key] ??= {})[p.id] = v;
          return pct(v);
        }),
      ]),
      ["l", "l"],
    );
    summary.failedShare = fs;
  }

  if (errors.length) {
    say("");
    say(`ERRORS: ${errors.length} runs failed (their missing trials count as regret 1):`);
    const byArm = new Map<string, RunResult[]>();
    for (const e of errors) byArm.set(`${e.impl}:${e.arm}`, [...(byArm.get(`${e.impl}:${e.arm}`) ?? []), e]);
    for (const [k, es] of byArm) say(`  ${k}: ${es.length} runs, e.g. ${es[0]!.problem} seed ${es[0]!.seed}: ${es[0]!.error?.split("\n")[0]}`);
  }
  if (belowFStar) say(`note: ${belowFStar} runs found a value below the stated f* (rounded published minima); their regret is floored at 0`);
  summary.errors = errors.length;
  summary.checkpoints = checkpoints;
}

// ---------------------------------------------------------------------------------------------
// Speed

async function speed(api: Awaited<ReturnType<typeof loadEngine>>["api"], opt: Options, summary: Record<string, unknown>) {
  const sizes = [100, 1000];
  const oursReps = opt.quick ? [20, 20] : [50, 50];
  const optReps = opt.quick ? [10, 5] : [30, 20];
  say("");
  say(
    `Speed: ms per suggestion (ask() only; objective and tell not timed), history pre-filled with N random complete trials; single-objective arms on ` +
      `${SPEED_PROBLEM} (10 floats), multi-objective arms on ${SPEED_PROBLEM_MO} (6 floats, 2 objectives); median (mean) over ` +
      `${oursReps.join("/")} asks for ours, ${optReps.join("/")} for Optuna at N = ${sizes.join("/")}; one untimed warm-up ask first`,
  );
  say(`load average before: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} (other processes on the machine make timings noisy)`);
  const rows: Record<string, number[][]> = {};
  const ourArms = OUR_ARMS.filter((a) => opt.ourArms.includes(a.arm));
  progress("  speed: ours ...");
  // Untimed warm-up of the JIT, so that the first arm measured is not the slowest for that reason alone.
  await speedOurs(api, SPEED_PROBLEM, api.DEFAULT_SAMPLER, 100, 10);
  for (const a of ourArms) {
    const cfg = resolveArm(api, a.arm);
    if (!cfg) continue;
    const probs = a.scope === "both" ? [SPEED_PROBLEM, SPEED_PROBLEM_MO] : a.scope === "single" ? [SPEED_PROBLEM] : [SPEED_PROBLEM_MO];
    for (const pid of probs) {
      const name = `${a.arm} (${pid})`;
      rows[name] = [];
      for (let i = 0; i < sizes.length; i++) rows[name].push((await speedOurs(api, pid, cfg, sizes[i]!, oursReps[i]!)).ask);
    }
  }
  progress("  speed: optuna ...");
  const optArms = OPTUNA_ARMS.filter((o) => opt.optunaArms.includes(o.arm));
  for (const pid of [SPEED_PROBLEM, SPEED_PROBLEM_MO]) {
    const mo = pid === SPEED_PROBLEM_MO;
    const list = optArms.filter((o) => o.scope === "both" || (o.scope === "multi") === mo);
    if (!list.length) continue;
    const py = (await runHarness(["speed", "--problem", pid, "--arms", list.map((o) => o.arm).join(","), "--sizes", sizes.join(","), "--reps", optReps.join(",")])) as Array<{
      arm: string;
      size: number;
      ms: number[];
    }>;
    for (const o of list) rows[`${o.col} (${pid})`] = sizes.map((s) => py.find((r) => r.arm === o.arm && r.size === s)?.ms ?? []);
  }
  const fmt = (ms: number[]) => (ms.length ? `${median(ms).toFixed(2)} (${mean(ms).toFixed(2)})` : "-");
  table(
    ["sampler (problem)", ...sizes.map((s) => `N=${s}`)],
    Object.entries(rows).map(([name, per]) => [name, ...per.map(fmt)]),
  );
  const ours = rows[`default (${SPEED_PROBLEM})`]!;
  const ratios: Record<string, number[]> = {};
  for (const name of [`O:tpe (${SPEED_PROBLEM})`, `O:tpe-mv (${SPEED_PROBLEM})`]) if (rows[name]) ratios[name] = sizes.map((_, i) => median(rows[name]![i]!) / median(ours[i]!));
  if (Object.keys(ratios).length)
    table(
      ["speed-up (Optuna / ours default)", ...sizes.map((s) => `N=${s}`)],
      Object.entries(ratios).map(([name, r]) => [`vs ${name}`, ...r.map((x) => `${x.toFixed(1)}x`)]),
    );
  say(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  summary.speed = {
    sizes,
    medianMs: Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.map((ms) => median(ms))])),
    raw: rows,
    ratios,
  };
}

// ---------------------------------------------------------------------------------------------
// Targets

function targets(summary: Record<string, unknown>, opt: Options) {
  say("");
  say("Targets (on the report half; the decide half is shown for information, never as the result)");
  const lines: Array<[string, boolean | null, string]> = [];
  const scores = summary.scores as Record<string, Scores> | undefined;
  const cps = summary.checkpoints as number[] | undefined;
  const lastK = cps?.[cps.length - 1];
  if (scores && lastK !== undefined) {
    for (const h of HALVES_ORDER) {
      const d = scores["ours:default"]?.byHalf[h]?.[lastK];
      const o = scores["optuna:tpe"]?.byHalf[h]?.[lastK];
      if (d === undefined || o === undefined) continue;
      lines.push([
        `[${h}] default score >= Optuna TPESampler() + 3 points after ${lastK} trials${lastK !== 100 ? " (the target is at 100)" : ""}`,
        h === "report" ? d >= o + 3 : null,
        `${d.toFixed(1)} vs ${o.toFixed(1)} (${d - o >= 0 ? "+" : ""}${(d - o).toFixed(1)})`,
      ]);
    }
    const comps = summary.comparisons as Record<string, Record<string, Record<string, Comparison[]>>>;
    for (const h of HALVES_ORDER) {
      const byArm = comps["ours:default"]?.[h];
      if (!byArm) continue;
      const losses = Object.entries(byArm).flatMap(([k, cs]) =>
        cs.filter((c) => c.outcome === "loss").map((c) => `${c.problem} vs ${k} (p_Holm ${c.pHolm.toPrecision(2)}, A12 ${c.a12.toFixed(2)})`),
      );
      lines.push([`[${h}] no problem significantly worse than any Optuna arm (default)`, h === "report" ? losses.length === 0 : null, losses.length ? losses.join("; ") : "0 losses"]);
    }
  }
  const hv = summary.hypervolume as { median: Record<string, Record<string, number>> } | undefined;
  if (hv?.median["ours:default"] && hv.median["optuna:mo-tpe"]) {
    const d = hv.median["ours:default"];
    const o = hv.median["optuna:mo-tpe"];
    const ids = Object.keys(d).filter((k) => k in o);
    const bad = ids.filter((k) => !(d[k]! >= o[k]!));
    lines.push([
      "median hypervolume (default) >= Optuna MO-TPE on every multi-objective problem",
      ids.length ? bad.length === 0 : null,
      ids.map((k) => `${k} ${d[k]!.toFixed(3)} vs ${o[k]!.toFixed(3)}`).join(", "),
    ]);
  }
  const fs = (summary.failedShare as Record<string, Record<string, number>> | undefined)?.["ours:default"];
  if (fs) {
    const ids = opt.problems.filter((p) => p.family === "failing" && p.id in fs).map((p) => p.id);
    lines.push(["failed share of trials 11 on <= 15% (default, every failing-region problem)", ids.length ? ids.every((k) => fs[k]! <= 0.15) : null, ids.map((k) => `${k} ${pct(fs[k]!)}`).join(", ")]);
  }
  const sp = summary.speed as { medianMs: Record<string, number[]>; ratios: Record<string, number[]> } | undefined;
  if (sp) {
    const ours1k = sp.medianMs[`default (${SPEED_PROBLEM})`]?.[1];
    const rs = Object.values(sp.ratios).map((r) => r[1]!);
    if (rs.length) lines.push(["ours >= 10x faster than Optuna TPE (default and mv) at N=1,000", Math.min(...rs) >= 10, `${Math.min(...rs).toFixed(1)}x (the smaller ratio)`]);
    if (ours1k !== undefined) lines.push(["ours < 5 ms per suggestion at N=1,000", ours1k < 5, `${ours1k.toFixed(2)} ms`]);
  }
  for (const [what, ok, detail] of lines) say(`  [${ok === null ? "info" : ok ? "met" : "NOT met"}] ${what}: ${detail}`);
  summary.targets = lines.map(([what, ok, detail]) => ({ what, met: ok, detail }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
