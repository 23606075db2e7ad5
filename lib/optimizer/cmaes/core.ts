// The CMA-ES itself (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016: recombination weights for the mu
// best, negative "active" weights for the rest in the covariance update),
// on a box in the [0, 1]-scaled space, with the margin correction of Hamano et al. (2022) for discrete
// coordinates and the stopping tests an IPOP restart reacts to. Pure arithmetic on typed arrays: what the
// state is made of and when it changes is decided by replay.ts.

import { symmetricEigen } from "../math/eigen";
import { normCdf, normInv } from "../math/normal";
import type { Rng } from "../types";

/** A run's fixed settings: dimension, population and the learning rates derived from them. */
export interface CmaParams {
  n: number;
  lambda: number;
  mu: number;
  /**
   * Weights of all lambda ranks: the mu best positive, summing to 1 (the mean's recombination); the rest
   * negative (active CMA: the covariance shrinks along the worst steps), scaled as the tutorial prescribes
   * so that C stays positive definite.
   */
  weights: Float64Array;
  /** Sum of all weights (positive and negative), in the covariance's decay factor. */
  weightSum: number;
  mueff: number;
  cs: number;
  ds: number;
  cc: number;
  c1: number;
  cmu: number;
  chiN: number;
  /** Generations between eigendecompositions (Hansen's lazy update, see LAZY_EIGEN). */
  eigenEvery: number;
  /** Generations of best/worst values the flat-fitness test looks back over (10 + ceil(30 n / lambda)). */
  funHist: number;
  /** Generations without a new best after which a run counts as stagnant. */
  stagnation: number;
}

/**
 * Hansen's lazy eigendecomposition decomposes C every 1 / (LAZY n (c1 + cmu)) generations; the tutorial's 10
 * means every generation below ~40 dimensions. 1 decomposes every 2nd generation at 10 dimensions and every 5th
 * at 32 (C changes by about 1/n of itself in between): replay is dominated by the O(n^3) decomposition, and
 * sampling from a C a few generations old measured no worse (rosenbrock5, sphere20, levy10, 20 seeds x 1,000 trials).
 */
const LAZY_EIGEN = 1;

export function cmaParams(n: number, lambda: number): CmaParams {
  const mu = Math.floor(lambda / 2);
  const raw = Array.from({ length: lambda }, (_, i) => Math.log((lambda + 1) / 2) - Math.log(i + 1));
  let posSum = 0;
  let posSq = 0;
  let negSum = 0;
  let negSq = 0;
  raw.forEach((w, i) => {
    if (i < mu) {
      posSum += w;
      posSq += w * w;
    } else if (w < 0) {
      negSum -= w;
      negSq += w * w;
    }
  });
  const mueff = (posSum * posSum) / posSq;
  const mueffNeg = negSq > 0 ? (negSum * negSum) / negSq : 0;
  const cs = (mueff + 2) / (n + mueff + 5);
  const ds = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
  const cc = (4 + mueff / n) / (n + 4 + (2 * mueff) / n);
  const c1 = 2 / ((n + 1.3) ** 2 + mueff);
  const cmu = Math.min(1 - c1, (2 * (mueff - 2 + 1 / mueff)) / ((n + 2) ** 2 + mueff));
  // The negative weights' total: the smallest of the three bounds (equal decay, mueff balance, definiteness).
  const negScale = Math.min(1 + c1 / cmu, 1 + (2 * mueffNeg) / (mueff + 2), (1 - c1 - cmu) / (n * cmu));
  const weights = Float64Array.from(raw, (w, i) => (i < mu ? w / posSum : w < 0 && negSum > 0 ? (negScale * w) / negSum : 0));
  const weightSum = weights.reduce((a, w) => a + w, 0);
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  const eigenEvery = Math.max(1, Math.floor(1 / ((c1 + cmu) * n * LAZY_EIGEN)));
  const funHist = 10 + Math.ceil((30 * n) / lambda);
  return { n, lambda, mu, weights, weightSum, mueff, cs, ds, cc, c1, cmu, chiN, eigenEvery, funHist, stagnation: 3 * funHist };
}

/** 4 + floor(3 ln d): the standard population. */
export function defaultPopsize(n: number): number {
  return 4 + Math.floor(3 * Math.log(Math.max(1, n)));
}

