import { isFeasible } from "../constraints";
import { own, setOwn } from "../own";
import { drawFromPrior } from "../samplers/prior";
import type { Sampler, SampleContext } from "../samplers/types";
import type { ParamSpec } from "../space/compile";
import { isObservedFailure, recoveredFailures } from "../tpe/rank";
import type { GpConfig, InternalParams, Rng, TrialRecord } from "../types";
import { Acquisition, optimizeAcquisition, type ConstraintModel } from "./acquisition";
import { fitKernel, GpModel, type GpInputs, type KernelParams } from "./gp";
import { denormalize, makeDim, normalize, type GpDim } from "./space";

/**
 * Standardised units by which a failed trial is imputed below the worst success: failures are observations
 * worse than every success, so the model's mean drops over a failing region and EI leaves it.
 */
export const FAILURE_MARGIN = 1;

/**
 * The kernel hyperparameters are fitted on at most this many observations (the best half and a seeded random
 * sample of the rest); the posterior then conditions on every observation with them. Each fit evaluation costs
 * O(n^3), a few dozen of them per ask (at most 25 iterations); 50 keep the fit to ~10 ms.
 */
export const MAX_FIT_POINTS = 50;

/** Values are divided by max(std, this) when standardised (Optuna's EPS). */
const STD_FLOOR = 1e-10;

interface Observed {
  t: TrialRecord;
  kind: "complete" | "pruned" | "failed";
  /** Objective to maximise (sign-flipped for minimize); NaN when unknown (unreported pruned, failed). */
  value: number;
}

interface History {
  observed: Observed[];
  active: TrialRecord[];
}

function classify(ctx: SampleContext): History {
  const sign = ctx.direction === "maximize" ? 1 : -1;
  const recovered = recoveredFailures(ctx.trials);
  const observed: Observed[] = [];
  const active: TrialRecord[] = [];
  for (const t of ctx.trials) {
    if (t.state === "complete") {
      const v = t.values?.[0];
      if (typeof v === "number" && Number.isFinite(v)) observed.push({ t, kind: "complete", value: sign * v });
    } else if (t.state === "pruned") {
      let value = NaN;
      for (let i = t.intermediate.length - 1; i >= 0; i--) {
        const r = t.intermediate[i]!;
        if (Number.isFinite(r[1])) {
          value = sign * r[1];
          break;
        }
      }
      observed.push({ t, kind: "pruned", value });
    } else if (isObservedFailure(t, recovered)) observed.push({ t, kind: "failed", value: NaN });
    else if (t.state === "running" || t.state === "waiting") active.push(t);
  }
  return { observed, active };
}

function hasAll(t: TrialRecord, specs: ReadonlyArray<ParamSpec>): boolean {
  for (const s of specs) {
    const v = own(t.internal, s.path);
    if (v === undefined || !Number.isFinite(v)) return false;
  }
  return true;
}

function meanStd(v: ArrayLike<number>): [number, number] {
  const n = v.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i]! / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (v[i]! - m) ** 2 / n;
  return [m, Math.max(STD_FLOOR, Math.sqrt(s))];
}

/** Rows of X for these trials in the GP's normalised coordinates. */
function inputsOf(trials: ReadonlyArray<TrialRecord>, dims: ReadonlyArray<GpDim>, isCat: Uint8Array): GpInputs {
  const D = dims.length;
  const X = new Float64Array(trials.length * D);
  trials.forEach((t, j) => dims.forEach((d, i) => (X[j * D + i] = normalize(d, own(t.internal, d.spec.path)!))));
  return { X, n: trials.length, D, isCat };
}

function subset(inp: GpInputs, y: Float64Array, rows: ArrayLike<number>): { inp: GpInputs; y: Float64Array } {
  const { D } = inp;
  const X = new Float64Array(rows.length * D);
  const ys = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const j = rows[r]!;
    X.set(inp.X.subarray(j * D, (j + 1) * D), r * D);
    ys[r] = y[j]!;
  }
  return { inp: { ...inp, X, n: rows.length }, y: ys };
}

/** Fits kernel parameters on at most MAX_FIT_POINTS rows: the best half by y and a seeded sample of the rest. */
function fitOn(inp: GpInputs, y: Float64Array, deterministic: boolean, rng: Rng): KernelParams {
  if (inp.n <= MAX_FIT_POINTS) return fitKernel(inp, y, deterministic);
  const order = Array.from(y.keys()).sort((a, b) => y[b]! - y[a]! || a - b);
  const keep = order.slice(0, MAX_FIT_POINTS / 2);
  const rest = order.slice(MAX_FIT_POINTS / 2);
  for (let i = 0; i < MAX_FIT_POINTS / 2; i++) {
    const j = i + Math.min(rest.length - i - 1, Math.floor(rng.next() * (rest.length - i)));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
    keep.push(rest[i]!);
  }
  const s = subset(inp, y, keep.sort((a, b) => a - b));
  return fitKernel(s.inp, s.y, deterministic);
}

/**
 * Gaussian-process Bayesian optimisation in the manner of Optuna's GPSampler (see gp.ts, acquisition.ts). The
 * parameters active in every observed trial are modelled jointly; the others (conditional parameters) and
 * everything during the start-up are drawn from their priors, as random search does. Single-objective: with
 * several objectives it optimises the first.
 */
