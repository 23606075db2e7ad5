import type { Direction, TrialRecord } from "../types";

/** The last reported [step, value] of a trial, or undefined. */
export function lastReport(trial: TrialRecord): readonly [number, number] | undefined {
  return trial.intermediate[trial.intermediate.length - 1];
}

/** The value reported at exactly `step`, or undefined. Binary search: intermediate is ascending by step. */
export function valueAt(trial: TrialRecord, step: number): number | undefined {
  const r = trial.intermediate;
  let lo = 0;
  let hi = r.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = r[mid]![0];
    if (s === step) return r[mid]![1];
    if (s < step) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** The first report at or after `step`, or undefined. */
export function firstReportFrom(trial: TrialRecord, step: number): readonly [number, number] | undefined {
  for (const r of trial.intermediate) if (r[0] >= step) return r;
  return undefined;
}

/** True when a is strictly worse than b for the direction. */
export function worse(a: number, b: number, direction: Direction): boolean {
  return direction === "minimize" ? a > b : a < b;
}

/** Largest last step among complete trials; the "auto" resource of ASHA and Hyperband. */
export function maxCompletedStep(trials: ReadonlyArray<TrialRecord>): number | undefined {
  let best: number | undefined;
  for (const t of trials) {
    if (t.state !== "complete") continue;
    const last = lastReport(t);
    if (last && (best === undefined || last[0] > best)) best = last[0];
  }
  return best;
}
