// Our cmaes sampler against Optuna 3.1's CmaEsSampler on problems of the suite (medians of the best value).
//
//   npx tsx bench/optimizer/cmaes-compare.ts --problems rosenbrock5,ackley10,sphere20,levy10,rastrigin10 \
//     --seeds 0-4 --trials 1000 --ours cmaes,cmaes-none --optuna cma,cma-ipop
//
// Ours goes through suggest() with the sampler's bounded history, one sampler per run (as the in-memory Study);
// Optuna through bench/optimizer/cmaes_optuna.py (ask/tell on an in-memory study). Runs one process at a time.

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createRng, createSampler, historyNeed, parseSamplerConfig, parseSpace, suggest, type SamplerConfig, type TrialRecord } from "../../lib/optimizer";
import { getProblem, type FlatParams } from "./problems";
import { PYTHON } from "./python";

const OUR_ARMS: Record<string, () => SamplerConfig> = {
  cmaes: () => parseSamplerConfig("cmaes", {}),
  // Optuna's defaults: no restarts, no margin.
  "cmaes-none": () => parseSamplerConfig("cmaes", { restart: "none", withMargin: false }),
  tpe: () => parseSamplerConfig("tpe", {}),
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function seeds(spec: string): number[] {
  return spec.split(",").flatMap((part) => {
    const [a, b] = part.split("-").map(Number);
    return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
  });
}

function runOurs(problemId: string, config: SamplerConfig, seed: number, n: number): { best: number; msPerAsk: number } {
  const problem = getProblem(problemId);
  const space = parseSpace(problem.space);
  const sampler = createSampler(config, seed);
  const history = historyNeed(config, undefined);
  const trials: TrialRecord[] = [];
  let best = Infinity;
  let askMs = 0;
  for (let number = 0; number < n; number++) {
    const t0 = performance.now();
    const s = suggest({ space, sampler, trials, objectives: [{ metric: "f", direction: "minimize" }], rng: createRng(seed), number, history });
    askMs += performance.now() - t0;
    const v = problem.objective(s.params as FlatParams);
    best = Math.min(best, v);
    trials.push({ number, state: "complete", params: s.params, internal: s.internal, values: [v], intermediate: [], systemAttrs: s.systemAttrs });
  }
  return { best, msPerAsk: askMs / n };
}

function runOptuna(problems: string, arms: string, seedSpec: string, trials: number): Promise<Array<{ problem: string; arm: string; seed: number; best: number }>> {
  const script = fileURLToPath(new URL("./cmaes_optuna.py", import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [script, "--problems", problems, "--arms", arms, "--seeds", seedSpec, "--trials", String(trials)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      process.stderr.write(".");
    });
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${err}`));
      resolve(
        out
          .split("\n")
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as { problem: string; arm: string; seed: number; best: number }),
      );
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  const problems = arg("problems", "rosenbrock5,ackley10,sphere20,levy10,rastrigin10");
  const seedSpec = arg("seeds", "0-4");
  const trials = Number(arg("trials", "1000"));
  const ours = arg("ours", "cmaes,cmaes-none").split(",").filter(Boolean);
  const optuna = arg("optuna", "cma,cma-ipop");
  const results: Array<{ impl: string; problem: string; arm: string; seed: number; best: number }> = [];
  const ms: Record<string, number[]> = {};
  for (const problem of problems.split(",")) {
    for (const arm of ours) {
      const make = OUR_ARMS[arm];
      if (!make) throw new Error(`unknown arm ${arm}; known: ${Object.keys(OUR_ARMS).join(", ")}`);
      for (const seed of seeds(seedSpec)) {
        const r = runOurs(problem, make(), seed, trials);
        results.push({ impl: "ours", problem, arm, seed, best: r.best });
        (ms[arm] ??= []).push(r.msPerAsk);
        process.stderr.write(".");
      }
    }
  }
  if (optuna) for (const r of await runOptuna(problems, optuna, seedSpec, trials)) results.push({ impl: "optuna", ...r });
  process.stderr.write("\n");
  const arms = [...ours.map((a) => `ours:${a}`), ...optuna.split(",").filter(Boolean).map((a) => `optuna:${a}`)];
  console.log(`median best value over seeds ${seedSpec}, ${trials} trials (lower is better)`);
  console.log(["problem", ...arms].map((s) => s.padEnd(18)).join(""));
  for (const problem of problems.split(",")) {
    const row = arms.map((label) => {
      const [impl, arm] = label.split(":");
      const xs = results.filter((r) => r.impl === impl && r.arm === arm && r.problem === problem).map((r) => r.best);
      return xs.length ? median(xs).toPrecision(4) : "-";
    });
    console.log([problem, ...row].map((s) => s.padEnd(18)).join(""));
  }
  for (const [arm, xs] of Object.entries(ms)) console.log(`ours:${arm}: ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2)} ms per ask (mean over runs)`);
  if (process.argv.includes("--json")) console.log(JSON.stringify(results));
}

void main();
