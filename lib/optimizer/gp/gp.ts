import { choleskyJitter, cholInverse, solveLower, solveUpperT } from "../math/linalg";
import { minimizeBox } from "../math/lbfgsb";

// Gaussian-process regression with a Matérn-5/2 ARD kernel, in the manner of Optuna's GPSampler:
//   k(x, x') = scale * m(d2),  m(d2) = (1 + sqrt(5 d2) + 5/3 d2) exp(-sqrt(5 d2)),
//   d2 = sum_i theta_i * sqd_i(x, x'),
// where theta_i are inverse squared lengthscales and sqd_i is (x_i - x'_i)^2 for a numeric dimension and
// 0 (equal) / 1 (different) for a categorical one. Inputs live in [0, 1] (categoricals as indices), targets
// are standardised and maximised. Kernel scale, theta and the noise variance maximise the log marginal
// likelihood plus log priors (Gamma priors on scale and noise, a prior on theta that keeps lengthscales
// away from 0 and infinity), by projected L-BFGS with analytic gradients.

/** The Matérn-5/2 correlation m(d2) as a function of the squared scaled distance. */
export function matern52(d2: number): number {
  const r = Math.sqrt(5 * d2);
  return (1 + r + (5 / 3) * d2) * Math.exp(-r);
}

/** dm/d(d2): -5/6 (1 + sqrt(5 d2)) exp(-sqrt(5 d2)), finite at 0 (where the derivative wrt distance vanishes). */
export function matern52Deriv(d2: number): number {
  const r = Math.sqrt(5 * d2);
  return (-5 / 6) * (1 + r) * Math.exp(-r);
}

export interface KernelParams {
  /** Inverse squared lengthscale per dimension. */
  invSqLengthscales: Float64Array;
  scale: number;
  /** Observation noise variance (of the standardised targets). */
  noise: number;
}

/** Training inputs: n rows of D normalised coordinates, and which dimensions are categorical. */
export interface GpInputs {
  X: Float64Array;
  n: number;
  D: number;
  isCat: Uint8Array;
}

/** Smallest noise variance (Optuna's floor); deterministic objectives use exactly this. */
export const MIN_NOISE = 1e-6;

/** Bounds of the raw (log) hyperparameters the fit searches; the priors keep the optimum well inside. */
const LOG_THETA = [Math.log(1e-4), Math.log(1e4)] as const;
const LOG_SCALE = [Math.log(1e-3), Math.log(1e3)] as const;
const LOG_NOISE = [Math.log(1e-10), Math.log(10)] as const;

function sqd(a: number, b: number, cat: number): number {
  if (cat) return a === b ? 0 : 1;
  const d = a - b;
  return d * d;
}

/**
 * Per-pair squared differences for the strict lower triangle (pairs j > k in row order), D values per pair:
 * the hyperparameter fit reuses them for every evaluation.
 */
export function pairDiffs(inp: GpInputs): Float64Array {
  const { X, n, D, isCat } = inp;
  const out = new Float64Array(((n * (n - 1)) / 2) * D);
  let p = 0;
  for (let j = 1; j < n; j++) {
    for (let k = 0; k < j; k++) {
      for (let i = 0; i < D; i++) out[p++] = sqd(X[j * D + i]!, X[k * D + i]!, isCat[i]!);
    }
  }
  return out;
}

/** Log prior of the kernel parameters (up to a constant) and its derivatives wrt the log parameters. */
function logPrior(theta: Float64Array, scale: number, noise: number, grad: Float64Array | null, D: number, noiseRaw: number | null): number {
  let lp = 0;
  // theta: -(0.1 / theta + 0.1 theta): lengthscales pulled towards ~1 from both sides, weakly.
  for (let i = 0; i < D; i++) {
    const t = theta[i]!;
    lp -= 0.1 / t + 0.1 * t;
    if (grad) grad[i] = 0.1 / t - 0.1 * t;
  }
  // scale ~ Gamma(2, 1): (2 - 1) log s - s.
  lp += Math.log(scale) - scale;
  if (grad) grad[D] = 1 - scale;
  // noise ~ Gamma(1.1, 30): 0.1 log v - 30 v; the raw parameter is log(v - MIN_NOISE).
  lp += 0.1 * Math.log(noise) - 30 * noise;
  if (grad && noiseRaw !== null) grad[D + 1] = (0.1 / noise - 30) * Math.exp(noiseRaw);
  return lp;
}

/** Kernel parameters from raw log parameters [log theta_1..D, log scale, log(noise - MIN_NOISE)?]. */
export function paramsFromRaw(raw: ArrayLike<number>, D: number, deterministic: boolean): KernelParams {
  const invSqLengthscales = new Float64Array(D);
  for (let i = 0; i < D; i++) invSqLengthscales[i] = Math.exp(raw[i]!);
  return { invSqLengthscales, scale: Math.exp(raw[D]!), noise: deterministic ? MIN_NOISE : Math.exp(raw[D + 1]!) + MIN_NOISE };
}

