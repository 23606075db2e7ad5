import { LOG_SQRT_2PI, logNormMass } from "../math/normal";
import type { ParamSpec } from "../space/compile";
import { buildCat, type CatDim } from "./categorical";
import { observationWeights } from "./weights";

export type { CatDim } from "./categorical";

export interface ParzenOptions {
  priorWeight: number;
  considerPrior: boolean;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  weights: "optuna" | "uniform";
  /** "scott" only applies to multivariate models (Optuna 3.1's 0.2 n^(-1/(d+4)) range rule). */
  bandwidth: "gap" | "scott";
}

/** A numeric dimension: one (truncated) normal kernel per observation plus the prior kernel last. */
export interface NumDim {
  kind: "num";
  spec: ParamSpec;
  mu: Float64Array;
  sigma: Float64Array;
  invSigma: Float64Array;
  /** log of the kernel's mass inside [low, high]; 0 when unbounded. */
  logZ: Float64Array;
}

export type Dim = NumDim | CatDim;

/** A Parzen estimator over one or more parameters; kernels are shared across dimensions (multivariate). */
export interface Mixture {
  nK: number;
  logW: Float64Array;
  cumW: Float64Array;
  dims: Dim[];
  /** logW plus the per-kernel constants of continuous dimensions, so evaluation only adds -z^2/2. */
  base: Float64Array;
}

const EPS = 1e-12;

/** Half-width of the range a normal-family prior effectively covers; stands in for high - low. */
function effectiveRange(spec: ParamSpec): number {
  return spec.bounded ? spec.high - spec.low : 6 * spec.priorSigma;
}

/**
 * Builds the estimator from n observations per dimension (cols[d][i], chronological order), weighted by age
 * (observationWeights) or by the given `weights` (one per observation, positive, in the same order).
 * With no observations the prior kernel alone is used, whatever considerPrior says.
 *
 * Univariate (one-parameter) estimators weigh numeric kernels by height rather than mass: kernel k contributes
 * w_k phi((x - mu_k) / sigma_k) / Z_k, without the 1/sigma_k of a normalised density. This is what Optuna 3.1's
 * TPESampler() effectively evaluates (its truncnorm.logpdf leaves out the scale), and it beats the normalised
 * mixture on the benchmark: narrow kernels of densely sampled regions no longer dominate l(x) and g(x), so the
 * acquisition explores more. Candidates are still drawn from the normalised mixture. Multivariate estimators
 * keep normalised kernels (height weighting measured worse there). Integer and step parameters on a linear
 * scale keep exact bin masses, as in Optuna.
 */
export function buildMixture(specs: ReadonlyArray<ParamSpec>, cols: ReadonlyArray<Float64Array>, n: number, opts: ParzenOptions, weights?: Float64Array): Mixture {
  const prior = opts.considerPrior || n === 0;
  const nK = n + (prior ? 1 : 0);
  const w = new Float64Array(nK);
  // Given weights (several objectives: hypervolume contributions) replace the age ramp, as in Optuna.
  if (weights) w.set(weights.subarray(0, n));
  else observationWeights(opts.weights, n, w);
  if (prior) w[n] = opts.priorWeight;
  let total = 0;
  for (let k = 0; k < nK; k++) total += w[k]!;
  const logW = new Float64Array(nK);
  const cumW = new Float64Array(nK);
  let acc = 0;
  for (let k = 0; k < nK; k++) {
    logW[k] = Math.log(w[k]! / total);
    acc += w[k]! / total;
    cumW[k] = acc;
  }
  const base = Float64Array.from(logW);
  const multivariate = specs.length > 1;
  const dims = specs.map((spec, d): Dim => {
    const col = cols[d]!;
    if (spec.kind === "categorical") return buildCat(spec, col, n, nK, prior, opts.priorWeight);
    const dim = buildNum(spec, col, n, nK, prior, opts, multivariate ? specs.length : 0);
    if (spec.kind === "continuous") {
      // Univariate kernels are compared by height (see above): their 1/sigma factor is left out.
      for (let k = 0; k < nK; k++) base[k] = base[k]! - (multivariate ? Math.log(dim.sigma[k]!) : 0) - LOG_SQRT_2PI - dim.logZ[k]!;
    } else if (!multivariate && spec.log) {
      // A log-scaled discrete parameter's bins are narrow next to its kernels, so a bin's mass is about density
      // x bin width: the same height rule multiplies each kernel's mass by sigma (bin widths cancel in l / g).
      for (let k = 0; k < nK; k++) base[k] = base[k]! + Math.log(dim.sigma[k]!);
    }
    return dim;
  });
  return { nK, logW, cumW, dims, base };
}

function buildNum(spec: ParamSpec, col: Float64Array, n: number, nK: number, prior: boolean, opts: ParzenOptions, mvDims: number): NumDim {
  const mu = new Float64Array(nK);
  // Values from before the space was narrowed may lie outside it; a kernel centred there could have no mass.
  for (let k = 0; k < n; k++) mu[k] = Math.min(spec.high, Math.max(spec.low, col[k]!));
  if (prior) mu[n] = spec.priorMu;
  const range = effectiveRange(spec);
  const sigma = new Float64Array(nK);
  const minSigma = opts.considerMagicClip ? range / Math.min(100, 1 + nK) : EPS;
  if (mvDims > 0 && opts.bandwidth === "scott") {
    // Optuna 3.1's rule, unclipped as there: one bandwidth shrinking with the number of observations.
    sigma.fill(0.2 * Math.max(n, 1) ** (-1 / (mvDims + 4)) * range);
  } else {
    gapBandwidths(spec, mu, nK, opts.considerEndpoints, minSigma, sigma);
    for (let k = 0; k < nK; k++) sigma[k] = Math.min(range, Math.max(minSigma, sigma[k]!));
  }
  if (prior) sigma[n] = spec.priorSigma;
  const invSigma = new Float64Array(nK);
  const logZ = new Float64Array(nK);
  for (let k = 0; k < nK; k++) {
    invSigma[k] = 1 / sigma[k]!;
    logZ[k] = spec.bounded ? logNormMass((spec.low - mu[k]!) * invSigma[k]!, (spec.high - mu[k]!) * invSigma[k]!) : 0;
  }
  return { kind: "num", spec, mu, sigma, invSigma, logZ };
}

/**
 * Each kernel's bandwidth is the larger gap to its neighbours in the sorted list of kernel centres (prior mean
 * included), as in Optuna: tied values (integers, steps) are neighbours at distance 0, so inside a run of equal
 * values only the run's two ends get the gap to the next distinct value and the others fall to the clip floor,
 * and a value observed many times gets a sharp peak. Ties are ordered by kernel index (stable, reproducible).
 * Without endpoints, the extreme kernels use their inner gap only.
 */
function gapBandwidths(spec: ParamSpec, mu: Float64Array, nK: number, endpoints: boolean, fallback: number, out: Float64Array): void {
  const sorted = mu.slice().sort();
  const useEnds = endpoints && spec.bounded;
  // used[i]: kernels already placed in the run of equal values starting at sorted position i.
  const used = new Int32Array(nK);
  for (let k = 0; k < nK; k++) {
    const v = mu[k]!;
    let lo = 0;
    let hi = nK;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    const r = lo + used[lo]!++;
    const left = r > 0 ? v - sorted[r - 1]! : useEnds ? v - spec.low : -1;
    const right = r < nK - 1 ? sorted[r + 1]! - v : useEnds ? spec.high - v : -1;
    const g = Math.max(left, right);
    out[k] = g > 0 ? g : fallback;
  }
}
