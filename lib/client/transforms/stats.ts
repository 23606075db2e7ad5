export interface BoxStats {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  /** Tukey whiskers: the most extreme values within 1.5 IQR of the quartiles. */
  whiskerLow: number;
  whiskerHigh: number;
}

/** Quantile of sorted values with linear interpolation (numpy's default, "type 7"). */
export function quantile(sorted: ReadonlyArray<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * Math.min(Math.max(q, 0), 1);
  const i = Math.floor(pos);
  const a = sorted[i] as number;
  const b = sorted[Math.min(i + 1, sorted.length - 1)] as number;
  return a + (b - a) * (pos - i);
}

/** Box-plot statistics of the finite values, or null when there are none. */
export function boxStats(values: ReadonlyArray<number>): BoxStats | null {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const q1 = quantile(s, 0.25);
  const q3 = quantile(s, 0.75);
  const fence = 1.5 * (q3 - q1);
  const inside = s.filter((v) => v >= q1 - fence && v <= q3 + fence);
  return {
    n: s.length,
    min: s[0] as number,
    q1,
    median: quantile(s, 0.5),
    q3,
    max: s[s.length - 1] as number,
    whiskerLow: inside[0] ?? q1,
    whiskerHigh: inside[inside.length - 1] ?? q3,
  };
}
