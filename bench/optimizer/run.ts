// Sweepboard optimizer benchmark vs Optuna 3.1.0 (/work/shared/bench/SUITE.md). `npm run bench:optimizer`.
//
//   npm run bench:optimizer                        full run: 30 seeds x 100 trials, every problem, then the speed test
//   npm run bench:optimizer -- --quick             5 seeds (and fewer speed repetitions)
//   npm run bench:optimizer -- --problems branin,condhpo --seeds 10 --trials 50 --no-speed
//   flags: --problems a,b  --seeds N  --trials N  --quick  --cores N  --no-speed  --speed-only  --arms default,tpe
//
// Quality: every (problem, arm, seed) is one job; jobs run in long-lived worker processes (Python harness for Optuna,
// ours-worker.ts for ours), at most --cores at a time. Speed runs afterwards, alone on the machine.
// Raw results and the printed summary go to bench/results/optimizer-<timestamp>/ (gitignored).

import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { SamplerConfig } from "../../lib/optimizer/types";
import { checkParity } from "./check-parity";
import { loadEngine } from "./engine";
import { OUR_ARMS, type RunResult, speedOurs } from "./ours";
import { type Problem, PROBLEMS, SPEED_PROBLEM } from "./problems";
import { HARNESS, PYTHON, runHarness } from "./python";
import { compareArms, type Comparison, mean, median, regret, score } from "./stats";

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  problems: Problem[];
  seeds: number;
  trials: number;
  quick: boolean;
  cores: number;
  speed: boolean;
  quality: boolean;
  ourArms: string[];
}

