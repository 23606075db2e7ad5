import type { ParamSpec } from "../space/compile";
import type { Rng } from "../types";

/**
 * A categorical dimension of a Parzen estimator. Every observation's kernel is the prior (pchoice weights, else
 * uniform) smoothed by priorWeight / nK, plus 1 on the observed category, so all observation kernels share one row
 * of probabilities except at their own category. Storing those shared rows (O(categories)) and each kernel's
 * category (O(kernels)) instead of a kernels x categories table keeps a long history over a large categorical from
 * allocating hundreds of megabytes per ask.
 */
export interface CatDim {
  kind: "cat";
  spec: ParamSpec;
  /** Number of categories. */
  n: number;
  /** Kernel k's observed category; BARE for an observation outside the categories, PRIOR for the prior kernel. */
  obs: Int32Array;
  /** log p(j) of an observation kernel at a category it did not observe, and at the one it did. */
  lpOther: Float64Array;
  lpHit: Float64Array;
  lpBare: Float64Array;
  lpPrior: Float64Array;
  /** Cumulative probabilities of the same rows, for drawing (an observation kernel adds 1 / total from its category on). */
  cumOther: Float64Array;
  cumBare: Float64Array;
  cumPrior: Float64Array;
  /** 1 / total of an observation kernel: the observed category's extra probability. */
  hit: number;
}

export const BARE = -1;
export const PRIOR = -2;

function row(c: number, base: Float64Array | null, scale: number, out: Float64Array): number {
  let total = 0;
  for (let j = 0; j < c; j++) {
    const pj = base ? base[j]! : 1 / c;
    out[j] = scale === 1 ? pj : scale * pj;
    total += out[j]!;
  }
  return total;
}

function logsAndCum(values: Float64Array, add: number, total: number, lp: Float64Array, cum: Float64Array | null): void {
  let acc = 0;
  for (let j = 0; j < values.length; j++) {
    const p = (values[j]! + add) / total;
    lp[j] = Math.log(p);
    if (cum) cum[j] = acc += p;
  }
}

export function buildCat(spec: ParamSpec, col: Float64Array, n: number, nK: number, prior: boolean, priorWeight: number): CatDim {
  const c = spec.count;
  const base = spec.weights;
  const smooth = priorWeight / nK;
  const shared = new Float64Array(c);
  const sharedTotal = row(c, base, smooth * c, shared);
  const priorRow = new Float64Array(c);
  const priorTotal = row(c, base, 1, priorRow);
  const obs = new Int32Array(nK);
  for (let k = 0; k < nK; k++) {
    if (prior && k === n) obs[k] = PRIOR;
    else {
      const o = Math.round(col[k]!);
      obs[k] = o >= 0 && o < c ? o : BARE;
    }
  }
  const dim: CatDim = {
    kind: "cat",
    spec,
    n: c,
    obs,
    lpOther: new Float64Array(c),
    lpHit: new Float64Array(c),
    lpBare: new Float64Array(c),
    lpPrior: new Float64Array(c),
    cumOther: new Float64Array(c),
    cumBare: new Float64Array(c),
    cumPrior: new Float64Array(c),
    hit: 1 / (sharedTotal + 1),
  };
  logsAndCum(shared, 0, sharedTotal + 1, dim.lpOther, dim.cumOther);
  logsAndCum(shared, 1, sharedTotal + 1, dim.lpHit, null);
  logsAndCum(shared, 0, sharedTotal, dim.lpBare, dim.cumBare);
  logsAndCum(priorRow, 0, priorTotal, dim.lpPrior, dim.cumPrior);
  return dim;
}

/** log p(category j) under kernel k. */
export function catLogP(dim: CatDim, k: number, j: number): number {
  const o = dim.obs[k]!;
  if (o === PRIOR) return dim.lpPrior[j]!;
  if (o === BARE) return dim.lpBare[j]!;
  return o === j ? dim.lpHit[j]! : dim.lpOther[j]!;
}

/** Draws a category from kernel k (what pickCumulative does over the kernel's own cumulative row). */
export function drawCat(dim: CatDim, k: number, rng: Rng): number {
  const o = dim.obs[k]!;
  const cum = o === PRIOR ? dim.cumPrior : o === BARE ? dim.cumBare : dim.cumOther;
  const extra = o >= 0 ? dim.hit : 0;
  const at = (j: number): number => cum[j]! + (extra > 0 && j >= o ? extra : 0);
  const last = dim.n - 1;
  const u = rng.next() * at(last);
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at(mid) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
