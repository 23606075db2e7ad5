// Hypervolume of a set of points (minimisation) with respect to a reference point: the measure of the region
// the points dominate and that dominates the reference. Exact: a sweep in two objectives, WFG (While, Bradstreet
// and Barone, 2012) in three or more, whose recursion bottoms out in the sweep.

import { dominates, type Point } from "./dominance";

/** Points strictly better than the reference in every objective (the others dominate no volume). */
function inside(points: ReadonlyArray<Point>, ref: Point): Point[] {
  return points.filter((p) => p.every((x, i) => x < ref[i]!));
}

/** Volume of the box between a point and the reference. */
function boxVolume(p: Point, ref: Point): number {
  let v = 1;
  for (let i = 0; i < ref.length; i++) v *= ref[i]! - p[i]!;
  return v;
}

/** Two objectives: sort by the first, then add the strip each point adds below the lowest second value so far. */
function hv2d(points: ReadonlyArray<Point>, ref: Point): number {
  const sorted = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let area = 0;
  let lowB = ref[1]!;
  for (const p of sorted) {
    if (p[1]! < lowB) {
      area += (ref[0]! - p[0]!) * (lowB - p[1]!);
      lowB = p[1]!;
    }
  }
  return area;
}

/** Nondominated, distinct points of a set (duplicates add no volume). */
function nondominated(points: ReadonlyArray<Point>): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    let keep = true;
    for (let j = 0; j < out.length; j++) {
      const q = out[j]!;
      if (dominates(q, p) || q.every((x, i) => x === p[i])) {
        keep = false;
        break;
      }
      if (dominates(p, q)) {
        out.splice(j, 1);
        j--;
      }
    }
    if (keep) out.push(p);
  }
  return out;
}

/** The points worsened to be no better than p in any objective (WFG's limit set), without dominated ones. */
function limitSet(points: ReadonlyArray<Point>, p: Point): Point[] {
  return nondominated(points.map((q) => q.map((x, i) => Math.max(x, p[i]!))));
}

/** WFG on points already strictly inside the reference box. */
function wfg(points: ReadonlyArray<Point>, ref: Point): number {
  const n = points.length;
  if (n === 0) return 0;
  if (n === 1) return boxVolume(points[0]!, ref);
  if (ref.length === 2) return hv2d(points, ref);
  // Sorting by the last objective, worst first, keeps the limit sets small.
  const m = ref.length - 1;
  const sorted = [...points].sort((a, b) => b[m]! - a[m]!);
  let total = 0;
  for (let k = 0; k < n; k++) {
    const p = sorted[k]!;
    total += boxVolume(p, ref) - wfg(limitSet(sorted.slice(k + 1), p), ref);
  }
  return total;
}

/** Exact hypervolume of the points with respect to ref (minimisation); points outside the box add nothing. */
export function hypervolume(points: ReadonlyArray<Point>, ref: Point): number {
  const pts = inside(points, ref);
  if (pts.length === 0) return 0;
  if (ref.length === 1) return ref[0]! - pts.reduce((lo, p) => Math.min(lo, p[0]!), Infinity);
  if (ref.length === 2) return hv2d(pts, ref);
  return wfg(nondominated(pts), ref);
}

/** Volume p adds to a set: hv(set + p) - hv(set), exactly (the box of p minus the set's part of it). */
export function exclusiveHypervolume(p: Point, others: ReadonlyArray<Point>, ref: Point): number {
  if (!p.every((x, i) => x < ref[i]!)) return 0;
  const limited = inside(others, ref).map((q) => q.map((x, i) => Math.max(x, p[i]!)));
  return boxVolume(p, ref) - hypervolume(limited, ref);
}

/** Each point's contribution: the volume lost when it alone is removed (0 for dominated or duplicated points). */
export function hypervolumeContributions(points: ReadonlyArray<Point>, ref: Point): Float64Array {
  const out = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const others = points.filter((_, j) => j !== i);
    out[i] = exclusiveHypervolume(points[i]!, others, ref);
  }
  return out;
}

/**
 * Greedy hypervolume subset selection: k indices chosen one at a time, each the point adding the most volume to
 * those already chosen (ties: the lower index). Hypervolume is submodular, so a point's gain only shrinks as the
 * subset grows: gains are re-evaluated lazily, only for the point whose stale bound is the largest. Returns the
 * indices in the order chosen, so the first j of a selection of k are the selection of j.
 */
export function selectSubset(points: ReadonlyArray<Point>, k: number, ref: Point): number[] {
  const n = points.length;
  const want = Math.max(0, Math.min(k, n));
  const bound = Float64Array.from(points, (p) => exclusiveHypervolume(p, [], ref));
  const fresh = new Int32Array(n).fill(0);
  const taken = new Uint8Array(n);
  const chosen: number[] = [];
  const chosenPoints: Point[] = [];
  while (chosen.length < want) {
    let best = -1;
    for (;;) {
      best = -1;
      for (let i = 0; i < n; i++) if (!taken[i] && (best < 0 || bound[i]! > bound[best]!)) best = i;
      if (fresh[best]! === chosen.length) break;
      bound[best] = exclusiveHypervolume(points[best]!, chosenPoints, ref);
      fresh[best] = chosen.length;
    }
    taken[best] = 1;
    chosen.push(best);
    chosenPoints.push(points[best]!);
  }
  return chosen;
}

/**
 * Optuna's reference point for a set of points (minimisation): 10% beyond the worst value of each objective
 * (1.1 w when w > 0, 0.9 w when w < 0), a small positive number where the worst value is 0.
 */
export function nadirReference(points: ReadonlyArray<Point>): number[] {
  const m = points[0]?.length ?? 0;
  const ref = new Array<number>(m).fill(-Infinity);
  for (const p of points) for (let i = 0; i < m; i++) ref[i] = Math.max(ref[i]!, p[i]!);
  return ref.map((w) => (w === 0 ? 1e-12 : Math.max(1.1 * w, 0.9 * w)));
}
