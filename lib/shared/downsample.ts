// Pure TS shared by the server (metric series) and the browser (charts): no React, no DOM, no Node.

export interface StepPoint {
  step: number;
  value: number;
}

/**
 * How many step buckets downsampleMinMax splits the interior into for `maxPoints` points: each keeps up to two
 * points, plus the first and the last. The SQL form of the rule (lib/db/metrics.ts) asks this too.
 */
export function minMaxBuckets(maxPoints: number): number {
  return Math.max(0, Math.floor((Math.floor(maxPoints) - 2) / 2));
}

/**
 * Min/max downsampling by step range: keeps the first and the last point, splits the steps in between into
 * equal-width buckets and keeps each bucket's lowest and highest point, in step order. Spikes and dips
 * survive (unlike averaging or LTTB on noisy losses). Returns at most maxPoints points; a copy of the input
 * when it already fits. Input is expected sorted by step (it is sorted, stably, when it is not).
 * NaN values never win a comparison; a bucket holding only NaN keeps its first point.
 */
export function downsampleMinMax<T extends StepPoint>(points: ReadonlyArray<T>, maxPoints: number): T[] {
  const max = Math.floor(maxPoints);
  if (!(max > 0)) return [];
  const sorted = isSortedByStep(points) ? points : points.slice().sort((a, b) => a.step - b.step);
  const n = sorted.length;
  if (n <= max) return sorted.slice();
  const first = sorted[0] as T;
  const last = sorted[n - 1] as T;
  if (max === 1) return [last];
  const buckets = minMaxBuckets(max);
  if (buckets === 0) return [first, last];

  const lo = first.step;
  const span = last.step - lo;
  const out: T[] = [first];
  let i = 1;
  for (let b = 0; b < buckets && i < n - 1; b++) {
    // Bucket b holds interior points with step < lo + span * (b + 1) / buckets (the last takes the rest). For
    // integer steps that is floor((step - lo) * buckets / span) = b, as the SQL form computes it.
    const upper = b === buckets - 1 ? Infinity : lo + (span * (b + 1)) / buckets;
    let minIdx = -1;
    let maxIdx = -1;
    const start = i;
    for (; i < n - 1 && (sorted[i] as T).step < upper; i++) {
      const v = (sorted[i] as T).value;
      if (Number.isNaN(v)) continue;
      if (minIdx < 0 || v < (sorted[minIdx] as T).value) minIdx = i;
      if (maxIdx < 0 || v > (sorted[maxIdx] as T).value) maxIdx = i;
    }
    if (i === start) continue;
    if (minIdx < 0) {
      out.push(sorted[start] as T);
      continue;
    }
    const a = Math.min(minIdx, maxIdx);
    const z = Math.max(minIdx, maxIdx);
    out.push(sorted[a] as T);
    if (z !== a) out.push(sorted[z] as T);
  }
  out.push(last);
  return out;
}

function isSortedByStep(points: ReadonlyArray<StepPoint>): boolean {
  for (let i = 1; i < points.length; i++) if ((points[i] as StepPoint).step < (points[i - 1] as StepPoint).step) return false;
  return true;
}
