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

interface Ctx {
  X: ReadonlyArray<Float64Array>;
  y: Float64Array;
  opts: TreeOptions;
  leaves: Leaf[];
  /** Scratch: which bootstrap rows go left at the current split. */
  goesLeft: Uint8Array;
}

/**
 * Grows a CART regression tree (squared error) on a bootstrap sample and returns its leaves, which
 * partition the whole feature space. Features are columns: X[f][i]. Rows are sorted once per feature and
 * the sorted lists are partitioned at every split, so no node sorts again.
 */
export function growTree(X: ReadonlyArray<Float64Array>, y: Float64Array, rng: Rng, opts: TreeOptions): Leaf[] {
  const n = y.length;
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = randInt(rng, n);
  // Sort positions 0..n-1 of the bootstrap sample by each feature.
  const orders = X.map((col) => Int32Array.from(rows.keys()).sort((a, b) => col[rows[a]!]! - col[rows[b]!]!).map((pos) => rows[pos]!));
  const p = X.length;
  const ctx: Ctx = { X, y, opts, leaves: [], goesLeft: new Uint8Array(n) };
  const lo = new Float64Array(p).fill(-Infinity);
  const hi = new Float64Array(p).fill(Infinity);
  split(ctx, orders, lo, hi, 0);
  return ctx.leaves;
}

function split(ctx: Ctx, orders: Int32Array[], lo: Float64Array, hi: Float64Array, depth: number): void {
  const { X, y, opts } = ctx;
  const first = orders[0]!;
  const n = first.length;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = y[first[i]!]!;
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  const sse = sumSq - sum * mean;
  const leaf = (): void => void ctx.leaves.push({ lo: lo.slice(), hi: hi.slice(), value: mean });
  if (depth >= opts.maxDepth || n < 2 * opts.minLeaf || sse <= 1e-12 * Math.max(1, Math.abs(sumSq))) return leaf();
  let bestGain = 0;
  let bestF = -1;
  let bestThr = 0;
  for (let f = 0; f < X.length; f++) {
    const col = X[f]!;
    const order = orders[f]!;
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
      const rs = sum - ls;
      const gain = sse - (lq - (ls * ls) / nl + (sumSq - lq - (rs * rs) / (n - nl)));
      if (gain > bestGain + 1e-12) {
        bestGain = gain;
        bestF = f;
        bestThr = (xa + xb) / 2;
      }
    }
  }
  if (bestF < 0) return leaf();
  // Bootstrap rows repeat, but a row's side depends only on its value, so marking by row is consistent.
  const col = X[bestF]!;
  for (let i = 0; i < n; i++) ctx.goesLeft[first[i]!] = col[first[i]!]! <= bestThr ? 1 : 0;
  const left: Int32Array[] = [];
  const right: Int32Array[] = [];
  let nl = 0;
  for (let i = 0; i < n; i++) nl += ctx.goesLeft[first[i]!]!;
  for (const order of orders) {
    const l = new Int32Array(nl);
    const r = new Int32Array(n - nl);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      const row = order[i]!;
      if (ctx.goesLeft[row]) l[a++] = row;
      else r[b++] = row;
    }
    left.push(l);
    right.push(r);
  }
  const oldHi = hi[bestF]!;
  hi[bestF] = bestThr;
  split(ctx, left, lo, hi, depth + 1);
  hi[bestF] = oldHi;
  const oldLo = lo[bestF]!;
  lo[bestF] = bestThr;
  split(ctx, right, lo, hi, depth + 1);
  lo[bestF] = oldLo;
}
