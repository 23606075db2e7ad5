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
} as const;

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

/** TPE's defaults with as many EI candidates as the space allows (a very wide space gets fewer, not a refusal). */
export function autoTpeConfig(space: CompiledSpace): TpeConfig {
  const fits = Math.max(1, Math.floor(MAX_TPE_CANDIDATE_PARAMS / Math.max(1, space.free.length)));
  return { ...TPE_DEFAULTS, nEiCandidates: Math.min(TPE_DEFAULTS.nEiCandidates, fits) };
}

export function createAutoSampler(config: AutoConfig): Sampler {
  const gp = createGpSampler(GP_DEFAULTS);
  const tpeBySpace = new WeakMap<CompiledSpace, Sampler>();
  const tpe = (space: CompiledSpace): Sampler => {
    let s = tpeBySpace.get(space);
    if (!s) tpeBySpace.set(space, (s = createTpeSampler(autoTpeConfig(space))));
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
    s = chooseAuto(config, ctx.space, finished, ctx.directions.length, failing) === "gp" ? gp : tpe(ctx.space);
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