function parseArgs(argv: string[]): Options {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value`);
    return v;
  };
  const known = new Set(["--problems", "--seeds", "--trials", "--quick", "--cores", "--no-speed", "--speed-only", "--arms", "--help"]);
  for (const a of argv) if (a.startsWith("--") && !known.has(a)) throw new Error(`unknown flag ${a}; known: ${[...known].join(" ")}`);
  if (argv.includes("--help")) {
    console.log("flags: --problems a,b  --seeds N  --trials N  --quick  --cores N  --no-speed  --speed-only  --arms default,tpe,...");
    process.exit(0);
  }
  const quick = argv.includes("--quick");
  const ids = get("--problems")?.split(",").filter(Boolean);
  const problems = ids ? ids.map((id) => PROBLEMS.find((p) => p.id === id) ?? fail(`unknown problem ${id}`)) : PROBLEMS;
  const ourArms = get("--arms")?.split(",") ?? OUR_ARMS.map((a) => a.arm);
  for (const a of ourArms) if (!OUR_ARMS.some((x) => x.arm === a)) fail(`unknown arm ${a}`);
  if (!ourArms.includes("default")) ourArms.unshift("default");
  return {
    problems,
    seeds: Number(get("--seeds") ?? (quick ? 5 : 30)),
    trials: Number(get("--trials") ?? 100),
    quick,
    cores: Number(get("--cores") ?? Math.max(1, Math.min(os.cpus().length, 2))),
    speed: !argv.includes("--no-speed"),
    quality: !argv.includes("--speed-only"),
    ourArms,
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

async function runJobs(jobs: Job[], cores: number): Promise<RunResult[]> {
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
// Main

interface Arm {
  key: string; // "ours:default"
  impl: "ours" | "optuna";
  arm: string;
  col: string; // column label
  label: string;
  isTpe: boolean;
  problems: Problem[];
  aliasOf?: string;
}

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const started = new Date();
  const tStart = performance.now();
  const cpus = os.cpus();
  say(`Sweepboard optimizer benchmark vs Optuna — ${started.toISOString()}`);
  say(`machine: ${cpus[0]?.model ?? "?"} x ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}; node ${process.version}`);
  const [ver] = await runHarnessVersion();
  say(`python: ${PYTHON} (${ver}); workers in parallel: ${opt.cores}`);

  const parity = await checkParity(false);
  say(parity.report[parity.report.length - 1]);
  if (!parity.ok) {
    console.error(parity.report.join("\n"));
    process.exit(1);
  }

  const { api } = await loadEngine();
  const configs = new Map<string, SamplerConfig>();
  for (const a of OUR_ARMS) if (opt.ourArms.includes(a.arm)) configs.set(a.arm, a.config(api));
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

  const conditional = opt.problems.filter((p) => p.kind === "conditional");
  const arms: Arm[] = [];
  for (const a of OUR_ARMS) {
    if (!opt.ourArms.includes(a.arm)) continue;
    const cfg = configs.get(a.arm)!;
    const alias = a.arm !== "default" && same(cfg, configs.get("default")) ? "ours:default" : undefined;
    const isTpe = cfg.name === "tpe";
    arms.push({ key: `ours:${a.arm}`, impl: "ours", arm: a.arm, col: a.arm, label: a.label, isTpe, problems: opt.problems, aliasOf: alias });
  }
  arms.push({ key: "optuna:tpe", impl: "optuna", arm: "tpe", col: "O:tpe", label: "Optuna TPESampler()", isTpe: true, problems: opt.problems });
  if (conditional.length)
    arms.push({
      key: "optuna:tpe-mvg",
      impl: "optuna",
      arm: "tpe-mvg",
      col: "O:mvg",
      label: "Optuna TPESampler(multivariate=True, group=True), conditional problems only",
      isTpe: true,
      problems: conditional,
    });
  arms.push({ key: "optuna:random", impl: "optuna", arm: "random", col: "O:rand", label: "Optuna RandomSampler()", isTpe: false, problems: opt.problems });

  say("");
  say("Arms:");
  for (const a of arms) {
    const cfg = a.impl === "ours" ? configs.get(a.arm) : undefined;
    say(`  ${a.col.padEnd(8)} ${a.label}${cfg ? `: ${JSON.stringify(cfg)}` : ""}${a.aliasOf ? `  (identical to DEFAULT_SAMPLER: results shared, not re-run)` : ""}`);
  }
  say("  (grid sampler skipped: a grid is not meaningful at 100 trials on continuous problems)");

  let results: RunResult[] = [];
  const checkpoints = [25, 50, opt.trials].filter((k, i, a) => k <= opt.trials && a.indexOf(k) === i);
  const summary: Record<string, unknown> = { date: started.toISOString(), machine: { cpu: cpus[0]?.model, cores: cpus.length }, options: { ...opt, problems: opt.problems.map((p) => p.id) } };

  if (opt.quality) {
    const jobs: Job[] = [];
    let id = 0;
    for (const a of arms) {
      if (a.aliasOf) continue;
      for (const p of a.problems)
        for (let seed = 0; seed < opt.seeds; seed++) {
          const cost = a.impl === "optuna" ? (a.arm === "random" ? 0.1 : 0.8 + 0.05 * p.dim) : a.isTpe ? 0.3 : 0.05;
          jobs.push({ id: id++, impl: a.impl, problem: p.id, arm: a.arm, seed, trials: opt.trials, cost: (cost * opt.trials) / 100 });
        }
    }
    say("");
    say(`Quality: ${opt.problems.length} problems x ${opt.seeds} seeds x ${opt.trials} trials, ${jobs.length} runs (seeds 0..${opt.seeds - 1} for both)`);
    const tq = performance.now();
    results = await runJobs(jobs, opt.cores);
    const qualitySecs = (performance.now() - tq) / 1000;
    say(`quality runs took ${fmtDur(qualitySecs)}`);
    summary.qualitySeconds = qualitySecs;
    analyse(arms, opt, results, checkpoints, summary);
  }

  if (opt.speed) await speed(api, configs.get("default")!, opt, summary);

  targets(summary, arms);
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

async function runHarnessVersion(): Promise<string[]> {
  return new Promise((resolve) => {
    const p = spawn(PYTHON, ["-c", "import optuna, sys; print('Python', sys.version.split()[0], 'optuna', optuna.__version__)"]);
    let s = "";
    p.stdout.on("data", (c: Buffer) => (s += c.toString()));
    p.on("close", () => resolve([s.trim()]));
  });
}

// ---------------------------------------------------------------------------------------------
// Analysis

type Regrets = Map<string, Map<string, number[][]>>; // arm key -> problem -> checkpoint index -> regrets over seeds

function analyse(arms: Arm[], opt: Options, results: RunResult[], checkpoints: number[], summary: Record<string, unknown>) {
  const reg: Regrets = new Map();
  const errors = results.filter((r) => r.error);
  let belowFStar = 0;
  for (const a of arms) {
    const src = a.aliasOf ?? a.key;
    const m = new Map<string, number[][]>();
    for (const p of a.problems) {
      const runs = results.filter((r) => `${r.impl}:${r.arm}` === src && r.problem === p.id).sort((x, y) => x.seed - y.seed);
      m.set(
        p.id,
        checkpoints.map((k) =>
          runs.map((r) => {
            let best = Infinity;
            for (const v of r.values.slice(0, k)) if (v !== null && v < best) best = v;
            if (best < p.fStar - 1e-12 && k === checkpoints[checkpoints.length - 1] && !a.aliasOf) belowFStar++;
            return regret(r.error && r.values.length < k ? Infinity : best, p.fStar, p.clip);
          }),
        ),
      );
    }
    reg.set(a.key, m);
  }
  const last = checkpoints.length - 1;
  const medianOf = (key: string, pid: string, c: number) => {
    const rs = reg.get(key)?.get(pid)?.[c];
    return rs && rs.length ? median(rs) : Number.NaN;
  };

  say("");
  say(`Normalised regret r = min(1, (best - f*)/(clip - f*)) (floored at 0), median over seeds; * = best in row; lower is better.`);
  say(`Columns: ours = ${arms.filter((a) => a.impl === "ours").map((a) => a.col).join(", ")}; O:* = Optuna.`);
  const tables: Record<string, Record<string, Record<string, number>>> = {};
  for (let c = 0; c < checkpoints.length; c++) {
    say("");
    say(`Median regret after ${checkpoints[c]} trials`);
    const rows = opt.problems.map((p) => {
      const vals = arms.map((a) => (a.problems.includes(p) ? medianOf(a.key, p.id, c) : Number.NaN));
      const best = Math.min(...vals.filter((v) => !Number.isNaN(v)));
      tables[checkpoints[c]!] ??= {};
      tables[checkpoints[c]!]![p.id] = Object.fromEntries(arms.map((a, i) => [a.key, vals[i]!]));
      return [p.id, ...vals.map((v) => (Number.isNaN(v) ? "-" : fmtR(v) + (v === best ? "*" : " ")))];
    });
    const meanRow = [
      "mean r",
      ...arms.map((a) => {
        const v = mean(a.problems.map((p) => mean(reg.get(a.key)!.get(p.id)![c]!)));
        return fmtR(v) + " ";
      }),
    ];
    table(["problem", ...arms.map((a) => a.col + " ")], [...rows, meanRow]);
  }
  summary.medianRegret = tables;

  // Scores
  say("");
  say(`Scores = 100 * (1 - mean over problems of mean over seeds of r) after ${checkpoints[last]} trials (higher is better)`);
  const scores: Record<string, { all: number; conditional: number; problems: number; meanWallS: number; msPerAsk?: number }> = {};
  const condIds = opt.problems.filter((p) => p.kind === "conditional").map((p) => p.id);
  const scoreRows = arms.map((a) => {
    const m = reg.get(a.key)!;
    const all = score(a.problems.map((p) => m.get(p.id)![last]!));
    const cond = condIds.length ? score(condIds.map((id) => m.get(id)?.[last] ?? [])) : Number.NaN;
    const runs = results.filter((r) => `${r.impl}:${r.arm}` === (a.aliasOf ?? a.key));
    const wall = mean(runs.map((r) => r.wall_s));
    const ask = a.impl === "ours" ? (1000 * mean(runs.map((r) => r.ask_s ?? 0))) / opt.trials : undefined;
    scores[a.key] = { all, conditional: cond, problems: a.problems.length, meanWallS: wall, msPerAsk: ask };
    return [
      a.col,
      all.toFixed(1),
      String(a.problems.length),
      Number.isNaN(cond) ? "-" : cond.toFixed(1),
      wall.toFixed(2),
      ask === undefined ? "-" : ask.toFixed(2),
      a.label + (a.aliasOf ? " (= default)" : ""),
    ];
  });
  table(["arm", "score", "#prob", "score(cond)", "s/run", "ms/ask", "sampler"], scoreRows, ["l", "r", "r", "r", "r", "r", "l"]);
  summary.scores = scores;

  // Comparisons: ours default vs each Optuna arm (per problem), then W/T/L of every ours arm vs every Optuna arm.
  const optunaArms = arms.filter((a) => a.impl === "optuna");
  const ourArms = arms.filter((a) => a.impl === "ours");
  const cmp = (ours: Arm, theirs: Arm): Comparison[] => {
    const ps = theirs.problems.filter((p) => ours.problems.includes(p));
    return compareArms(
      ps.map((p) => p.id),
      ps.map((p) => reg.get(ours.key)!.get(p.id)![last]!),
      ps.map((p) => reg.get(theirs.key)!.get(p.id)![last]!),
    );
  };
  const def = arms.find((a) => a.key === "ours:default")!;
  const comparisons: Record<string, Record<string, Comparison[]>> = {};
  for (const o of optunaArms) {
    say("");
    say(`default vs ${o.col} (${o.label}): two-sided Mann-Whitney U on final regrets, Holm-corrected over ${o.problems.length} problems;`);
    say(`A12 = P(ours better) + ties/2 (> 0.5 favours ours); win/loss when p_Holm < 0.05`);
    const cs = cmp(def, o);
    table(
      ["problem", "median ours", `median ${o.col}`, "A12", "p", "p_Holm", "result"],
      cs.map((c) => [
        c.problem,
        fmtR(medianOf(def.key, c.problem, last)),
        fmtR(medianOf(o.key, c.problem, last)),
        c.a12.toFixed(2),
        c.p < 1e-4 ? c.p.toExponential(1) : c.p.toFixed(4),
        c.pHolm < 1e-4 ? c.pHolm.toExponential(1) : c.pHolm.toFixed(4),
        c.outcome === "tie" ? "tie" : c.outcome.toUpperCase(),
      ]),
    );
  }
  say("");
  say(`Wins/ties/losses (ours vs Optuna, per problem, Holm-corrected Mann-Whitney at alpha 0.05, after ${checkpoints[last]} trials)`);
  const wtl = ourArms.map((a) => [
    a.col,
    ...optunaArms.map((o) => {
      const cs = cmp(a, o);
      comparisons[a.key] ??= {};
      comparisons[a.key]![o.key] = cs;
      const n = (k: string) => cs.filter((c) => c.outcome === k).length;
      return `${n("win")}/${n("tie")}/${n("loss")}`;
    }),
  ]);
  table(["ours \\ vs", ...optunaArms.map((o) => o.col)], wtl);
  summary.comparisons = comparisons;

  // Ahead of random
  const ourRandom = arms.find((a) => a.key === "ours:random");
  if (ourRandom) {
    say("");
    say(`TPE vs random: mean final regret ratio (arm / ours:random; far ahead = <= 0.5) and significant losses vs ours:random`);
    const rows: string[][] = [];
    const ahead: Record<string, { ratio: number; losses: number }> = {};
    for (const a of arms.filter((x) => x.isTpe)) {
      const ps = a.problems;
      const mr = (k: string) => mean(ps.map((p) => mean(reg.get(k)!.get(p.id)![last]!)));
      const ratio = mr(a.key) / mr(ourRandom.key);
      const losses = a.impl === "ours" ? compareArmsLoss(a, ourRandom) : Number.NaN;
      ahead[a.key] = { ratio, losses };
      rows.push([a.col, ratio.toFixed(3), Number.isNaN(losses) ? "-" : String(losses)]);
    }
    table(["arm", "regret ratio", "losses vs random"], rows);
    summary.aheadOfRandom = ahead;
  }

  function compareArmsLoss(a: Arm, r: Arm): number {
    return cmp(a, r).filter((c) => c.outcome === "loss").length;
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
}

// ---------------------------------------------------------------------------------------------
// Speed

async function speed(api: Awaited<ReturnType<typeof loadEngine>>["api"], defaultConfig: SamplerConfig, opt: Options, summary: Record<string, unknown>) {
  const sizes = [100, 1000, 10000];
  const oursReps = opt.quick ? [20, 20, 10] : [50, 50, 20];
  const optReps = opt.quick ? [10, 10, 2] : [30, 30, 5];
  say("");
  say(
    `Speed: ms per suggestion (ask() only; objective and tell not timed) on ${SPEED_PROBLEM} (10 floats), history pre-filled with N random ` +
      `complete trials; median (mean) over ${oursReps.join("/")} asks for ours, ${optReps.join("/")} for Optuna at N = ${sizes.join("/")}; one untimed warm-up ask first`,
  );
  say(`load average before: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} (other processes on the machine make timings noisy)`);
  progress("  speed: ours ...");
  const oursCfgs: Array<[string, SamplerConfig]> = [["ours default", defaultConfig]];
  if (defaultConfig.name !== "tpe") oursCfgs.push(["ours tpe", api.parseSamplerConfig("tpe", {})]);
  const rows: Record<string, number[][]> = {};
  for (const [name, cfg] of oursCfgs) {
    rows[name] = [];
    rows[`${name}: suggest() only`] = [];
    for (let i = 0; i < sizes.length; i++) {
      const r = await speedOurs(api, SPEED_PROBLEM, cfg, sizes[i]!, oursReps[i]!);
      rows[name]!.push(r.ask);
      rows[`${name}: suggest() only`]!.push(r.suggest);
    }
  }
  progress("  speed: optuna ...");
  const py = (await runHarness([
    "speed",
    "--problem",
    SPEED_PROBLEM,
    "--arms",
    "tpe,tpe-mv",
    "--sizes",
    sizes.join(","),
    "--reps",
    optReps.join(","),
  ])) as Array<{ arm: string; size: number; ms: number[] }>;
  for (const [arm, name] of [
    ["tpe", "Optuna TPE"],
    ["tpe-mv", "Optuna TPE mv"],
  ] as const)
    rows[name] = sizes.map((s) => py.find((r) => r.arm === arm && r.size === s)?.ms ?? []);
  const fmt = (ms: number[]) => (ms.length ? `${median(ms).toFixed(2)} (${mean(ms).toFixed(2)})` : "-");
  table(
    ["sampler", ...sizes.map((s) => `N=${s}`)],
    Object.entries(rows).map(([name, per]) => [name, ...per.map(fmt)]),
  );
  const ours = rows["ours default"]!;
  const ratios: Record<string, number[]> = {};
  for (const name of ["Optuna TPE", "Optuna TPE mv"]) ratios[name] = sizes.map((_, i) => median(rows[name]![i]!) / median(ours[i]!));
  table(
    ["speed-up (Optuna / ours)", ...sizes.map((s) => `N=${s}`)],
    Object.entries(ratios).map(([name, r]) => [`vs ${name}`, ...r.map((x) => `${x.toFixed(1)}x`)]),
  );
  say(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  summary.speed = {
    problem: SPEED_PROBLEM,
    sizes,
    medianMs: Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.map((ms) => median(ms))])),
    raw: rows,
    ratios,
  };
}

// ---------------------------------------------------------------------------------------------
// Targets

function targets(summary: Record<string, unknown>, arms: Arm[]) {
  say("");
  say("Targets");
  const lines: Array<[string, boolean | null, string]> = [];
  const scores = summary.scores as Record<string, { all: number }> | undefined;
  if (scores) {
    const d = scores["ours:default"]!.all;
    const o = scores["optuna:tpe"]!.all;
    lines.push(["default score >= Optuna TPESampler() score", d >= o, `${d.toFixed(1)} vs ${o.toFixed(1)}`]);
    const comps = summary.comparisons as Record<string, Record<string, Comparison[]>>;
    const losses = Object.entries(comps["ours:default"] ?? {}).flatMap(([k, cs]) =>
      cs.filter((c) => c.outcome === "loss").map((c) => `${c.problem} vs ${k} (p_Holm ${c.pHolm.toPrecision(2)}, A12 ${c.a12.toFixed(2)})`),
    );
    lines.push(["no problem significantly worse than any Optuna arm (default)", losses.length === 0, losses.length ? losses.join("; ") : "0 losses"]);
    const ahead = summary.aheadOfRandom as Record<string, { ratio: number; losses: number }> | undefined;
    if (ahead) {
      const ours = arms.filter((a) => a.impl === "ours" && a.isTpe);
      const bad = ours.filter((a) => !(ahead[a.key]!.ratio <= 0.5 && ahead[a.key]!.losses === 0));
      lines.push([
        "every TPE arm far ahead of random (mean regret <= 0.5x ours:random, no significant loss)",
        ours.length ? bad.length === 0 : null,
        ours.map((a) => `${a.col} ${ahead[a.key]!.ratio.toFixed(2)}x`).join(", "),
      ]);
    }
  }
  const sp = summary.speed as { medianMs: Record<string, number[]>; ratios: Record<string, number[]> } | undefined;
  if (sp) {
    const ours1k = sp.medianMs["ours default"]![1]!;
    const r = Math.min(sp.ratios["Optuna TPE"]![1]!, sp.ratios["Optuna TPE mv"]![1]!);
    lines.push(["ours >= 10x faster than Optuna TPE (default and mv) at N=1,000", r >= 10, `${r.toFixed(1)}x (the smaller ratio)`]);
    lines.push(["ours < 5 ms per suggestion at N=1,000", ours1k < 5, `${ours1k.toFixed(2)} ms`]);
  }
  for (const [what, ok, detail] of lines) say(`  [${ok === null ? "n/a" : ok ? "met" : "NOT met"}] ${what}: ${detail}`);
  summary.targets = lines.map(([what, ok, detail]) => ({ what, met: ok, detail }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
