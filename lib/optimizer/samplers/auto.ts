import { GP_DEFAULTS } from "../gp/config";
import { FINISHED } from "../history";
import { createGpSampler } from "../gp/sampler";
import { MAX_TPE_CANDIDATE_PARAMS } from "../limits";
import type { CompiledSpace } from "../space/compile";
import { TPE_DEFAULTS } from "../tpe/config";
import { createTpeSampler } from "../tpe/sampler";
import { isObservedFailure, recoveredFailures } from "../tpe/rank";
import type { AutoConfig, TpeConfig, TrialRecord } from "../types";
import type { Sampler, SampleContext } from "./types";

/**
 * The rules of the automatic sampler, in the spirit of Optuna's AutoSampler: which model serves a suggestion,
 * from the space, the sweep's size so far and the number of objectives. Every constant here was chosen on the
 * "decide" half of the benchmark suite (bench/optimizer/problems.ts) and reported on the other half; README
 * lists them.
 */
export const AUTO_RULES = {
  /**
   * The GP serves numeric spaces while fewer trials than this have finished; TPE takes over after. Decide half,
   * 10 seeds x 100 trials: gpUntil 50 scored 90.0 at 100 trials, 200 (GP throughout) 89.2, 25 89.2, TPE alone
   * 88.9; the GP leads early on smooth problems, TPE's exploration later on rugged ones (schwefel, rastrigin).
   */
  gpUntil: 50,
  /** The largest share of categorical parameters (of the free ones) a space may have for the GP to serve it. */
  gpMaxCategoricalShare: 0.25,
  /**
   * After gpUntil, the GP serves again while more than this share of the latest `failureWindow` finished
   * trials failed by the program: it learns a failing region's edge better than TPE.
   */
  gpFailureShare: 0.15,
  failureWindow: 20,
  /**
   * Several objectives: TPE with these settings over its defaults. Univariate (as Optuna 3.1's multi-objective
   * TPE): the good group is a front spread along the trade-off, whose members share their distance-to-front
   * coordinates but not their position on it, and one kernel per member across all parameters (multivariate)
   * tied the two; per parameter, good coordinates of different members recombine. A wider good group ("wide",
   * min(ceil(0.2 n), 25): 20 of 100 trials instead of 10) holds more of the front for l(x), and 48 EI candidates
   * exploit the sharper l(x) / g(x). Decide half (zdt1, zdt3, zdt4, dtlz1-3), 30 seeds x 100 trials, median
   * hypervolume vs Optuna 3.1's MO-TPE (20 seeds): the TPE defaults were behind on 3 of 4 problems (zdt3 111.7
   * vs 114.7, zdt4 237.3 vs 243.1); these settings ahead on all 4 (zdt1 111.9 vs 111.0, zdt3 115.3 vs 114.7,
   * zdt4 245.0 vs 243.1, dtlz1-3 1.2448e8 vs 1.2383e8). Univariate alone, gamma 0.15 or 0.25, or 24 / 96
   * candidates were each behind somewhere.
   */
  multiObjectiveTpe: { multivariate: false, group: false, univariateEvery: 0, gamma: "wide", nEiCandidates: 48 },
} as const satisfies Record<string, unknown>;

/** What "auto" means without settings; it is the default sampler (DEFAULT_SAMPLER). */
export const AUTO_DEFAULTS: AutoConfig = { name: "auto", gpUntil: AUTO_RULES.gpUntil };

export type AutoChoice = "gp" | "tpe";

/** The model that serves a suggestion. Deterministic in what it reads, so every path picks the same. */
export function chooseAuto(config: AutoConfig, space: CompiledSpace, finished: number, objectives: number, recentFailureShare = 0): AutoChoice {
  // Several objectives: multi-objective TPE (nondominated fronts, hypervolume weights). Conditional spaces:
  // TPE's group decomposition models each branch; the GP would draw branch parameters at random.
  if (objectives > 1) return "tpe";
  if (space.free.some((s) => s.parent >= 0)) return "tpe";
  const categorical = space.free.filter((s) => s.kind === "categorical").length;
  if (space.free.length === 0 || categorical / space.free.length > AUTO_RULES.gpMaxCategoricalShare) return "tpe";
  if (finished < config.gpUntil) return "gp";
  return recentFailureShare > AUTO_RULES.gpFailureShare ? "gp" : "tpe";
}

/** The share of program failures (isObservedFailure) among the latest `window` finished trials. */
export function recentFailureShare(trials: ReadonlyArray<TrialRecord>, window: number): number {
  const recovered = recoveredFailures(trials);
  const latest = trials.filter((t) => FINISHED.has(t.state)).sort((a, b) => b.number - a.number).slice(0, window);
  if (latest.length === 0) return 0;
  return latest.filter((t) => isObservedFailure(t, recovered)).length / latest.length;
}

/**
 * The TPE that auto runs: TPE's defaults, with several objectives AUTO_RULES.multiObjectiveTpe over them, and as
 * many EI candidates as the space allows (a very wide space gets fewer, not a refusal).
 */
export function autoTpeConfig(space: CompiledSpace, objectives = 1): TpeConfig {
  const base: TpeConfig = objectives > 1 ? { ...TPE_DEFAULTS, ...AUTO_RULES.multiObjectiveTpe } : TPE_DEFAULTS;
  const fits = Math.max(1, Math.floor(MAX_TPE_CANDIDATE_PARAMS / Math.max(1, space.free.length)));
  return { ...base, nEiCandidates: Math.min(base.nEiCandidates, fits) };
}

export function createAutoSampler(config: AutoConfig): Sampler {
  const gp = createGpSampler(GP_DEFAULTS);
  // One TPE per space and per kind of study (one objective or several).
  const tpeBySpace = [new WeakMap<CompiledSpace, Sampler>(), new WeakMap<CompiledSpace, Sampler>()] as const;
  const tpe = (space: CompiledSpace, objectives: number): Sampler => {
    const cache = tpeBySpace[objectives > 1 ? 1 : 0];
    let s = cache.get(space);
    if (!s) cache.set(space, (s = createTpeSampler(autoTpeConfig(space, objectives))));
    return s;
  };
  // One suggestion asks with the same context for the relative space, the relative sample and every
  // independent parameter: decide once per context (the choice reads only the context).
  const picked = new WeakMap<SampleContext, Sampler>();
  const pick = (ctx: SampleContext): Sampler => {
    let s = picked.get(ctx);
    if (s) return s;
    let finished = 0;
    for (const t of ctx.trials) if (FINISHED.has(t.state)) finished++;
    const failing = finished >= config.gpUntil ? recentFailureShare(ctx.trials, AUTO_RULES.failureWindow) : 0;
    s = chooseAuto(config, ctx.space, finished, ctx.directions.length, failing) === "gp" ? gp : tpe(ctx.space, ctx.directions.length);
    picked.set(ctx, s);
    return s;
  };
  return {
    name: "auto",
    inferRelativeSearchSpace: (ctx) => pick(ctx).inferRelativeSearchSpace(ctx),
    sampleRelative: (ctx, specs) => pick(ctx).sampleRelative(ctx, specs),
    sampleIndependent: (ctx, spec) => pick(ctx).sampleIndependent(ctx, spec),
  };
}
