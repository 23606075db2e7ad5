// Pareto dominance and nondominated sorting. Points are objective vectors in minimisation form (a maximised
// objective's value negated, see toMinimization); every function here is pure and allocation-light.

import type { Direction } from "../types";

export type Point = ReadonlyArray<number>;

/** The objective vector in minimisation form, or null when it lacks a finite value for some direction. */
export function toMinimization(values: ReadonlyArray<number> | null | undefined, directions: ReadonlyArray<Direction>): number[] | null {
  if (!values || values.length < directions.length || directions.length === 0) return null;
  const out = new Array<number>(directions.length);
  for (let i = 0; i < directions.length; i++) {
    const v = values[i]!;
    if (typeof v !== "number" || !Number.isFinite(v)) return null;
    out[i] = directions[i] === "maximize" ? -v : v;
  }
  return out;
}

/** a dominates b: no worse in every objective and better in at least one (minimisation). */
export function dominates(a: Point, b: Point): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/**
 * Constrained domination (Deb's rule, as in NSGA-II with constraints): a feasible point (violation 0) beats an
 * infeasible one; of two infeasible points the smaller total violation wins; two feasible points compare by
 * Pareto dominance.
 */
export function constrainedDominates(a: Point, va: number, b: Point, vb: number): boolean {
  const fa = va === 0;
  const fb = vb === 0;
  if (fa && fb) return dominates(a, b);
  if (fa !== fb) return fa;
  return va < vb;
}

function lexCompare(a: Point, b: Point): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Nondominated rank of every point (0 = the Pareto front). Equal points share a rank. With `limit`, sorting
 * stops once at least `limit` points are ranked (the fronts a caller needs) and every other point gets the next
 * rank, one past the last computed front.
 *
 * Points are visited in lexicographic order, in which no point is dominated by a later one; so a point belongs
 * to the front being peeled exactly when no member placed before it dominates it. That costs O(N x |front| x M)
 * per front. Two objectives use an O(N log N) sweep: the fronts' lowest second values increase with the rank,
 * so a binary search finds each point's front.
 */
export function nondominatedRanks(points: ReadonlyArray<Point>, limit = Infinity): Int32Array {
  const n = points.length;
  const ranks = new Int32Array(n);
  if (n === 0) return ranks;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => lexCompare(points[a]!, points[b]!) || a - b);
  const m = points[0]!.length;
  if (m === 2) return ranks2d(points, order, ranks);
  if (m === 1) {
    let rank = 0;
    for (let k = 0; k < n; k++) {
      if (k > 0 && points[order[k]!]![0]! > points[order[k - 1]!]![0]!) rank++;
      ranks[order[k]!] = rank;
    }
    return ranks;
  }
  let remaining = order;
  let rank = 0;
  let ranked = 0;
  while (remaining.length > 0) {
    if (ranked >= limit) {
      for (const i of remaining) ranks[i] = rank;
      break;
    }
    const front: number[] = [];
    const rest: number[] = [];
    for (const i of remaining) {
      const p = points[i]!;
      let dominated = false;
      for (const f of front) {
        if (dominates(points[f]!, p)) {
          dominated = true;
          break;
        }
      }
      if (dominated) rest.push(i);
      else {
        front.push(i);
        ranks[i] = rank;
      }
    }
    ranked += front.length;
    remaining = rest;
    rank++;
  }
  return ranks;
}

function ranks2d(points: ReadonlyArray<Point>, order: number[], ranks: Int32Array): Int32Array {
  // Per front: the lowest second value among its members and the first value of the member that set it.
  const minB: number[] = [];
  const atA: number[] = [];
  for (const i of order) {
    const a = points[i]![0]!;
    const b = points[i]![1]!;
    // Front f dominates the point iff minB[f] < b, or minB[f] === b with a smaller first value (every member
    // placed so far has a first value <= a). That is true for a prefix of the fronts.
    let lo = 0;
    let hi = minB.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const mb = minB[mid]!;
      if (mb < b || (mb === b && atA[mid]! < a)) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = lo;
    if (lo === minB.length) {
      minB.push(b);
      atA.push(a);
    } else if (b < minB[lo]!) {
      minB[lo] = b;
      atA[lo] = a;
    }
  }
  return ranks;
}

/** Indices grouped by rank, best first, each group in ascending index order. */
export function frontsOf(ranks: Int32Array): number[][] {
  const fronts: number[][] = [];
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks[i]!;
    while (fronts.length <= r) fronts.push([]);
    fronts[r]!.push(i);
  }
  return fronts.filter((f) => f.length > 0);
}

/** Nondominated fronts of the points (indices, best first). */
export function nondominatedSort(points: ReadonlyArray<Point>, limit = Infinity): number[][] {
  return frontsOf(nondominatedRanks(points, limit));
}

/**
 * Fronts under constrained domination: the feasible points' nondominated fronts first, then the infeasible
 * points grouped by equal total violation, smallest first. `violations[i]` is 0 for a feasible point.
 */
export function constrainedSort(points: ReadonlyArray<Point>, violations: ArrayLike<number>, limit = Infinity): number[][] {
  const feasible: number[] = [];
  const infeasible: number[] = [];
  for (let i = 0; i < points.length; i++) (violations[i] === 0 ? feasible : infeasible).push(i);
  const fronts = nondominatedSort(
    feasible.map((i) => points[i]!),
    limit,
  ).map((f) => f.map((k) => feasible[k]!));
  let count = feasible.length;
  if (infeasible.length === 0 || count >= limit) {
    if (infeasible.length > 0) fronts.push(infeasible);
    return fronts;
  }
  infeasible.sort((a, b) => violations[a]! - violations[b]! || a - b);
  let k = 0;
  while (k < infeasible.length && count < limit) {
    const v = violations[infeasible[k]!]!;
    const group: number[] = [];
    while (k < infeasible.length && violations[infeasible[k]!] === v) group.push(infeasible[k++]!);
    fronts.push(group.sort((a, b) => a - b));
    count += group.length;
  }
  // Whatever is left after the limit is one more front, as nondominatedRanks does.
  if (k < infeasible.length) fronts.push(infeasible.slice(k).sort((a, b) => a - b));
  return fronts;
}
