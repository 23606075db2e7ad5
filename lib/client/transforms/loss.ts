import type { Direction } from "@/lib/optimizer";
import type { TrialDto } from "@/lib/schemas/trial";
import { numericExtent } from "./axes";
import { bestSoFar, type BestPoint } from "./best-so-far";
import { logTicks, niceTicks } from "./ticks";

export type LossXMode = "number" | "time";
export type LossTrial = Pick<TrialDto, "number" | "state" | "params" | "value" | "startedAt" | "completedAt">;

export interface LossPoint {
  x: number;
  y: number;
  kind: "complete" | "pruned" | "failed";
  trial: LossTrial;
}

export interface LossSeries {
  complete: LossPoint[];
  pruned: LossPoint[];
  /** y is filled in by lossLayout's band position; NaN here. */
  failed: LossPoint[];
  best: BestPoint[];
}

function xOf(t: LossTrial, mode: LossXMode): number | null {
  if (mode === "number") return t.number;
  const iso = t.completedAt ?? t.startedAt;
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Splits finished trials into plotted points: complete trials at their objective, pruned ones at their last
 * intermediate value when known (skipped otherwise), failed ones for a marker band. The best-so-far line
 * follows complete trials in x order and runs on to the last plotted x.
 */
export function lossSeries(
  trials: ReadonlyArray<LossTrial>,
  direction: Direction,
  xMode: LossXMode,
  prunedValues?: Readonly<Record<number, number>>,
): LossSeries {
  const complete: LossPoint[] = [];
  const pruned: LossPoint[] = [];
  const failed: LossPoint[] = [];
  for (const trial of trials) {
    const x = xOf(trial, xMode);
    if (x === null) continue;
    if (trial.state === "complete" && typeof trial.value === "number" && Number.isFinite(trial.value)) {
      complete.push({ x, y: trial.value, kind: "complete", trial });
    } else if (trial.state === "pruned") {
      const y = prunedValues?.[trial.number];
      if (typeof y === "number" && Number.isFinite(y)) pruned.push({ x, y, kind: "pruned", trial });
    } else if (trial.state === "failed") {
      failed.push({ x, y: NaN, kind: "failed", trial });
    }
  }
  const byX = (a: LossPoint, b: LossPoint) => a.x - b.x;
  complete.sort(byX);
  pruned.sort(byX);
  failed.sort(byX);
  const best = bestSoFar(complete.map((p) => ({ x: p.x, value: p.y })), direction);
  const lastX = Math.max(...[complete, pruned, failed].map((s) => s.at(-1)?.x ?? -Infinity));
  const tail = best.at(-1);
  if (tail && lastX > tail.x) best.push({ x: lastX, best: tail.best });
  return { complete, pruned, failed, best };
}

export interface LossLayout {
  domain: [number, number];
  ticks: number[];
  /** Where failed markers sit and the band they sit in (beyond the worse end of the data). */
  bandY: number;
  band: [number, number];
}

/** Y domain of the plotted values with a little padding and, beyond the worse end, a band for failed trials. */
export function lossLayout(values: ReadonlyArray<number>, direction: Direction, log: boolean, withBand = true): LossLayout {
  const range = numericExtent(values, log);
  const to = log ? Math.log10 : (v: number) => v;
  const from = log ? (u: number) => Math.pow(10, u) : (u: number) => u;
  let lo = range ? to(range[0]) : 0;
  let hi = range ? to(range[1]) : 1;
  if (lo === hi) [lo, hi] = lo === 0 || log ? [lo - 0.5, hi + 0.5] : [lo - Math.abs(lo) * 0.1, hi + Math.abs(hi) * 0.1];
  const span = hi - lo;
  lo -= span * 0.05;
  hi += span * 0.05;
  const ticks = log ? logTicks(from(lo), from(hi)) : niceTicks(lo, hi, 5);
  // Failed trials sit in a band past the worse end: the top when minimizing, the bottom when maximizing.
  const gap = withBand ? span * 0.12 : 0;
  if (direction === "minimize") {
    return { domain: [from(lo), from(hi + gap)], ticks, bandY: from(hi + gap * 0.55), band: [from(hi + gap * 0.15), from(hi + gap)] };
  }
  return { domain: [from(lo - gap), from(hi)], ticks, bandY: from(lo - gap * 0.55), band: [from(lo - gap), from(lo - gap * 0.15)] };
}
