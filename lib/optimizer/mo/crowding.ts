import type { Point } from "./dominance";

/**
 * NSGA-II's crowding distance of each point of one front: per objective, the gap between its two neighbours
 * (sorted by that objective) over the objective's range, summed; the extreme points of every objective get
 * Infinity so that survival keeps the ends of the front. An objective on which the front is flat adds nothing.
 */
export function crowdingDistance(points: ReadonlyArray<Point>): Float64Array {
  const n = points.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (n <= 2) return out.fill(Infinity);
  const m = points[0]!.length;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let d = 0; d < m; d++) {
    order.sort((a, b) => points[a]![d]! - points[b]![d]! || a - b);
    const lo = points[order[0]!]![d]!;
    const hi = points[order[n - 1]!]![d]!;
    out[order[0]!] = Infinity;
    out[order[n - 1]!] = Infinity;
    const span = hi - lo;
    if (!(span > 0) || !Number.isFinite(span)) continue;
    for (let k = 1; k < n - 1; k++) out[order[k]!]! += (points[order[k + 1]!]![d]! - points[order[k - 1]!]![d]!) / span;
  }
  return out;
}

/** Indices of the front ordered by crowding distance, most isolated first (ties: the lower index). */
export function crowdingOrder(points: ReadonlyArray<Point>): number[] {
  const dist = crowdingDistance(points);
  return Array.from({ length: points.length }, (_, i) => i).sort((a, b) => {
    const da = dist[a]!;
    const db = dist[b]!;
    return da === db ? a - b : db - da;
  });
}
