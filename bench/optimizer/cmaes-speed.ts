// Milliseconds per cmaes suggestion at a given history size, the way the server asks: a sampler created for the
// ask, the history read as the bounded selection (history.ts), suggest() timed alone.
//
//   npx tsx bench/optimizer/cmaes-speed.ts --problem ackley10 --sizes 100,1000,10000 --reps 20
//   npx tsx bench/optimizer/cmaes-speed.ts --problem sphere:32     (a d-dimensional sphere on [-5, 5]^d)
//
// The history is grown with the sampler itself (a long-lived one, as the in-memory Study), so it holds real
// generations and restarts; the objective is the problem's.

import { createRng, createSampler, historyNeed, parseSamplerConfig, parseSpace, selectHistory, suggest, type TrialRecord } from "../../lib/optimizer";
import { getProblem, type FlatParams } from "./problems";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function problemOf(id: string): { id: string; space: Record<string, unknown>; objective: (p: FlatParams) => number } {
  const m = /^sphere:(\d+)$/.exec(id);
  if (!m) return getProblem(id);
  const d = Number(m[1]);
  const space = Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i}`, { type: "uniform", low: -5, high: 5 }]));
  return { id, space, objective: (p) => Object.values(p).reduce<number>((a, v) => a + Number(v) ** 2, 0) };
}

const problem = problemOf(arg("problem", "ackley10"));
const sizes = arg("sizes", "100,1000,10000").split(",").map(Number);
const reps = Number(arg("reps", "20"));
const config = parseSamplerConfig("cmaes", {});
const space = parseSpace(problem.space);
const objectives = [{ metric: "f", direction: "minimize" as const }];
const need = historyNeed(config, undefined);
const grower = createSampler(config);
const trials: TrialRecord[] = [];
for (const size of sizes) {
  while (trials.length < size) {
    const number = trials.length;
    const s = suggest({ space, sampler: grower, trials, objectives, rng: createRng(1), number, history: need });
    trials.push({ number, state: "complete", params: s.params, internal: s.internal, values: [problem.objective(s.params as FlatParams)], intermediate: [], systemAttrs: s.systemAttrs });
  }
  const read = selectHistory(trials, need, "minimize");
  const times: number[] = [];
  for (let r = 0; r <= reps; r++) {
    const t0 = performance.now();
    suggest({ space, sampler: createSampler(config), trials: read, objectives, rng: createRng(1), number: size, history: need });
    if (r > 0) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const tag = trials[size - 1]!.systemAttrs.cmaes as { run: number; gen: number };
  console.log(`${problem.id} at ${size} trials: median ${times[times.length >> 1]!.toFixed(2)} ms, p90 ${times[Math.floor(times.length * 0.9)]!.toFixed(2)} ms per suggestion (history read: ${read.length} trials; current run ${tag.run}, generation ${tag.gen})`);
}
