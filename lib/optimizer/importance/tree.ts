import { randInt } from "../rng";
import type { Rng } from "../types";

/** A leaf of a regression tree: the box (lo, hi] per feature and the mean target inside it. */
export interface Leaf {
  lo: Float64Array;
  hi: Float64Array;
  value: number;
}

export interface TreeOptions {
  maxDepth: number;
  minLeaf: number;
}

/**
 * Grows a CART regression tree (squared error) on a bootstrap sample and returns its leaves, which
 * partition the whole feature space. Features are columns: X[f][i].
 */
export function growTree(X: ReadonlyArray<Float64Array>, y: Float64Array, rng: Rng, opts: TreeOptions): Leaf[] {
  const n = y.length;
  const sample = new Int32Array(n);
  for (let i = 0; i < n; i++) sample[i] = randInt(rng, n);
  const p = X.length;
  const leaves: Leaf[] = [];
  const lo = new Float64Array(p).fill(-Infinity);
  const hi = new Float64Array(p).fill(Infinity);
  split(X, y, sample, lo, hi, 0, opts, leaves);
  return leaves;
}

function split(X: ReadonlyArray<Float64Array>, y: Float64Array, idx: Int32Array, lo: Float64Array, hi: Float64Array, depth: number, opts: TreeOptions, leaves: Leaf[]): void {
  const n = idx.length;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = y[idx[i]!]!;
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  const sse = sumSq - sum * mean;
  if (depth >= opts.maxDepth || n < 2 * opts.minLeaf || sse <= 1e-12 * Math.max(1, Math.abs(sumSq))) {
    leaves.push({ lo: lo.slice(), hi: hi.slice(), value: mean });
    return;
  }
  let bestGain = 0;
  let bestF = -1;
  let bestThr = 0;
  const order = new Int32Array(n);
  for (let f = 0; f < X.length; f++) {
    const col = X[f]!;
    order.set(idx);
    order.sort((a, b) => col[a]! - col[b]!);
    let ls = 0;
    let lq = 0;
    for (let i = 0; i < n - 1; i++) {
      const v = y[order[i]!]!;
      ls += v;
      lq += v * v;
      const xa = col[order[i]!]!;
      const xb = col[order[i + 1]!]!;
      if (xa === xb || i + 1 < opts.minLeaf || n - i - 1 < opts.minLeaf) continue;
      const nl = i + 1;
      const nr = n - nl;
      const rs = sum - ls;
      const rq = sumSq - lq;
      const childSse = lq - (ls * ls) / nl + (rq - (rs * rs) / nr);
      const gain = sse - childSse;
      if (gain > bestGain + 1e-12) {
        bestGain = gain;
        bestF = f;
        bestThr = (xa + xb) / 2;
      }
    }
  }
  if (bestF < 0) {
    leaves.push({ lo: lo.slice(), hi: hi.slice(), value: mean });
    return;
  }
  const col = X[bestF]!;
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < n; i++) (col[idx[i]!]! <= bestThr ? left : right).push(idx[i]!);
  const oldHi = hi[bestF]!;
  hi[bestF] = bestThr;
  split(X, y, Int32Array.from(left), lo, hi, depth + 1, opts, leaves);
  hi[bestF] = oldHi;
  const oldLo = lo[bestF]!;
  lo[bestF] = bestThr;
  split(X, y, Int32Array.from(right), lo, hi, depth + 1, opts, leaves);
  lo[bestF] = oldLo;
}