export interface CmaState {
  p: CmaParams;
  mean: Float64Array;
  sigma: number;
  /** Covariance, row-major n x n. */
  C: Float64Array;
  /** Eigenvectors of C (columns) and the square roots of its eigenvalues. */
  B: Float64Array;
  D: Float64Array;
  ps: Float64Array;
  pc: Float64Array;
  /** Per-coordinate scale of the margin correction (1 for continuous coordinates). */
  A: Float64Array;
  generation: number;
  eigenAt: number;
  /** Best and worst finite value of each of the last funHist generations (NaN: none), a ring. */
  bests: Float64Array;
  worsts: Float64Array;
  /** Best value of the run so far and the generation that found it. */
  best: number;
  bestAt: number;
}

export function createState(n: number, lambda: number, mean: Float64Array, sigma: number): CmaState {
  const p = cmaParams(n, lambda);
  const C = new Float64Array(n * n);
  const B = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    C[i * n + i] = 1;
    B[i * n + i] = 1;
  }
  return {
    p,
    mean: Float64Array.from(mean),
    sigma,
    C,
    B,
    D: new Float64Array(n).fill(1),
    ps: new Float64Array(n),
    pc: new Float64Array(n),
    A: new Float64Array(n).fill(1),
    generation: 0,
    eigenAt: 0,
    bests: new Float64Array(p.funHist).fill(NaN),
    worsts: new Float64Array(p.funHist).fill(NaN),
    best: Infinity,
    bestAt: 0,
  };
}

export function cloneState(s: CmaState): CmaState {
  return {
    ...s,
    mean: Float64Array.from(s.mean),
    C: Float64Array.from(s.C),
    B: Float64Array.from(s.B),
    D: Float64Array.from(s.D),
    ps: Float64Array.from(s.ps),
    pc: Float64Array.from(s.pc),
    A: Float64Array.from(s.A),
    bests: Float64Array.from(s.bests),
    worsts: Float64Array.from(s.worsts),
  };
}

/** Resampling attempts before a point outside the box is clipped into it (as the cmaes library does). */
const MAX_RESAMPLES = 100;

/** Standard normal draws by inversion (one uniform each, so the stream position is easy to reason about). */
function gauss(rng: Rng): number {
  const u = rng.next();
  return normInv(u > 0 ? u : 2 ** -60);
}

/**
 * One sample x = m + sigma A B D z, z ~ N(0, I), in the box [lo, hi]: redrawn while outside it, then clipped
 * (the clipped point is what the trial evaluates and what tell learns from).
 */
export function sampleState(s: CmaState, rng: Rng, lo: Float64Array, hi: Float64Array): Float64Array {
  const { n } = s.p;
  const z = new Float64Array(n);
  const x = new Float64Array(n);
  for (let attempt = 0; attempt < MAX_RESAMPLES; attempt++) {
    for (let i = 0; i < n; i++) z[i] = s.D[i]! * gauss(rng);
    let inside = true;
    for (let i = 0; i < n; i++) {
      let y = 0;
      for (let j = 0; j < n; j++) y += s.B[i * n + j]! * z[j]!;
      const xi = s.mean[i]! + s.sigma * s.A[i]! * y;
      x[i] = xi;
      if (!(xi >= lo[i]! && xi <= hi[i]!)) inside = false;
    }
    if (inside) return x;
  }
  for (let i = 0; i < n; i++) x[i] = Math.min(hi[i]!, Math.max(lo[i]!, Number.isFinite(x[i]!) ? x[i]! : s.mean[i]!));
  return x;
}

/**
 * One generation's update from its lambda solutions, best first (`xs` as sampled, `values` their sign-adjusted
 * first objective or NaN for a failure, pruned or infeasible trial: only finite values feed the stopping tests).
 */
