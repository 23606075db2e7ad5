import type { Direction } from "@/lib/optimizer";
import { bestSoFar } from "./best-so-far";
import { jitter } from "./slice";
import { boxStats, quantile, type BoxStats } from "./stats";

export interface CompareExperiment {
  experimentId: string | number;
  name: string;
  /** Finished trials' objective values by trial number (null: failed or no value). */
  points: ReadonlyArray<{ trialNumber: number; value: number | null }>;
  direction: Direction;
  color?: string;
}

/** One row per trial number seen in any experiment; key `e<i>` holds experiment i's best so far there. */
export type BestRow = { x: number } & Record<string, number | null>;

export function seriesKey(i: number): string {
  return `e${i}`;
}

/**
 * Best-so-far curves of several experiments merged into one array keyed by trial number, so one chart
 * and one tooltip serve them all. An experiment's key is null before its first finite value and after
 * its last trial, so shorter runs end where they ended.
 */
export function mergeBestCurves(experiments: ReadonlyArray<CompareExperiment>): BestRow[] {
  const curves = experiments.map((e) => {
    const sorted = e.points.slice().sort((a, b) => a.trialNumber - b.trialNumber);
    const best = bestSoFar(sorted.map((p) => ({ x: p.trialNumber, value: p.value })), e.direction);
    return new Map(best.map((b) => [b.x, b.best]));
  });
  const xs = [...new Set(experiments.flatMap((e) => e.points.map((p) => p.trialNumber)))].sort((a, b) => a - b);
  const last = curves.map(() => null as number | null);
  const ends = experiments.map((e) => Math.max(...e.points.map((p) => p.trialNumber)));
  return xs.map((x) => {
    const row: BestRow = { x } as BestRow;
    curves.forEach((c, i) => {
      const v = c.get(x);
      if (v !== undefined) last[i] = v;
      row[seriesKey(i)] = x <= (ends[i] as number) ? (last[i] as number | null) : null;
    });
    return row;
  });
}

export interface FinalDistribution {
  index: number;
  stats: BoxStats | null;
  /** Strip points: x is the experiment index plus jitter. */
  strip: Array<{ x: number; y: number; trialNumber: number }>;
}

/** Each experiment's finished values as box-plot statistics and jittered strip points. */
export function finalDistributions(experiments: ReadonlyArray<CompareExperiment>, stripWidth = 0.5): FinalDistribution[] {
  return experiments.map((e, index) => {
    const finite = e.points.filter((p): p is { trialNumber: number; value: number } => typeof p.value === "number" && Number.isFinite(p.value));
    return {
      index,
      stats: boxStats(finite.map((p) => p.value)),
      strip: finite.map((p) => ({ x: index + jitter(p.trialNumber + 7919 * index, stripWidth), y: p.value, trialNumber: p.trialNumber })),
    };
  });
}

export interface RobustRange {
  lo: number;
  hi: number;
  /** Values outside [lo, hi]: outliers the axis leaves out (drawn past the edge, clipped). */
  outside: number;
}

/**
 * A y range that outliers do not set: Tukey's whiskers (the values within 1.5 IQR of the quartiles), widened
 * to hold every value in `keep` (each sweep's final best: what the chart compares). One diverged trial at 1e6
 * no longer squeezes every best-so-far line flat against the bottom (a curve's early steps may start above
 * the top edge and come down into view); with few values (< 4) or no spread the whole range is used.
 */
export function robustRange(values: ReadonlyArray<number>, keep: ReadonlyArray<number>): RobustRange | null {
  const finite = values.filter(Number.isFinite);
  const kept = keep.filter(Number.isFinite);
  if (finite.length === 0 && kept.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  let lo = sorted[0] ?? Infinity;
  let hi = sorted[sorted.length - 1] ?? -Infinity;
  if (sorted.length >= 4) {
    const q1 = quantile(sorted, 0.25);
    const q3 = quantile(sorted, 0.75);
    const iqr = q3 - q1;
    if (iqr > 0) {
      // The whiskers' ends: the most extreme values still inside the fences.
      const inside = sorted.filter((v) => v >= q1 - 1.5 * iqr && v <= q3 + 1.5 * iqr);
      lo = inside[0] ?? lo;
      hi = inside[inside.length - 1] ?? hi;
    }
  }
  for (const v of kept) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi, outside: finite.filter((v) => v < lo || v > hi).length };
}
