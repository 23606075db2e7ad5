import type { CompiledSpace, ParamSpec } from "../space/compile";
import type { Direction, InternalParams, Rng, SamplerName, TrialRecord } from "../types";

/** Everything a sampler may look at for one suggestion. Samplers are pure: they never write anywhere. */
export interface SampleContext {
  space: CompiledSpace;
  /** Every other trial of the study (or of the trial's hyperband bracket), in any state. */
  trials: ReadonlyArray<TrialRecord>;
  /** Direction of the first objective (what single-objective samplers optimise). */
  direction: Direction;
  /** Directions of every objective, in order; `values` of a complete trial line up with them. */
  directions: ReadonlyArray<Direction>;
  /** This trial's own stream, derived from the study seed and the trial number. */
  rng: Rng;
  /** Number of the trial being suggested. */
  number: number;
}

/**
 * The narrow sampler contract (as in optuna's BaseSampler): a sampler may model some parameters jointly
 * (relative) and draws the rest one by one (independent). suggest() walks the space in order and asks
 * sampleIndependent only for active parameters the relative sample did not cover.
 */
export interface Sampler {
  readonly name: SamplerName;
  inferRelativeSearchSpace(ctx: SampleContext): ParamSpec[];
  /** Internal values by path for (a subset of) the given specs. */
  sampleRelative(ctx: SampleContext, specs: ReadonlyArray<ParamSpec>): InternalParams;
  /** Internal value of one parameter. */
  sampleIndependent(ctx: SampleContext, spec: ParamSpec): number;
  /**
   * Bookkeeping to store with the new trial (merged into Suggestion.systemAttrs; the engine's own keys such as
   * `bracket` win), asked after the sampling calls of the same context. Lets a sampler whose state is the history
   * record what it needs to rebuild it, e.g. CMA-ES's generation.
   */
  systemAttrs?(ctx: SampleContext): Record<string, unknown>;
}
