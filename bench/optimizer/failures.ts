// Failing regions next to the optimum: does the sampler learn from failed trials? `npx tsx bench/optimizer/failures.ts`
//
// Each problem of the suite with one known minimiser gets a slab of its space where the objective throws (like a
// learning rate past which training diverges): 30% of one parameter's range, starting 5% of the range away from the
// optimum on the side with more room. A failed trial is told as a program failure ("learned": the sampler counts it
// as worse than every success) or as an infrastructure failure ("ignored": left out of the model, which is how
// every failure was treated before failures had a kind). Prints the share of failed trials after the 10 start-up
// trials and the median normalised regret (successes only) after the budget, per problem and arm.
//
//   npx tsx bench/optimizer/failures.ts                          # every problem, 10 seeds x 100 trials
//   npx tsx bench/optimizer/failures.ts --problems hartmann3,mixedhpo --seeds 5 --trials 60
//
// The problems are split in two: the design was decided on DECIDE, and REPORT shows whether it generalises.

import type { SamplerConfig } from "../../lib/optimizer/types";
import { loadEngine, type EngineApi } from "./engine";
import { type FlatParams, getProblem, type Problem } from "./problems";
import { mean, median, regret } from "./stats";

interface Slab {
  param: string;
  /** The failing interval of the parameter, in its natural units (log10 units for log parameters). */
  from: number;
  to: number;
  log?: boolean;
}

/** slab(x*, low, high): 30% of the range, 5% away from x*, on the side with more room. */
function slab(param: string, xStar: number, low: number, high: number, log = false): Slab {
  const range = high - low;
  const up = xStar - low <= high - xStar;
  const near = up ? xStar + 0.05 * range : xStar - 0.05 * range;
  const far = up ? near + 0.3 * range : near - 0.3 * range;
  return { param, from: Math.min(near, far), to: Math.max(near, far), log };
}

const l10 = Math.log10;
const SLABS: Record<string, Slab> = {
  hartmann3: slab("x1", 0.114614, 0, 1),
  rosenbrock5: slab("x1", 1, -5, 10),
  styblinski8: slab("x1", -2.903534, -5, 5),
  mixedhpo: slab("lr", l10(1e-3), -5, 0, true),
  hartmann6: slab("x1", 0.20169, 0, 1),
  sphere20: slab("x1", 0, -5, 5),
  ackley5: slab("x1", 0, -32.768, 32.768),
  levy10: slab("x1", 1, -10, 10),
  rastrigin10: slab("x1", 0, -5.12, 5.12),
  griewank10: slab("x1", 0, -600, 600),
  logquad: slab("x1", -4, -6, 2, true),
  intsphere: slab("x1", 3, -10, 10),
  stepst: slab("x1", -3, -5, 5),
  condhpo: slab("model.rf.n_estimators", l10(200), l10(10), l10(500), true),
  condbench: slab("branch.B.x1", 0.114614, 0, 1),
};
export const DECIDE = ["hartmann3", "rosenbrock5", "styblinski8", "mixedhpo"];
const REPORT = Object.keys(SLABS).filter((id) => !DECIDE.includes(id));

function fails(s: Slab, p: FlatParams): boolean {
  const v = p[s.param];
  if (typeof v !== "number") return false; // an inactive conditional parameter
  const x = s.log ? l10(v) : v;
  return x > s.from && x < s.to;
}

interface Outcome {
  /** Failed trials among those after start-up. */
  failedShare: number;
  regret: number;
}

async function runOne(api: EngineApi, problem: Problem, sampler: SamplerConfig, kind: "program" | "infrastructure", seed: number, trials: number): Promise<Outcome> {
  const s = SLABS[problem.id]!;
  const study = new api.Study({ storage: new api.InMemoryStorage(), space: problem.space, sampler, objectives: [{ metric: "f", direction: "minimize" }], seed });
  let best = Infinity;
  let failed = 0;
  for (let i = 0; i < trials; i++) {
    const t = await study.ask();
    if (fails(s, t.params as FlatParams)) {
      await study.tell(t.number, { state: "failed", error: "diverged", kind });
      if (i >= 10) failed++;
      continue;
    }
    const v = problem.objective(t.params as FlatParams);
    best = Math.min(best, v);
    await study.tell(t.number, { state: "complete", values: [v] });
  }
  return { failedShare: failed / Math.max(1, trials - 10), regret: regret(best, problem.fStar, problem.clip) };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i < 0 ? undefined : argv[i + 1];
  };
  const ids = get("--problems")?.split(",") ?? [...DECIDE, ...REPORT];
  for (const id of ids) if (!SLABS[id]) throw new Error(`no failing region for ${id}; known: ${Object.keys(SLABS).join(", ")}`);
  const seeds = Number(get("--seeds") ?? 10);
  const trials = Number(get("--trials") ?? 100);
  const { api } = await loadEngine();
  const arms: Array<[string, SamplerConfig]> = [
    ["default", api.DEFAULT_SAMPLER],
    ["tpe univariate", api.parseSamplerConfig("tpe", { multivariate: false, constantLiar: false })],
  ];
  console.log(`Failing slab next to the optimum; ${seeds} seeds x ${trials} trials; failed share after the 10 start-up trials (mean) and median regret.`);
  console.log("ignored = failures told as infrastructure (left out, the old behaviour); learned = told as program failures.\n");
  const header = ["problem", "set", "arm", "failed ignored", "failed learned", "regret ignored", "regret learned"];
  const rows: string[][] = [];
  const totals = new Map<string, { ignored: number[]; learned: number[]; rIgnored: number[]; rLearned: number[] }>();
  for (const id of ids) {
    const problem = getProblem(id);
    for (const [arm, config] of arms) {
      const res = { ignored: [] as Outcome[], learned: [] as Outcome[] };
      for (let seed = 0; seed < seeds; seed++) {
        res.ignored.push(await runOne(api, problem, config, "infrastructure", seed, trials));
        res.learned.push(await runOne(api, problem, config, "program", seed, trials));
      }
      const share = (o: Outcome[]) => o.reduce((a, x) => a + x.failedShare, 0) / o.length;
      const set = DECIDE.includes(id) ? "decide" : "report";
      const key = `${set} ${arm}`;
      const t = totals.get(key) ?? { ignored: [], learned: [], rIgnored: [], rLearned: [] };
      t.ignored.push(share(res.ignored));
      t.learned.push(share(res.learned));
      t.rIgnored.push(median(res.ignored.map((o) => o.regret)));
      t.rLearned.push(median(res.learned.map((o) => o.regret)));
      totals.set(key, t);
      rows.push([id, set, arm, pct(share(res.ignored)), pct(share(res.learned)), fmt(median(res.ignored.map((o) => o.regret))), fmt(median(res.learned.map((o) => o.regret)))]);
    }
  }
  for (const [key, t] of totals) {
    const [set, arm] = [key.slice(0, 6), key.slice(7)];
    rows.push([`mean of ${t.ignored.length}`, set, arm, pct(mean(t.ignored)), pct(mean(t.learned)), fmt(mean(t.rIgnored)), fmt(mean(t.rLearned))]);
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((x, c) => (c < 3 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const fmt = (x: number) => (x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(1) : x.toFixed(3));

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
