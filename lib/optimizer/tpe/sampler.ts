import { own, setOwn } from "../own";
import { drawFromPrior } from "../samplers/prior";
import type { Sampler, SampleContext } from "../samplers/types";
import type { ParamSpec } from "../space/compile";
import type { InternalParams, TpeConfig } from "../types";
import { decomposeGroups, intersectionSpace } from "./groups";
import { logDensity, sampleMixture } from "./mixture-ops";
import { buildMixture, type Mixture } from "./parzen";
import { rankTrials, type Ranked } from "./rank";
import { gammaCount } from "./weights";
import { hypervolumeContributions, nadirReference } from "../mo/hypervolume";

/**
 * Tree-structured Parzen Estimator. Ranks the history, splits it into good l(x) and bad g(x) groups, draws
 * candidates from l and keeps the one maximising log l - log g. Univariate mode models every parameter on
 * its own; multivariate mode models parameters jointly (per co-occurring group with `group`).
 */
export function createTpeSampler(cfg: TpeConfig): Sampler {
  // One suggestion asks for several parameters with the same context: rank the history only once.
  const rankCache = new WeakMap<SampleContext, Ranked>();
  const ranked = (ctx: SampleContext): Ranked => {
    let r = rankCache.get(ctx);
    if (!r) {
      r = rankTrials(ctx.trials, ctx.directions.length > 0 ? ctx.directions : ctx.direction, cfg.constantLiar, cfg.gamma);
      rankCache.set(ctx, r);
    }
    return r;
  };
  const groupsCache = new WeakMap<SampleContext, ParamSpec[][]>();
  const groups = (ctx: SampleContext): ParamSpec[][] => {
    let g = groupsCache.get(ctx);
    if (!g) {
      const r = ranked(ctx);
      const finished = r.trials.slice(0, r.nFinished).sort((a, b) => a.number - b.number);
      g = cfg.group ? decomposeGroups(ctx.space, finished) : intersectionSpace(ctx.space, finished);
      groupsCache.set(ctx, g);
    }
    return g;
  };
  // Failed trials count towards the start-up: a sweep whose first trials fail models (and avoids) them as soon,
  // which measured fewer failures than counting successes only (bench/optimizer/failures.ts).
  const inStartup = (ctx: SampleContext): boolean => ranked(ctx).nFinished < Math.max(1, cfg.nStartupTrials);

  return {
    name: "tpe",
    inferRelativeSearchSpace(ctx) {
      if (!cfg.multivariate || inStartup(ctx)) return [];
      // Interleaved univariate trials: every parameter then goes through sampleIndependent.
      if (cfg.univariateEvery > 0 && ctx.number % cfg.univariateEvery === 0) return [];
      return groups(ctx).flat();
    },
    sampleRelative(ctx, specs) {
      const wanted = new Set(specs.map((s) => s.path));
      const out: InternalParams = {};
      for (const group of groups(ctx)) {
        const g = group.filter((s) => wanted.has(s.path));
        if (g.length === 0) continue;
        const values = sampleGroup(ctx, ranked(ctx), g, cfg);
        g.forEach((s, d) => setOwn(out, s.path, values[d]!));
      }
      return out;
    },
    sampleIndependent(ctx, spec) {
      if (inStartup(ctx)) return drawFromPrior(spec, ctx.rng);
      return sampleGroup(ctx, ranked(ctx), [spec], cfg)[0]!;
    },
  };
}

/**
 * Rank of each trial among those that have a finite value for every parameter of the group (-1: absent),
 * so the split happens among trials where the group was active.
 */
