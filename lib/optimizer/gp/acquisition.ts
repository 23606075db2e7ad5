import { minimizeBox } from "../math/lbfgsb";
import { LOG_SQRT_2PI, logNormCdf } from "../math/normal";
import { makeScramble, sobolPoint } from "../samplers/sobol";
import type { Rng } from "../types";
import type { GpModel } from "./gp";
import { logEI } from "./logei";
import { fromUniform, nearestGridIndex, type GpDim } from "./space";

/** Added to posterior variances so log EI and its gradient stay finite at training points (Optuna's 1e-12). */
const STABILIZING_NOISE = 1e-12;

/** A constraint's GP on standardised values; the constraint holds where the function is <= threshold. */
export interface ConstraintModel {
  model: GpModel;
  threshold: number;
}

/**
 * log EI of the objective GP (maximised, incumbent `best`) plus log P(every constraint holds), the constraints
 * assumed independent of each other and of the objective. Without a feasible incumbent (best null) only the
 * feasibility term remains, which leads the search into the feasible region first.
 */
export class Acquisition {
  private readonly dMean: Float64Array;
  private readonly dVar: Float64Array;

  constructor(
    readonly objective: GpModel,
    readonly best: number | null,
    readonly constraints: ReadonlyArray<ConstraintModel>,
  ) {
    this.dMean = new Float64Array(objective.inputs.D);
    this.dVar = new Float64Array(objective.inputs.D);
  }

  value(x: ArrayLike<number>): number {
    let acq = 0;
    if (this.best !== null) {
      const p = this.objective.predict(x);
      acq += logEI(p.mean, p.variance + STABILIZING_NOISE, this.best).value;
    }
    for (const c of this.constraints) {
      const p = c.model.predict(x);
      acq += logNormCdf((c.threshold - p.mean) / Math.sqrt(p.variance + STABILIZING_NOISE));
    }
    return acq;
  }

  /** Values at B points (rows of xs) into out. */
  valueBatch(xs: Float64Array, B: number, out: Float64Array): void {
    out.fill(0, 0, B);
    const mean = new Float64Array(B);
    const variance = new Float64Array(B);
    if (this.best !== null) {
      this.objective.predictBatch(xs, B, mean, variance);
      for (let b = 0; b < B; b++) out[b] = out[b]! + logEI(mean[b]!, variance[b]! + STABILIZING_NOISE, this.best).value;
    }
    for (const c of this.constraints) {
      c.model.predictBatch(xs, B, mean, variance);
      for (let b = 0; b < B; b++) out[b] = out[b]! + logNormCdf((c.threshold - mean[b]!) / Math.sqrt(variance[b]! + STABILIZING_NOISE));
    }
  }

  /**
   * Upper bounds of the values at B points from the posterior means and variance bounds (predictMeanBatch): EI
   * grows with the variance, and P(feasible) is at most 1 where the mean is feasible and grows with the variance
   * where it is not. O(n D) per point instead of O(n^2).
   */
  upperBoundBatch(xs: Float64Array, B: number, out: Float64Array): void {
    out.fill(0, 0, B);
    const mean = new Float64Array(B);
    const varBound = new Float64Array(B);
    if (this.best !== null) {
      this.objective.predictMeanBatch(xs, B, mean, varBound);
      for (let b = 0; b < B; b++) out[b] = out[b]! + logEI(mean[b]!, varBound[b]! + STABILIZING_NOISE, this.best).value;
    }
    for (const c of this.constraints) {
      c.model.predictMeanBatch(xs, B, mean, varBound);
      for (let b = 0; b < B; b++) if (mean[b]! > c.threshold) out[b] = out[b]! + logNormCdf((c.threshold - mean[b]!) / Math.sqrt(varBound[b]! + STABILIZING_NOISE));
    }
  }