export function createGpSampler(cfg: GpConfig): Sampler {
  const historyCache = new WeakMap<SampleContext, History>();
  const history = (ctx: SampleContext): History => {
    let h = historyCache.get(ctx);
    if (!h) {
      h = classify(ctx);
      historyCache.set(ctx, h);
    }
    return h;
  };
  // Failed trials count towards the start-up, as with TPE: a sweep whose first trials fail learns from them as soon.
  const inStartup = (ctx: SampleContext): boolean => history(ctx).observed.length < Math.max(1, cfg.nStartupTrials);

  return {
    name: "gp",
    inferRelativeSearchSpace(ctx) {
      if (inStartup(ctx)) return [];
      const observed = history(ctx).observed;
      // The intersection search space: parameters every observed trial has (a single value is nothing to model).
      return ctx.space.free.filter((s) => s.count > 1 && observed.every((o) => hasAll(o.t, [s])));
    },
    sampleRelative(ctx, specs) {
      return sampleGp(ctx, history(ctx), specs, cfg);
    },
    sampleIndependent: (ctx, spec) => drawFromPrior(spec, ctx.rng),
  };
}

function sampleGp(ctx: SampleContext, h: History, specs: ReadonlyArray<ParamSpec>, cfg: GpConfig): InternalParams {
  const dims = specs.map(makeDim);
  const isCat = Uint8Array.from(dims, (d) => (d.kind === "categorical" ? 1 : 0));
  const observed = h.observed.filter((o) => hasAll(o.t, specs));
  // Scored: complete trials, or (when none has completed yet) pruned ones with a reported value.
  let scored = observed.filter((o) => o.kind === "complete");
  if (scored.length === 0) scored = observed.filter((o) => o.kind === "pruned" && !Number.isNaN(o.value));
  if (scored.length === 0) return {};
  const [mean, std] = meanStd(scored.map((o) => o.value));
  const z = (v: number) => (v - mean) / std;
  let worst = Infinity;
  for (const o of scored) worst = Math.min(worst, z(o.value));
  const scoredSet = new Set(scored);
  // Pruned trials are at least as bad as the worst scored one; failures a margin worse than every success.
  const y = Float64Array.from(observed, (o) => {
    if (scoredSet.has(o)) return z(o.value);
    if (o.kind === "pruned") return Number.isNaN(o.value) ? worst : Math.min(worst, z(o.value));
    return worst - FAILURE_MARGIN;
  });
  const trials = observed.map((o) => o.t);
  const inp = inputsOf(trials, dims, isCat);
  const params = fitOn(inp, y, cfg.deterministicObjective, ctx.rng);

  // The incumbent: the best feasible scored trial (constraints.ts), null when none is feasible.
  let best: number | null = null;
  let bestRow = -1;
  for (let j = 0; j < observed.length; j++) {
    const o = observed[j]!;
    if (scoredSet.has(o) && isFeasible(o.t) && (best === null || y[j]! > best)) {
      best = y[j]!;
      bestRow = j;
    }
  }

  // Constant liar: running and waiting trials join the posterior (not the fit) at the incumbent's value, so
  // the acquisition vanishes where another worker is already looking.
  let model: GpModel;
  const liars = cfg.constantLiar ? h.active.filter((t) => hasAll(t, specs)) : [];
  if (liars.length > 0) {
    const lie = best ?? Math.max(...scored.map((o) => z(o.value)));
    const li = inputsOf(liars, dims, isCat);
    const X = new Float64Array(inp.X.length + li.X.length);
    X.set(inp.X);
    X.set(li.X, inp.X.length);
    const ys = new Float64Array(y.length + liars.length);
    ys.set(y);
    ys.fill(lie, y.length);
    model = new GpModel({ ...inp, X, n: inp.n + li.n }, ys, params);
  } else model = new GpModel(inp, y, params);

  const constraints = constraintModels(ctx, scored, dims, isCat, cfg);
  const acq = new Acquisition(model, best, constraints);
  const lengthscales = Float64Array.from(params.invSqLengthscales, (t) => 1 / Math.sqrt(t));
  const D = dims.length;
  const starts = bestRow >= 0 ? [inp.X.slice(bestRow * D, (bestRow + 1) * D)] : [];
  const x = optimizeAcquisition(acq, dims, ctx.rng, { nCandidates: cfg.nCandidates, nLocalSearch: cfg.nLocalSearch, starts, lengthscales });
  const out: InternalParams = {};
  dims.forEach((d, i) => setOwn(out, d.spec.path, denormalize(d, x[i]!)));
  return out;
}

/** One GP per constraint, on the complete trials that reported a finite value for it (standardised). */
function constraintModels(ctx: SampleContext, scored: ReadonlyArray<Observed>, dims: ReadonlyArray<GpDim>, isCat: Uint8Array, cfg: GpConfig): ConstraintModel[] {
  let count = 0;
  for (const o of scored) count = Math.max(count, o.t.constraints?.length ?? 0);
  const out: ConstraintModel[] = [];
  for (let c = 0; c < count; c++) {
    const rows = scored.filter((o) => Number.isFinite(o.t.constraints?.[c]));
    if (rows.length === 0) continue;
    const vals = rows.map((o) => o.t.constraints![c]!);
    const [m, s] = meanStd(vals);
    const y = Float64Array.from(vals, (v) => (v - m) / s);
    const inp = inputsOf(rows.map((o) => o.t), dims, isCat);
    const params = fitOn(inp, y, cfg.deterministicObjective, ctx.rng);
    out.push({ model: new GpModel(inp, y, params), threshold: -m / s });
  }
  return out;
}
