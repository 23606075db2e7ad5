import type { Direction } from "@/lib/optimizer";

export interface BestPoint {
  x: number;
  /** Best finite value seen at or before x; null until the first one. */
  best: number | null;
}

export function isBetter(a: number, b: number, direction: Direction): boolean {
  return direction === "minimize" ? a < b : a > b;
}

/**
 * Running best of points taken in the given order. Gaps (null, NaN, ±Infinity: failed or missing trials)
 * carry the previous best forward, so the step line stays continuous.
 */
export function bestSoFar(
  points: ReadonlyArray<{ x: number; value: number | null | undefined }>,
  direction: Direction,
): BestPoint[] {
  let best: number | null = null;
  return points.map((p) => {
    const v = p.value;
    if (typeof v === "number" && Number.isFinite(v) && (best === null || isBetter(v, best, direction))) best = v;
    return { x: p.x, best };
  });
}

/** Best finite value of a list, or null. */
export function bestValue(values: ReadonlyArray<number | null | undefined>, direction: Direction): number | null {
  let best: number | null = null;
  for (const v of values) {
    if (typeof v === "number" && Number.isFinite(v) && (best === null || isBetter(v, best, direction))) best = v;
  }
  return best;
}
