// Milliseconds per suggestion, per sampler, at a given number of finished trials: `npm run bench:optimizer:speed`
//
// The history is N complete trials at uniformly random points of the speed problem (ackley10: 10 floats), valued
// by its objective. Each suggestion is one suggest() call exactly as Study makes it (the study's rng, the trial's
// number, the sampler's bounded history from historyNeed); storage is not timed. Three untimed warm-ups (the
// JIT), then --reps timed suggestions for consecutive trial numbers on the same history; prints the median and
// the mean.
//
//   npm run bench:optimizer:speed                           # every sampler but grid, at 100, 200 and 1,000 trials
//   npm run bench:optimizer:speed -- --sampler gp           # one sampler (or a comma-separated list)
//   npm run bench:optimizer:speed -- --sampler tpe --sizes 100,500 --reps 20
//
// Single-threaded and CPU-bound: run it alone on a shared machine, or the numbers measure the neighbours.

import {
  SAMPLER_NAMES,
  createRng,
  createSampler,
  historyNeed,
  parseSamplerConfig,
  parseSpace,
  suggest,
  validateParams,
  type Objective,
  type PrunerConfig,
  type TrialRecord,
} from "../../lib/optimizer";
import { getProblem, SPEED_PROBLEM, type FlatParams } from "./problems";
import { BenchRng } from "./rng";
import { median } from "./stats";

const OBJECTIVES: Objective[] = [{ metric: "f", direction: "minimize" }];
const PRUNER: PrunerConfig = { name: "none" };
const WARMUP = 3;

function history(size: number): { space: ReturnType<typeof parseSpace>; trials: TrialRecord[] } {
  const problem = getProblem(SPEED_PROBLEM);
  const space = parseSpace(problem.space);
  const rng = new BenchRng(12345 + size);
  const trials: TrialRecord[] = [];
  for (let i = 0; i < size; i++) {
    const raw: FlatParams = {};
    for (const [name, s] of Object.entries(problem.spec)) {
      if (s.type !== "float") throw new Error("the speed problem must be float-only");
      raw[name] = s.low + rng.next() * (s.high - s.low);
    }
    const { params, internal } = validateParams(space, raw);
    trials.push({ number: i, state: "complete", params, internal, values: [problem.objective(params as FlatParams)], intermediate: [], systemAttrs: {} });
  }
  return { space, trials };
}

function main(): void {
  const argv = process.argv.slice(2);
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : argv[i + 1];
  };
  const names = get("--sampler")?.split(",") ?? SAMPLER_NAMES.filter((n) => n !== "grid");
  const sizes = (get("--sizes") ?? "100,200,1000").split(",").map(Number);
  const reps = Number(get("--reps") ?? 10);
  const seed = 0;
  console.log(`ms per suggestion on ${SPEED_PROBLEM} (10 floats), N finished random trials, suggest() as Study calls it; median (mean) of ${reps}.\n`);
  const header = ["sampler", ...sizes.map((n) => `N=${n}`)];
  const rows: string[][] = [];
  const histories = new Map(sizes.map((n) => [n, history(n)]));
  for (const name of names) {
    const config = parseSamplerConfig(name, {});
    const row = [name];
    for (const n of sizes) {
      const { space, trials } = histories.get(n)!;
      const sampler = createSampler(config, seed);
      const need = historyNeed(config, PRUNER);
      const times: number[] = [];
      for (let r = 0; r < reps + WARMUP; r++) {
        const started = performance.now();
        suggest({ space, sampler, trials, objectives: OBJECTIVES, rng: createRng(seed), number: n + r, pruner: PRUNER, history: need });
        if (r >= WARMUP) times.push(performance.now() - started);
      }
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      row.push(`${median(times).toFixed(1)} (${mean.toFixed(1)})`);
    }
    rows.push(row);
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((x, c) => (c === 0 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

main();
