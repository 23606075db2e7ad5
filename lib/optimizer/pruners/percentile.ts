import type { PercentilePrunerConfig, Pruner } from "../types";
import { lastReport, valueAt, worse } from "./steps";

/** numpy-style linear-interpolation percentile of ascending-sorted values. */
export function percentileOf(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

/**
 * Prunes when the trial's best value so far is worse than the given percentile of complete trials' values at
 * the same step. Percentile p keeps the best p% for either direction (maximize looks at 100 - p).
 */
export function createPercentilePruner(cfg: PercentilePrunerConfig): Pruner {
  const verdict: Pruner["verdict"] = (study, trial) => {
    const last = lastReport(trial);
    if (!last) return null;
    const step = last[0];
    const completed = study.trials.filter((t) => t.state === "complete" && t.number !== trial.number);
    if (completed.length < cfg.nStartupTrials) return null;
    if (step < cfg.nWarmupSteps) return null;
    if (!firstInInterval(trial.intermediate, step, cfg.nWarmupSteps, cfg.intervalSteps)) return null;
    let best = NaN;
    for (const [, v] of trial.intermediate) {
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(best) || worse(best, v, study.direction)) best = v;
    }
    // A trial that only ever reported NaN has diverged.
    if (Number.isNaN(best)) return { prune: true, step, value: NaN, threshold: null, rule: "it reported only NaN" };
    const values: number[] = [];
    for (const t of completed) {
      const v = valueAt(t, step);
      if (v !== undefined && !Number.isNaN(v)) values.push(v);
    }
    if (values.length < cfg.nMinTrials) return null;
    values.sort((a, b) => a - b);
    const p = study.direction === "maximize" ? 100 - cfg.percentile : cfg.percentile;
    const threshold = percentileOf(values, p);
    const of = cfg.name === "median" ? "median" : `${cfg.percentile}th percentile`;
    const rule = `best value so far against the ${of} of ${values.length} complete trial${values.length === 1 ? "" : "s"} at step ${step}`;
    return { prune: worse(best, threshold, study.direction), step, value: best, threshold, rule };
  };
  return { name: cfg.name, verdict, shouldPrune: (study, trial) => verdict(study, trial)?.prune ?? false };
}

/** Only the first report at or after each interval boundary is judged, so irregular reporting is not penalised. */
function firstInInterval(reports: ReadonlyArray<readonly [number, number]>, step: number, warmup: number, interval: number): boolean {
  const boundary = Math.floor((step - warmup) / interval) * interval + warmup;
  const previous = reports.length >= 2 ? reports[reports.length - 2]![0] : -1;
  return previous < boundary;
}