export function tell(s: CmaState, xs: ReadonlyArray<Float64Array>, values: ReadonlyArray<number>): void {
  const { n, lambda, mu, weights, weightSum, mueff, cs, ds, cc, c1, cmu, chiN } = s.p;
  const ys: Float64Array[] = [];
  for (let k = 0; k < lambda; k++) {
    const x = xs[k]!;
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = (x[i]! - s.mean[i]!) / (s.sigma * s.A[i]!);
    ys.push(y);
  }
  const yw = new Float64Array(n);
  for (let k = 0; k < mu; k++) {
    const w = weights[k]!;
    const y = ys[k]!;
    for (let i = 0; i < n; i++) yw[i]! += w * y[i]!;
  }
  for (let i = 0; i < n; i++) s.mean[i]! += s.sigma * s.A[i]! * yw[i]!;
  // C^(-1/2) yw = B D^-1 B^T yw.
  const t = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += s.B[i * n + j]! * yw[i]!;
    t[j] = acc / s.D[j]!;
  }
  const csn = Math.sqrt(cs * (2 - cs) * mueff);
  let psNorm2 = 0;
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += s.B[i * n + j]! * t[j]!;
    const v = (1 - cs) * s.ps[i]! + csn * acc;
    s.ps[i] = v;
    psNorm2 += v * v;
  }
  const psNorm = Math.sqrt(psNorm2);
  const g = s.generation + 1;
  const hsig = psNorm / Math.sqrt(1 - (1 - cs) ** (2 * g)) < (1.4 + 2 / (n + 1)) * chiN ? 1 : 0;
  const ccn = Math.sqrt(cc * (2 - cc) * mueff);
  for (let i = 0; i < n; i++) s.pc[i] = (1 - cc) * s.pc[i]! + hsig * ccn * yw[i]!;
  // Active weights: a negative weight's step is rescaled to the length n in the C^(-1/2) metric, so a far
  // (bad) sample cannot shrink C by more than a near one.
  const wc = Float64Array.from(weights);
  for (let k = mu; k < lambda; k++) {
    if (wc[k] === 0) continue;
    const y = ys[k]!;
    let norm2 = 0;
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += s.B[i * n + j]! * y[i]!;
      norm2 += (acc / s.D[j]!) ** 2;
    }
    wc[k] = norm2 > 0 ? (wc[k]! * n) / norm2 : 0;
  }
  const keep = 1 - c1 - cmu * weightSum + (1 - hsig) * c1 * cc * (2 - cc);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let rankMu = 0;
      for (let k = 0; k < lambda; k++) rankMu += wc[k]! * ys[k]![i]! * ys[k]![j]!;
      const v = keep * s.C[i * n + j]! + c1 * s.pc[i]! * s.pc[j]! + cmu * rankMu;
      s.C[i * n + j] = v;
      s.C[j * n + i] = v;
    }
  }
  // The exponent is capped so that one wild generation cannot blow sigma up by more than e.
  s.sigma *= Math.exp(Math.min(1, (cs / ds) * (psNorm / chiN - 1)));
  s.generation = g;
  if (g - s.eigenAt >= s.p.eigenEvery) updateEigen(s);
  recordValues(s, values);
}

function updateEigen(s: CmaState): void {
  const { n } = s.p;
  // 1e-10 relative: far below what sampling needs, and a sweep or two fewer than rounding level.
  const e = symmetricEigen(s.C, n, s.B, 1e-10);
  const top = Math.max(e.values[n - 1]!, 0);
  for (let j = 0; j < n; j++) s.D[j] = Math.sqrt(Math.max(e.values[j]!, top * 1e-20, 1e-300));
  s.B.set(e.vectors);
  s.eigenAt = s.generation;
}

function recordValues(s: CmaState, values: ReadonlyArray<number>): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const slot = (s.generation - 1) % s.p.funHist;
  s.bests[slot] = lo === Infinity ? NaN : lo;
  s.worsts[slot] = hi === -Infinity ? NaN : hi;
  if (lo < s.best) {
    s.best = lo;
    s.bestAt = s.generation;
  }
}

/** What a discrete coordinate's current value spans: the scaled thresholds to its neighbours (+-Infinity at an end). */
export type BinOf = (coord: number, u: number) => readonly [lo: number, hi: number];

/**
 * The margin correction: after an update, each discrete coordinate keeps a probability of at least `alpha`
 * of sampling a value other than the one its mean rounds to (alpha / 2 on each side of an interior value),
 * so a small step size cannot freeze it. At an end of the range the mean moves towards the inner neighbour
 * until alpha of the marginal lies beyond the threshold; inside, the marginal is widened (A) and re-centred
 * so that each side keeps max(its mass, alpha / 2).
 */
