import { own } from "../own";
import { createRng } from "../rng";
import { compileSpace } from "../space/compile";
import type { Direction, Space, TrialRecord } from "../types";
import { growTree, type Leaf } from "./tree";

/**
 * fANOVA main effects of a random forest: each tree's prediction is decomposed under the product of the
 * parameters' empirical marginal distributions, and a parameter's importance is the variance of its
 * marginal (main-effect) function over the total variance, averaged over trees and normalised to sum 1.
 * Inactive conditional parameters form their own value, below every real one.
 */
export const IMPORTANCE_METHOD = "fANOVA main effects of a random forest (empirical marginals)";

/**
 * The most completed trials an estimate rests on. A forest over every trial of a 100,000-trial sweep takes
 * seconds of one core (8.1 s at 8,880 trials on the bench's machine); an even sample of 2,000 ranks the
 * parameters the same way.
 */
export const MAX_IMPORTANCE_TRIALS = 2_000;

/** The fewest completed trials an estimate is made from. */
export const IMPORTANCE_MIN_TRIALS = 4;

/** The trials an importance estimate uses: all of them up to MAX_IMPORTANCE_TRIALS, else an even sample in order. */
export function importanceSample<T>(trials: ReadonlyArray<T>, max = MAX_IMPORTANCE_TRIALS): T[] {
  if (trials.length <= max) return trials.slice();
  const step = trials.length / max;
  return Array.from({ length: max }, (_, i) => trials[Math.floor(i * step)]!);
}

export interface ImportanceOptions {
  seed?: number;
  nTrees?: number;
  maxDepth?: number;
}

export type ParamImportance = Array<{ param: string; importance: number }>;

export function paramImportance(space: Space, trials: ReadonlyArray<TrialRecord>, direction: Direction, options: ImportanceOptions = {}): ParamImportance {
  const steps = importanceSteps(space, trials, direction, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * paramImportance, one tree at a time: the generator yields after each tree and returns the estimate. A server
 * runs it with a pause between steps, so a forest of a few seconds never holds the event loop for more than a
 * tree's time.
 */
export function* importanceSteps(space: Space, trials: ReadonlyArray<TrialRecord>, direction: Direction, options: ImportanceOptions = {}): Generator<void, ParamImportance, void> {
  const specs = compileSpace(space).free;
  const p = specs.length;
  if (p === 0) return [];
  const rows = trials.filter((t) => t.state === "complete" && typeof t.values?.[0] === "number" && Number.isFinite(t.values[0]));
  const n = rows.length;
  const sign = direction === "maximize" ? -1 : 1;
  const y = Float64Array.from(rows, (t) => sign * t.values![0]!);
  const X = specs.map((s) => {
    let min = Infinity;
    for (const t of rows) {
      const v = own(t.internal, s.path);
      if (v !== undefined && Number.isFinite(v) && v < min) min = v;
    }
    const absent = Number.isFinite(min) ? min - 1 : -1;
    return Float64Array.from(rows, (t) => {
      const v = own(t.internal, s.path);
      return v !== undefined && Number.isFinite(v) ? v : absent;
    });
  });
  const totals = new Float64Array(p);
  if (n >= 2) {
    const sorted = X.map((col) => col.slice().sort());
    const rng = createRng(options.seed ?? 0);
    const nTrees = options.nTrees ?? 32;
    for (let t = 0; t < nTrees; t++) {
      const leaves = growTree(X, y, rng, { maxDepth: options.maxDepth ?? 16, minLeaf: 1 });
      const share = mainEffects(leaves, sorted);
      for (let f = 0; f < p; f++) totals[f] = totals[f]! + share[f]!;
      yield;
    }
  }
  const sum = totals.reduce((a, b) => a + b, 0);
  return specs
    .map((s, f) => ({ param: s.path, importance: sum > 0 ? totals[f]! / sum : 1 / p }))
    .sort((a, b) => b.importance - a.importance);
}

/** Fraction of sorted values in (lo, hi]. */
function measure(sorted: Float64Array, lo: number, hi: number): number {
  return (upper(sorted, hi) - upper(sorted, lo)) / sorted.length;
}

/** Number of values <= x. */
function upper(sorted: Float64Array, x: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (sorted[m]! <= x) a = m + 1;
    else b = m;
  }
  return a;
}

/** Per feature: Var(main effect) / Var(tree) under the product of empirical marginals. */
function mainEffects(leaves: Leaf[], sorted: Float64Array[]): Float64Array {
  const p = sorted.length;
  const L = leaves.length;
  const probs = leaves.map((leaf) => Float64Array.from(sorted, (s, f) => measure(s, leaf.lo[f]!, leaf.hi[f]!)));
  let mean = 0;
  let second = 0;
  for (let l = 0; l < L; l++) {
    const pr = probs[l]!.reduce((a, b) => a * b, 1);
    mean += pr * leaves[l]!.value;
    second += pr * leaves[l]!.value ** 2;
  }
  const total = second - mean * mean;
  const out = new Float64Array(p);
  if (!(total > 1e-15 * Math.max(1, second))) return out;
  for (let f = 0; f < p; f++) {
    const values = sorted[f]!;
    const distinct: number[] = [];
    const weight: number[] = [];
    for (let i = 0; i < values.length; i++) {
      if (i > 0 && values[i] === values[i - 1]) weight[weight.length - 1]! += 1;
      else {
        distinct.push(values[i]!);
        weight.push(1);
      }
    }
    const D = distinct.length;
    // m_f(v) = sum over leaves whose f-interval holds v of value * P(other coordinates in the leaf's box);
    // each leaf covers a contiguous run of the sorted distinct values, so a difference array suffices.
    const diff = new Float64Array(D + 1);
    const dv = Float64Array.from(distinct);
    for (let l = 0; l < L; l++) {
      const leaf = leaves[l]!;
      let others = 1;
      const pr = probs[l]!;
      for (let g = 0; g < p; g++) if (g !== f) others *= pr[g]!;
      if (others === 0) continue;
      const a = upper(dv, leaf.lo[f]!);
      const b = upper(dv, leaf.hi[f]!);
      if (a >= b) continue;
      const c = leaf.value * others;
      diff[a] = diff[a]! + c;
      diff[b] = diff[b]! - c;
    }
    let m = 0;
    let s1 = 0;
    let s2 = 0;
    const nv = values.length;
    for (let i = 0; i < D; i++) {
      m += diff[i]!;
      const w = weight[i]! / nv;
      s1 += w * m;
      s2 += w * m * m;
    }
    out[f] = Math.max(0, s2 - s1 * s1) / total;
  }
  return out;
}
