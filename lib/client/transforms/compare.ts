import type { Direction } from "@/lib/optimizer";
import { bestSoFar } from "./best-so-far";
import { jitter } from "./slice";
import { boxStats, type BoxStats } from "./stats";

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
