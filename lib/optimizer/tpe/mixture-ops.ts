import { pickCumulative } from "../rng";
import { logBinMasses, truncStdNormal } from "../math/normal";
import { binEdges, snap } from "../space/convert";
import type { Rng } from "../types";
import { BARE, drawCat } from "./categorical";
import type { Mixture, NumDim } from "./parzen";

/**
 * Per discrete dimension, logDensity remembers each distinct candidate value's kernel masses (candidates repeat
 * values). The memo holds nK floats per value: this many floats in all (8 MB), so a long history cannot make it
 * grow to candidates x history.
 */
const MEMO_FLOATS = 1 << 20;

/** Draws `count` points (row-major, one row of D internal values each) from the mixture. */
export function sampleMixture(m: Mixture, rng: Rng, count: number): Float64Array {
  const D = m.dims.length;
  const out = new Float64Array(count * D);
  for (let c = 0; c < count; c++) {
    const k = pickCumulative(rng, m.cumW);
    for (let d = 0; d < D; d++) {
      const dim = m.dims[d]!;
      let x: number;
      if (dim.kind === "cat") {
        x = drawCat(dim, k, rng);
      } else {
        const mu = dim.mu[k]!;
        const s = dim.sigma[k]!;
        const spec = dim.spec;
        const z = truncStdNormal((spec.low - mu) / s, (spec.high - mu) / s, rng.next());
        x = snap(spec, mu + s * z);
      }
      out[c * D + d] = x;
    }
  }
  return out;
}

/** log density (log mass for discrete and categorical dimensions) of each point under the mixture. */
export function logDensity(m: Mixture, points: Float64Array, count: number, out: Float64Array): void {
  const D = m.dims.length;
  const nK = m.nK;
  if (D === 1 && m.dims[0]!.kind === "num" && m.dims[0]!.spec.kind === "continuous") {
    logDensity1d(m, m.dims[0]!, points, count, out);
    return;
  }
  const acc = new Float64Array(nK);
  const edges = new Float64Array(2);
  const memo = m.dims.map((dim, d) => (dim.kind === "num" && dim.spec.kind === "discrete" ? discreteMemo(dim, points, count, D, d, edges) : null));
  const scratch = new Float64Array(nK);
  for (let c = 0; c < count; c++) {
    acc.set(m.base);
    for (let d = 0; d < D; d++) {
      const dim = m.dims[d]!;
      const x = points[c * D + d]!;
      if (dim.kind === "cat") {
        const j = Math.round(x);
        const obs = dim.obs;
        const other = dim.lpOther[j]!;
        const hit = dim.lpHit[j]!;
        const bare = dim.lpBare[j]!;
        const prior = dim.lpPrior[j]!;
        for (let k = 0; k < nK; k++) {
          const o = obs[k]!;
          acc[k] = acc[k]! + (o === j ? hit : o >= 0 ? other : o === BARE ? bare : prior);
        }
      } else if (dim.spec.kind === "continuous") {
        const mu = dim.mu;
        const inv = dim.invSigma;
        for (let k = 0; k < nK; k++) {
          const z = (x - mu[k]!) * inv[k]!;
          acc[k] = acc[k]! - 0.5 * z * z;
        }
      } else {
        const { slots, table } = memo[d]!;
        const slot = slots.get(x);
        let masses = table;
        let offset = 0;
        if (slot === undefined) {
          binEdges(dim.spec, x, edges);
          logBinMasses(edges[0]!, edges[1]!, dim.mu, dim.invSigma, dim.logZ, nK, scratch, 0);
          masses = scratch;
        } else offset = slot * nK;
        for (let k = 0; k < nK; k++) acc[k] = acc[k]! + masses[offset + k]!;
      }
    }
    out[c] = logSumExp(acc, nK);
  }
}

/**
 * The kernel masses of each distinct value a discrete dimension takes among the points (candidates repeat
 * values), in one table: at most MEMO_FLOATS numbers, values past that are computed when met.
 */
function discreteMemo(dim: NumDim, points: Float64Array, count: number, D: number, d: number, edges: Float64Array): { slots: Map<number, number>; table: Float64Array } {
  const nK = dim.mu.length;
  const cap = Math.max(1, Math.floor(MEMO_FLOATS / Math.max(1, nK)));
  const slots = new Map<number, number>();
  for (let c = 0; c < count && slots.size < cap; c++) {
    const x = points[c * D + d]!;
    if (!slots.has(x)) slots.set(x, slots.size);
  }
  const table = new Float64Array(slots.size * nK);
  for (const [x, slot] of slots) {
    binEdges(dim.spec, x, edges);
    logBinMasses(edges[0]!, edges[1]!, dim.mu, dim.invSigma, dim.logZ, nK, table, slot * nK);
  }
  return { slots, table };
}

/** Terms this far below the maximum add less than 1e-16 relative: skipping their exp is exact in doubles. */
const NEGLIGIBLE = -37;

export function logSumExp(a: Float64Array, n: number): number {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (a[i]! > max) max = a[i]!;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - max;
    if (d > NEGLIGIBLE) sum += Math.exp(d);
  }
  return max + Math.log(sum);
}

/**
 * The univariate continuous case without the general path's per-dimension bookkeeping: a first pass finds the
 * largest term, a second adds exp only for the terms that are not negligible against it (most kernels of a long
 * history are far from any given point).
 */
function logDensity1d(m: Mixture, dim: NumDim, points: Float64Array, count: number, out: Float64Array): void {
  const nK = m.nK;
  const base = m.base;
  const mu = dim.mu;
  const inv = dim.invSigma;
  const t = new Float64Array(nK);
  for (let c = 0; c < count; c++) {
    const x = points[c]!;
    let max = -Infinity;
    for (let k = 0; k < nK; k++) {
      const z = (x - mu[k]!) * inv[k]!;
      const v = base[k]! - 0.5 * z * z;
      t[k] = v;
      if (v > max) max = v;
    }
    if (max === -Infinity) {
      out[c] = -Infinity;
      continue;
    }
    const cut = max + NEGLIGIBLE;
    let sum = 0;
    for (let k = 0; k < nK; k++) {
      const v = t[k]!;
      if (v > cut) sum += Math.exp(v - max);
    }
    out[c] = max + Math.log(sum);
  }
}