  /** The value, and its gradient wrt the coordinates in `dims` written into grad (same positions). */
  valueGrad(x: ArrayLike<number>, dims: ArrayLike<number>, grad: Float64Array): number {
    let acq = 0;
    grad.fill(0, 0, dims.length);
    const { dMean, dVar } = this;
    if (this.best !== null) {
      const p = this.objective.predictGrad(x, dims, dMean, dVar);
      const e = logEI(p.mean, p.variance + STABILIZING_NOISE, this.best);
      acq += e.value;
      for (let a = 0; a < dims.length; a++) grad[a] = grad[a]! + e.dMean * dMean[a]! + e.dVar * dVar[a]!;
    }
    for (const c of this.constraints) {
      const p = c.model.predictGrad(x, dims, dMean, dVar);
      const v = p.variance + STABILIZING_NOISE;
      const sigma = Math.sqrt(v);
      const u = (c.threshold - p.mean) / sigma;
      const lp = logNormCdf(u);
      acq += lp;
      // d log Phi(u) / du = phi(u) / Phi(u); du/dmean = -1/sigma; du/dvar = -u / (2 var).
      const r = Math.exp(-0.5 * u * u - LOG_SQRT_2PI - lp);
      for (let a = 0; a < dims.length; a++) grad[a] = grad[a]! + r * (-dMean[a]! / sigma - (u / (2 * v)) * dVar[a]!);
    }
    return acq;
  }
}

export interface OptimizeOptions {
  /** Quasi-random candidates scored before the local searches. */
  nCandidates: number;
  /** Local searches: from the best candidates, plus `starts`. */
  nLocalSearch: number;
  /** Extra starting points (e.g. the incumbent), in normalised coordinates. */
  starts: ReadonlyArray<Float64Array>;
  /** Lengthscale per dimension (preconditions the gradient steps). */
  lengthscales: Float64Array;
}

/** Grid dimensions with at most this many values, and categoricals with at most EXHAUSTIVE_CATEGORIES, are searched exhaustively. */
const EXHAUSTIVE_GRID = 16;
const EXHAUSTIVE_CATEGORIES = 64;
const MAX_ROUNDS = 8;
/** Candidates scored exactly per block of the branch and bound. */
const BLOCK = 16;

/**
 * Maximises the acquisition over the normalised space: scrambled Sobol' candidates (seeded from rng), then
 * local searches from the best few of them and from `starts`. A local search alternates gradient steps
 * (projected L-BFGS, preconditioned by the lengthscales) on the continuous coordinates with a search of each
 * discrete coordinate (exhaustive for small grids and categoricals, a shrinking pattern search on large
 * grids), until a round changes nothing. Returns the best point found.
 */
export function optimizeAcquisition(acq: Acquisition, dims: ReadonlyArray<GpDim>, rng: Rng, opts: OptimizeOptions): Float64Array {
  const D = dims.length;
  const scramble = makeScramble(D, Math.floor(rng.next() * 4294967296), true);
  const N = Math.max(1, opts.nCandidates);
  const cands = new Float64Array(N * D);
  for (let i = 0; i < N; i++) for (let d = 0; d < D; d++) cands[i * D + d] = fromUniform(dims[d]!, sobolPoint(scramble, i, d));
  // Branch and bound: score candidates exactly in order of their upper bound, a block at a time, until no
  // unscored candidate can enter the best `want`. The result is the same as scoring every candidate.
  const want = Math.min(N, Math.max(1, opts.nLocalSearch - opts.starts.length));
  const ub = new Float64Array(N);
  acq.upperBoundBatch(cands, N, ub);
  const byBound = Array.from(ub.keys()).sort((a, b) => ub[b]! - ub[a]! || a - b);
  const vals = new Float64Array(N).fill(-Infinity);
  const top: number[] = [];
  const block = new Float64Array(BLOCK * D);
  const out = new Float64Array(BLOCK);
  for (let pos = 0; pos < N; pos += BLOCK) {
    if (top.length >= want && ub[byBound[pos]!]! <= vals[top[want - 1]!]!) break;
    const w = Math.min(BLOCK, N - pos);
    for (let b = 0; b < w; b++) block.set(cands.subarray(byBound[pos + b]! * D, (byBound[pos + b]! + 1) * D), b * D);
    acq.valueBatch(block, w, out);
    for (let b = 0; b < w; b++) {
      const i = byBound[pos + b]!;
      vals[i] = out[b]!;
      top.push(i);
    }
    top.sort((a, b) => vals[b]! - vals[a]! || a - b);
    top.length = Math.min(top.length, want);
  }
  const starts: Float64Array[] = top.map((i) => cands.slice(i * D, (i + 1) * D));
  for (const s of opts.starts) starts.push(Float64Array.from(s));
  let best = starts[0]!;
  let bestVal = -Infinity;
  const search = new LocalSearch(acq, dims, rng, opts.lengthscales);
  for (const s of starts) {
    const { x: xs, f } = search.run(s);
    if (f > bestVal) {
      bestVal = f;
      best = xs;
    }
  }
  return best;
}