/** Scratch matrices of one fit, reused by every loss evaluation (large typed arrays are costly to collect). */
export interface LossWorkspace {
  C: Float64Array;
  L: Float64Array;
  Cinv: Float64Array;
  T: Float64Array;
  dm: Float64Array;
  alpha: Float64Array;
}

export function lossWorkspace(n: number): LossWorkspace {
  const m = new Float64Array(4 * n * n);
  return { C: m.subarray(0, n * n), L: m.subarray(n * n, 2 * n * n), Cinv: m.subarray(2 * n * n, 3 * n * n), T: m.subarray(3 * n * n), dm: new Float64Array((n * (n - 1)) / 2), alpha: new Float64Array(n) };
}

/**
 * The fit's loss: -(log marginal likelihood + log prior) at raw parameters, with its gradient written into
 * `grad` (length D + 1 when deterministic, else D + 2). Infinity when the covariance is not positive definite.
 * The marginal likelihood omits its constant n/2 log(2 pi).
 */
export function gpLoss(inp: GpInputs, diffs: Float64Array, y: Float64Array, raw: ArrayLike<number>, deterministic: boolean, grad: Float64Array, ws: LossWorkspace = lossWorkspace(inp.n)): number {
  const { n, D } = inp;
  const p = paramsFromRaw(raw, D, deterministic);
  const theta = p.invSqLengthscales;
  const s = p.scale;
  // C = K + noise I, with m'(d2) kept per pair for the gradient.
  const { C, dm } = ws;
  let q = 0;
  let pi = 0;
  for (let j = 1; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let d2 = 0;
      for (let i = 0; i < D; i++) d2 += theta[i]! * diffs[q++]!;
      const r = Math.sqrt(5 * d2);
      const e = Math.exp(-r);
      const v = s * (1 + r + (5 / 3) * d2) * e;
      C[j * n + k] = v;
      C[k * n + j] = v;
      dm[pi++] = s * (-5 / 6) * (1 + r) * e;
    }
  }
  for (let j = 0; j < n; j++) C[j * n + j] = s + p.noise;
  const chol = choleskyJitter(C, n, 3, ws.L);
  if (!chol) return Infinity;
  const L = chol.L;
  const alpha = ws.alpha;
  solveLower(L, n, y, alpha);
  let quad = 0;
  for (let j = 0; j < n; j++) quad += alpha[j]! * alpha[j]!;
  solveUpperT(L, n, alpha, alpha);
  let logDet = 0;
  for (let j = 0; j < n; j++) logDet += Math.log(L[j * n + j]!);
  const mll = -0.5 * quad - logDet;
  const priorGrad = new Float64Array(D + 2);
  const lp = logPrior(theta, s, p.noise, priorGrad, D, deterministic ? null : raw[D + 1]!);
  // d mll / d raw = 0.5 tr(W dC/draw), W = alpha alpha^T - C^-1.
  const Cinv = cholInverse(L, n, ws.Cinv, ws.T);
  const gTheta = new Float64Array(D);
  let gScale = 0;
  let trW = 0;
  q = 0;
  pi = 0;
  for (let j = 1; j < n; j++) {
    const aj = alpha[j]!;
    const rj = j * n;
    for (let k = 0; k < j; k++) {
      const w = aj * alpha[k]! - Cinv[rj + k]!;
      // Off-diagonal pairs appear twice in the trace: 0.5 * 2.
      gScale += w * C[rj + k]!;
      const wd = w * dm[pi++]!;
      for (let i = 0; i < D; i++) gTheta[i] = gTheta[i]! + wd * diffs[q++]!;
    }
  }
  for (let j = 0; j < n; j++) {
    const w = alpha[j]! * alpha[j]! - Cinv[j * n + j]!;
    trW += w;
    gScale += 0.5 * w * s;
  }
  for (let i = 0; i < D; i++) grad[i] = -(gTheta[i]! * theta[i]! + priorGrad[i]!);
  grad[D] = -(gScale + priorGrad[D]!);
  if (!deterministic) grad[D + 1] = -(0.5 * trW * Math.exp(raw[D + 1]!) + priorGrad[D + 1]!);
  return -(mll + lp);
}

/**
 * Fits the kernel parameters to (inputs, y) from Optuna's starting point (every raw parameter at log 1, noise
 * 1), by projected L-BFGS on the log parameters. Falls back to that starting point if the fit fails.
 */