function groupRanks(r: Ranked, specs: ReadonlyArray<ParamSpec>): { rank: Int32Array; count: number; nSucceeded: number; nFinished: number } {
  const rank = new Int32Array(r.trials.length).fill(-1);
  let count = 0;
  let nSucceeded = 0;
  let nFinished = 0;
  const paths = specs.map((s) => s.path);
  for (let i = 0; i < r.trials.length; i++) {
    const internal = r.trials[i]!.internal;
    let ok = true;
    for (const p of paths) {
      const v = own(internal, p);
      if (v === undefined || !Number.isFinite(v)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    rank[i] = count++;
    if (i < r.nSucceeded) nSucceeded++;
    if (i < r.nFinished) nFinished++;
  }
  return { rank, count, nSucceeded, nFinished };
}

/** The l(x) / g(x) estimators of a group, or null when no finished trial has the group's parameters. */
export function buildEstimators(r: Ranked, specs: ReadonlyArray<ParamSpec>, cfg: TpeConfig): { below: Mixture; above: Mixture } | null {
  const { rank, count, nSucceeded, nFinished } = groupRanks(r, specs);
  if (nFinished === 0) return null;
  // Failed trials and liars rank after every success, so the good group never contains one: with only
  // failures, l(x) is the prior alone and the acquisition still steers away from them.
  const nBelow = Math.min(gammaCount(cfg.gamma, count), nSucceeded);
  const nAbove = count - nBelow;
  const below = specs.map(() => new Float64Array(nBelow));
  const above = specs.map(() => new Float64Array(nAbove));
  let ib = 0;
  let ia = 0;
  const belowRows: number[] = [];
  // Columns are filled in trial-number order: the kernels' age weights depend on it.
  for (let j = 0; j < r.chrono.length; j++) {
    const i = r.chrono[j]!;
    const k = rank[i]!;
    if (k < 0) continue;
    const internal = r.trials[i]!.internal;
    const isBelow = k < nBelow;
    const cols = isBelow ? below : above;
    const pos = isBelow ? ib++ : ia++;
    if (isBelow) belowRows.push(i);
    for (let d = 0; d < specs.length; d++) cols[d]![pos] = own(internal, specs[d]!.path)!;
  }
  const weights = r.points ? contributionWeights(belowRows.map((i) => r.points![i] ?? null)) : undefined;
  return { below: buildMixture(specs, below, nBelow, cfg, weights), above: buildMixture(specs, above, nAbove, cfg) };
}

/** Below this weight a good trial still counts a little (Optuna's EPS for infeasible good trials). */
const MIN_WEIGHT = 1e-12;

/**
 * Several objectives (Optuna 3.1's multi-objective TPE): each good trial weighs its hypervolume contribution
 * among the good group's feasible complete trials (reference point 10% beyond their worst values), over the
 * largest contribution; a good trial that is not a feasible complete one (pruned, infeasible) weighs almost
 * nothing. So the estimator l(x) concentrates on the trials that hold the front's extent rather than on a
 * crowded corner of it.
 */
export function contributionWeights(points: ReadonlyArray<number[] | null>): Float64Array {
  const w = new Float64Array(points.length).fill(MIN_WEIGHT);
  const idx: number[] = [];
  points.forEach((p, i) => {
    if (p) idx.push(i);
  });
  if (idx.length === 1) w[idx[0]!] = 1;
  if (idx.length < 2) return w;
  const pts = idx.map((i) => points[i]!);
  const c = hypervolumeContributions(pts, nadirReference(pts));
  let max = 0;
  for (const x of c) max = Math.max(max, x + MIN_WEIGHT);
  idx.forEach((i, k) => (w[i] = Math.min(1, Math.max(MIN_WEIGHT, (c[k]! + MIN_WEIGHT) / max))));
  return w;
}

function sampleGroup(ctx: SampleContext, r: Ranked, specs: ReadonlyArray<ParamSpec>, cfg: TpeConfig): Float64Array {
  const est = buildEstimators(r, specs, cfg);
  if (!est) return Float64Array.from(specs, (s) => drawFromPrior(s, ctx.rng));
  const n = cfg.nEiCandidates;
  const D = specs.length;
  const cands = sampleMixture(est.below, ctx.rng, n);
  const ll = new Float64Array(n);
  const lg = new Float64Array(n);
  logDensity(est.below, cands, n, ll);
  logDensity(est.above, cands, n, lg);
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < n; c++) {
    const score = ll[c]! - lg[c]!;
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return cands.slice(best * D, (best + 1) * D);
}