class LocalSearch {
  private readonly cont: Int32Array;
  private readonly discrete: number[];
  private readonly grad: Float64Array;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly ls: Float64Array;

  constructor(
    private readonly acq: Acquisition,
    private readonly dims: ReadonlyArray<GpDim>,
    private readonly rng: Rng,
    lengthscales: Float64Array,
  ) {
    const cont: number[] = [];
    this.discrete = [];
    dims.forEach((d, i) => (d.kind === "continuous" ? cont : this.discrete).push(i));
    this.cont = Int32Array.from(cont);
    this.grad = new Float64Array(cont.length);
    // Optimise z = x / l: the acquisition is a function of x / l, so equal lengthscales condition it evenly.
    this.ls = Float64Array.from(cont, (i) => Math.min(1e3, Math.max(1e-3, lengthscales[i]!)));
    this.lower = new Float64Array(cont.length);
    this.upper = Float64Array.from(this.ls, (l) => 1 / l);
  }

  run(x0: Float64Array): { x: Float64Array; f: number } {
    const x = Float64Array.from(x0);
    let f = this.acq.value(x);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      f = this.continuous(x, f);
      let changed = false;
      for (const d of this.discrete) {
        const g = this.discreteStep(x, f, d);
        if (g > f) {
          f = g;
          changed = true;
        }
      }
      if (!changed) break;
    }
    return { x, f };
  }

  /** Gradient ascent on the continuous coordinates; x is updated when it improves. Returns the value. */
  private continuous(x: Float64Array, f0: number): number {
    const { cont, ls, grad } = this;
    if (cont.length === 0) return f0;
    const work = Float64Array.from(x);
    const z0 = Float64Array.from(cont, (i, a) => x[i]! / ls[a]!);
    const res = minimizeBox(
      (z, g) => {
        for (let a = 0; a < cont.length; a++) work[cont[a]!] = Math.min(1, Math.max(0, z[a]! * ls[a]!));
        const v = this.acq.valueGrad(work, cont, grad);
        for (let a = 0; a < cont.length; a++) g[a] = -grad[a]! * ls[a]!;
        return Number.isFinite(v) ? -v : Infinity;
      },
      z0,
      { lower: this.lower, upper: this.upper, maxIter: 20, pgtol: 1e-2, ftol: 1e-9 },
    );
    if (!(-res.f > f0)) return f0;
    for (let a = 0; a < cont.length; a++) x[cont[a]!] = Math.min(1, Math.max(0, res.x[a]! * ls[a]!));
    return -res.f;
  }

  /** Best value of coordinate d with the others fixed; x[d] is updated when it improves. Returns the value. */
  private discreteStep(x: Float64Array, f0: number, d: number): number {
    const dim = this.dims[d]!;
    const current = x[d]!;
    let bestU = current;
    let best = f0;
    const tryU = (u: number): number => {
      if (u === current) return f0;
      x[d] = u;
      const v = this.acq.value(x);
      if (v > best) {
        best = v;
        bestU = u;
      }
      return v;
    };
    if (dim.kind === "categorical") {
      if (dim.count <= EXHAUSTIVE_CATEGORIES) for (let c = 0; c < dim.count; c++) tryU(c);
      else for (let t = 0; t < EXHAUSTIVE_CATEGORIES; t++) tryU(Math.min(dim.count - 1, Math.floor(this.rng.next() * dim.count)));
    } else {
      const grid = dim.grid!;
      if (grid.length <= EXHAUSTIVE_GRID) for (const u of grid) tryU(u);
      else {
        // Pattern search on the index: try +-step, move on improvement, halve the step otherwise.
        let idx = nearestGridIndex(grid, current);
        let step = Math.max(1, Math.floor(grid.length / 8));
        while (step >= 1) {
          const before = best;
          for (const j of [idx - step, idx + step]) if (j >= 0 && j < grid.length) tryU(grid[j]!);
          if (best > before) idx = nearestGridIndex(grid, bestU);
          else step = Math.floor(step / 2);
        }
      }
    }
    x[d] = bestU;
    return best;
  }
}