export function fitKernel(inp: GpInputs, y: Float64Array, deterministic: boolean, opts: { maxIter?: number; gtol?: number } = {}): KernelParams {
  const { D } = inp;
  const dims = deterministic ? D + 1 : D + 2;
  const x0 = new Float64Array(dims);
  if (!deterministic) x0[D + 1] = Math.log(1 - MIN_NOISE);
  const lower = new Float64Array(dims);
  const upper = new Float64Array(dims);
  for (let i = 0; i < D; i++) {
    lower[i] = LOG_THETA[0];
    upper[i] = LOG_THETA[1];
  }
  lower[D] = LOG_SCALE[0];
  upper[D] = LOG_SCALE[1];
  if (!deterministic) {
    lower[D + 1] = LOG_NOISE[0];
    upper[D + 1] = LOG_NOISE[1];
  }
  if (inp.n === 0) return paramsFromRaw(x0, D, deterministic);
  const diffs = pairDiffs(inp);
  const ws = lossWorkspace(inp.n);
  const res = minimizeBox((x, g) => gpLoss(inp, diffs, y, x, deterministic, g, ws), x0, { lower, upper, maxIter: opts.maxIter ?? 25, pgtol: opts.gtol ?? 1e-2, ftol: 1e-9 });
  return paramsFromRaw(Number.isFinite(res.f) ? res.x : x0, D, deterministic);
}

/** A GP conditioned on its training data: the Cholesky factor of K + noise I and alpha = (K + noise I)^-1 y. */
export class GpModel {
  readonly L: Float64Array;
  readonly alpha: Float64Array;
  private readonly k: Float64Array;
  private readonly v: Float64Array;
  private readonly dm: Float64Array;
  private block = new Float64Array(0);
  private readonly hasCat: boolean;

  constructor(
    readonly inputs: GpInputs,
    readonly y: Float64Array,
    readonly params: KernelParams,
  ) {
    const { n } = inputs;
    this.hasCat = inputs.isCat.some((c) => c === 1);
    const C = new Float64Array(n * n);
    for (let j = 0; j < n; j++) {
      for (let k = 0; k <= j; k++) {
        const v = k === j ? params.scale + params.noise : this.kernelBetween(j, k);
        C[j * n + k] = v;
        C[k * n + j] = v;
      }
    }
    const chol = choleskyJitter(C, n);
    if (!chol) throw new Error("GP covariance is not positive definite");
    this.L = chol.L;
    this.alpha = new Float64Array(n);
    solveLower(this.L, n, y, this.alpha);
    solveUpperT(this.L, n, this.alpha, this.alpha);
    this.k = new Float64Array(n);
    this.v = new Float64Array(n);
    this.dm = new Float64Array(n);
  }

  /** Squared scaled distance between the point at x[xo..] and training row j (no categorical test when there are none). */
  private dist2(x: ArrayLike<number>, xo: number, j: number): number {
    const { X, D, isCat } = this.inputs;
    const theta = this.params.invSqLengthscales;
    const o = j * D;
    let d2 = 0;
    if (!this.hasCat) {
      for (let i = 0; i < D; i++) {
        const d = x[xo + i]! - X[o + i]!;
        d2 += theta[i]! * d * d;
      }
      return d2;
    }
    for (let i = 0; i < D; i++) d2 += theta[i]! * sqd(x[xo + i]!, X[o + i]!, isCat[i]!);
    return d2;
  }

  private kernelBetween(j: number, k: number): number {
    const { X, D, isCat } = this.inputs;
    const theta = this.params.invSqLengthscales;
    let d2 = 0;
    for (let i = 0; i < D; i++) d2 += theta[i]! * sqd(X[j * D + i]!, X[k * D + i]!, isCat[i]!);
    return this.params.scale * matern52(d2);
  }

  /** k(x, X_j) for every training row into this.k, and dk/d(d2) into this.dm. */
  private kernelRow(x: ArrayLike<number>, withDeriv: boolean): void {
    const { n } = this.inputs;
    const s = this.params.scale;
    for (let j = 0; j < n; j++) {
      const d2 = this.dist2(x, 0, j);
      const r = Math.sqrt(5 * d2);
      const e = Math.exp(-r);
      this.k[j] = s * (1 + r + (5 / 3) * d2) * e;
      if (withDeriv) this.dm[j] = s * (-5 / 6) * (1 + r) * e;
    }
  }

  /** Posterior mean and variance of the latent function at x (variance without the observation noise, >= 0). */
  predict(x: ArrayLike<number>): { mean: number; variance: number } {
    const n = this.inputs.n;
    this.kernelRow(x, false);
    let mean = 0;
    for (let j = 0; j < n; j++) mean += this.k[j]! * this.alpha[j]!;
    solveLower(this.L, n, this.k, this.v);
    let vv = 0;
    for (let j = 0; j < n; j++) vv += this.v[j]! * this.v[j]!;
    return { mean, variance: Math.max(0, this.params.scale - vv) };
  }