export function applyMargin(s: CmaState, discrete: ReadonlyArray<number>, binOf: BinOf, alpha: number): void {
  const { n } = s.p;
  for (const j of discrete) {
    const m = s.mean[j]!;
    const sd = s.sigma * s.A[j]! * Math.sqrt(s.C[j * n + j]!);
    if (!(sd > 0) || !Number.isFinite(m)) continue;
    const [lo, hi] = binOf(j, m);
    const hasLo = Number.isFinite(lo);
    const hasHi = Number.isFinite(hi);
    if (hasLo && hasHi) {
      const pLo = normCdf((lo - m) / sd);
      const pHi = 1 - normCdf((hi - m) / sd);
      const half = alpha / 2;
      if (pLo >= half && pHi >= half) continue;
      const a = normInv(Math.max(pLo, half));
      const b = normInv(1 - Math.max(pHi, half));
      const sd2 = (hi - lo) / (b - a);
      if (!(sd2 > 0) || !Number.isFinite(sd2)) continue;
      s.mean[j] = lo - a * sd2;
      s.A[j] = s.A[j]! * (sd2 / sd);
    } else if (hasLo || hasHi) {
      const edge = hasLo ? lo : hi;
      const pOut = hasLo ? normCdf((lo - m) / sd) : 1 - normCdf((hi - m) / sd);
      if (pOut >= alpha) continue;
      const reach = sd * normInv(1 - alpha);
      s.mean[j] = hasLo ? edge + reach : edge - reach;
    }
  }
}

export interface StopTolerances {
  /** Coordinates the step-size test looks at (the continuous ones; all when there are none). */
  continuous: ReadonlyArray<number>;
}

// Tighter than a hyperparameter needs (1e-8 of a range; values equal to 9 significant digits) and looser than
// the cmaes library's 1e-12 (absolute): a converged run in a budget of thousands restarts instead of spending
// hundreds of trials on the last digits of one local optimum.
const TOL_X = 1e-6;
const TOL_X_UP = 1e4;
const TOL_FUN = 1e-7;
const TOL_CONDITION = 1e14;

/**
 * Why the run should stop (an IPOP restart), or null: a flat fitness over the recent generations (relative
 * TOL_FUN), a step size below TOL_X in every continuous coordinate, a diverging or ill-conditioned distribution, steps too small to
 * move the mean, no new best for `stagnation` generations, or a state that is no longer finite.
 */
export function stopReason(s: CmaState, tol: StopTolerances): string | null {
  const { n, funHist, stagnation } = s.p;
  if (!Number.isFinite(s.sigma) || s.sigma <= 0) return "sigma";
  for (let i = 0; i < n; i++) if (!Number.isFinite(s.mean[i]!) || !Number.isFinite(s.D[i]!)) return "nonfinite";
  if (s.generation >= funHist) {
    let lo = Infinity;
    let hi = -Infinity;
    let ok = true;
    for (let k = 0; k < funHist && ok; k++) {
      const b = s.bests[k]!;
      const w = s.worsts[k]!;
      if (Number.isNaN(b) || Number.isNaN(w)) ok = false;
      lo = Math.min(lo, b);
      hi = Math.max(hi, w);
    }
    if (ok && hi - lo < TOL_FUN * Math.max(1, Math.abs(lo))) return "tolfun";
  }
  let small = true;
  let stuck = false;
  for (const i of tol.continuous) {
    const sdi = s.sigma * s.A[i]! * Math.sqrt(s.C[i * n + i]!);
    if (!(sdi < TOL_X && s.sigma * s.A[i]! * Math.abs(s.pc[i]!) < TOL_X)) small = false;
    if (s.mean[i]! === s.mean[i]! + 0.2 * sdi) stuck = true;
  }
  if (tol.continuous.length > 0 && small) return "tolx";
  if (stuck) return "noeffectcoord";
  let dMax = 0;
  let dMin = Infinity;
  for (let i = 0; i < n; i++) {
    dMax = Math.max(dMax, s.D[i]!);
    dMin = Math.min(dMin, s.D[i]!);
  }
  if (s.sigma * dMax > TOL_X_UP) return "tolxup";
  if ((dMax / dMin) ** 2 > TOL_CONDITION) return "condition";
  if (s.generation - s.bestAt >= stagnation) return "stagnation";
  return null;
}