  /**
   * Posterior means of B points (rows of xs, D values each) into mean, O(n D) each, and upper bounds of their
   * posterior variances into varBound: conditioning on the single nearest observation j leaves
   * scale - k_j^2 / (scale + noise), and conditioning on more observations never increases a GP's variance.
   */
  predictMeanBatch(xs: Float64Array, B: number, mean: Float64Array, varBound: Float64Array): void {
    const { n, D } = this.inputs;
    const s = this.params.scale;
    const alpha = this.alpha;
    const cjj = s + this.params.noise;
    for (let b = 0; b < B; b++) {
      const ob = b * D;
      let m = 0;
      let kmax = 0;
      for (let j = 0; j < n; j++) {
        const d2 = this.dist2(xs, ob, j);
        const r = Math.sqrt(5 * d2);
        const k = s * (1 + r + (5 / 3) * d2) * Math.exp(-r);
        m += alpha[j]! * k;
        if (k > kmax) kmax = k;
      }
      mean[b] = m;
      varBound[b] = Math.max(0, s - (kmax * kmax) / cjj);
    }
  }

  /**
   * Posterior means and variances of B points (rows of xs, D values each) into mean / variance. Solves
   * L V = K(X, xs) for a block of points at once, row by row of V, so the inner loop runs over the points
   * (contiguous, independent) instead of along one point's dependency chain; blocks of 64 keep V in cache.
   */
  predictBatch(xs: Float64Array, B: number, mean: Float64Array, variance: Float64Array): void {
    const { n, D } = this.inputs;
    const s = this.params.scale;
    const L = this.L;
    const W = Math.min(B, 64);
    if (this.block.length < n * W) this.block = new Float64Array(n * 64);
    const V = this.block;
    for (let start = 0; start < B; start += W) {
      const w = Math.min(W, B - start);
      for (let b = 0; b < w; b++) mean[start + b] = 0;
      for (let j = 0; j < n; j++) {
        const aj = this.alpha[j]!;
        const row = j * w;
        for (let b = 0; b < w; b++) {
          const d2 = this.dist2(xs, (start + b) * D, j);
          const r = Math.sqrt(5 * d2);
          const kv = s * (1 + r + (5 / 3) * d2) * Math.exp(-r);
          V[row + b] = kv;
          mean[start + b] = mean[start + b]! + kv * aj;
        }
      }
      for (let i = 0; i < n; i++) {
        const ri = i * n;
        const rowI = i * w;
        for (let k = 0; k < i; k++) {
          const a = L[ri + k]!;
          if (a === 0) continue;
          const rowK = k * w;
          for (let b = 0; b < w; b++) V[rowI + b] = V[rowI + b]! - a * V[rowK + b]!;
        }
        const inv = 1 / L[ri + i]!;
        for (let b = 0; b < w; b++) V[rowI + b] = V[rowI + b]! * inv;
      }
      for (let b = 0; b < w; b++) variance[start + b] = s;
      for (let i = 0; i < n; i++) {
        const rowI = i * w;
        for (let b = 0; b < w; b++) variance[start + b] = variance[start + b]! - V[rowI + b]! * V[rowI + b]!;
      }
      for (let b = 0; b < w; b++) variance[start + b] = Math.max(0, variance[start + b]!);
    }
  }

  /**
   * Posterior mean and variance at x with their gradients wrt the coordinates listed in `dims` (numeric
   * dimensions only), written into dMean / dVar at the positions of `dims`.
   */
  predictGrad(x: ArrayLike<number>, dims: ArrayLike<number>, dMean: Float64Array, dVar: Float64Array): { mean: number; variance: number } {
    const { X, n, D } = this.inputs;
    this.kernelRow(x, true);
    let mean = 0;
    for (let j = 0; j < n; j++) mean += this.k[j]! * this.alpha[j]!;
    solveLower(this.L, n, this.k, this.v);
    let vv = 0;
    for (let j = 0; j < n; j++) vv += this.v[j]! * this.v[j]!;
    const variance = this.params.scale - vv;
    // w = C^-1 k; d var / dx = -2 w . dk/dx; dk_j/dx_i = m'_j theta_i 2 (x_i - X_ji).
    solveUpperT(this.L, n, this.v, this.v);
    const theta = this.params.invSqLengthscales;
    for (let a = 0; a < dims.length; a++) {
      const i = dims[a]!;
      let gm = 0;
      let gv = 0;
      const xi = x[i]!;
      for (let j = 0; j < n; j++) {
        const dk = this.dm[j]! * 2 * (xi - X[j * D + i]!);
        gm += this.alpha[j]! * dk;
        gv += this.v[j]! * dk;
      }
      dMean[a] = gm * theta[i]!;
      dVar[a] = variance > 0 ? -2 * gv * theta[i]! : 0;
    }
    return { mean, variance: Math.max(0, variance) };
  }
}
