// The engine's public contract. Everything here is plain, JSON-serialisable data so that the server
// can store it, the browser can render it and the benchmark can drive it without adapters.
// lib/optimizer imports nothing outside itself: no next, react, prisma or node:* modules.

/** A value a user sees for a parameter. */
export type ParamValue = number | string | boolean | null;

/** Flat map from parameter path ("lr", "model.svm.C") to the value users see. */
export type Params = Record<string, ParamValue>;

/** Flat map from parameter path to the internal numeric form (categorical: index, log: log space). */
export type InternalParams = Record<string, number>;

export type Direction = "minimize" | "maximize";

export interface Objective {
  metric: string;
  direction: Direction;
}

export type TrialState = "waiting" | "running" | "complete" | "pruned" | "failed";

/** One error in a search space, sampler or pruner config, with the path to the offending node. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Deterministic source of uniform numbers in [0, 1). Passed in; the engine never calls Math.random. */
export interface Rng {
  next(): number;
}

/** Milliseconds since the epoch. Passed in; the engine never calls Date.now. */
export type Clock = () => number;

/** What samplers and pruners see of a trial. */
export interface TrialRecord {
  number: number;
  state: TrialState;
  params: Params;
  internal: InternalParams;
  /** Objective values in the order of the study's objectives; null until complete. */
  values: number[] | null;
  /** Intermediate values of the first objective's metric by step, ascending by step. */
  intermediate: ReadonlyArray<readonly [step: number, value: number]>;
  /** Engine bookkeeping, e.g. { bracket: 2 } for hyperband. */
  systemAttrs: Record<string, unknown>;
  /** The trial this one retries (same parameters), when it is a retry. */
  retryOf?: number | null;
  /** Why a failed trial failed: its worker ("infrastructure") or the program itself ("program"). */
  failureKind?: "infrastructure" | "program" | null;
  /** A failed trial whose automatic retry is due and not yet handed out. */
  retryPending?: boolean;
  /**
   * Values of the study's constraints, in the order of its `constraints` list; the trial is feasible when
   * every one is <= 0 (see constraints.ts). Absent or null: not reported (a study without constraints).
   */
  constraints?: number[] | null;
}

export type SamplerName = "random" | "grid" | "qmc" | "tpe" | "gp" | "nsga2" | "cmaes" | "auto";
export type PrunerName = "none" | "median" | "percentile" | "asha" | "hyperband";

// ---------------------------------------------------------------------------------------------------------
// Search spaces (the normalised form that parseSpace returns and that parses to itself).

export interface RangeNode {
  type: "uniform" | "loguniform";
  low: number;
  high: number;
}
export interface QRangeNode {
  type: "quniform" | "qloguniform";
  low: number;
  high: number;
  q: number;
}
export interface NormalNode {
  type: "normal" | "lognormal";
  mu: number;
  sigma: number;
}
export interface QNormalNode {
  type: "qnormal" | "qlognormal";
  mu: number;
  sigma: number;
  q: number;
}
export interface IntNode {
  type: "int";
  low: number;
  high: number;
  step: number;
  log: boolean;
}
export interface CategoricalNode {
  type: "categorical";
  values: ParamValue[];
  /** Relative prior weights (pchoice); absent means uniform. */
  weights?: number[];
}
export interface ConstNode {
  type: "const";
  value: ParamValue;
}
export interface ChoiceOption {
  value: ParamValue;
  params: Space;
}
export interface ChoiceNode {
  type: "choice";
  options: ChoiceOption[];
  weights?: number[];
}
export type SpaceNode =
  | RangeNode
  | QRangeNode
  | NormalNode
  | QNormalNode
  | IntNode
  | CategoricalNode
  | ConstNode
  | ChoiceNode;
export type SpaceNodeType = SpaceNode["type"];

/** A parsed search space: parameter name -> node. Plain JSON. */
export type Space = { [name: string]: SpaceNode };

// ---------------------------------------------------------------------------------------------------------
// Sampler and pruner configs (normalised: every default filled in, so they parse to themselves).

export type GammaRule = "optuna" | "hyperopt" | "wide" | number;

export interface TpeConfig {
  name: "tpe";
  nStartupTrials: number;
  nEiCandidates: number;
  /**
   * "optuna": min(ceil(0.1 n), 25); "hyperopt": min(ceil(0.25 sqrt(n)), 25); "wide": min(ceil(0.2 n), 25) (the
   * automatic sampler's rule for several objectives); a number g: ceil(g n).
   */
  gamma: GammaRule;
  /** "optuna": older observations ramp down once there are more than 25; "uniform": all equal. */
  weights: "optuna" | "uniform";
  priorWeight: number;
  considerPrior: boolean;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  multivariate: boolean;
  group: boolean;
  constantLiar: boolean;
  /** Multivariate kernel bandwidth: "gap" (neighbour gaps per dimension) or "scott" (Optuna 3.1's rule). */
  bandwidth: "gap" | "scott";
  /**
   * With multivariate: every k-th trial (trial number divisible by k) ignores the joint model and samples each
   * parameter from its own univariate estimator; 0 = never. Joint kernels refine around good points; univariate
   * ones recombine good coordinates of different points (separable, many-minima, irrelevant-dimension
   * problems). Alternating (k = 2) beat both pure modes on the benchmark.
   */
  univariateEvery: number;
}
export interface RandomConfig {
  name: "random";
}
export interface GridConfig {
  name: "grid";
  /** Explicit grid values per parameter path (required for continuous params unless resolution is set). */
  values: Record<string, ParamValue[]>;
  /** Points per continuous parameter when no explicit values are given. */
  resolution?: number;
  /** Visit the grid in a seeded random order instead of enumeration order. */
  shuffle: boolean;
  seed: number;
}
export interface QmcConfig {
  name: "qmc";
  scramble: boolean;
  /** Seed of the scramble; the Study fills in its own seed when absent. */
  seed?: number;
}
/** Gaussian-process Bayesian optimisation (lib/optimizer/gp); single-objective: optimises the first objective. */
export interface GpConfig {
  name: "gp";
  /** Observations (complete, pruned or failed by the program) before the GP is used; random until then. */
  nStartupTrials: number;
  /** Fix the noise variance at its floor (the objective returns the same value for the same parameters). */
  deterministicObjective: boolean;
  /** Quasi-random (Sobol') candidates scored per suggestion before the local searches. */
  nCandidates: number;
  /** Local searches (gradient steps, discrete line searches) from the best candidates and the incumbent. */
  nLocalSearch: number;
  /** Running and waiting trials count as observations at the incumbent's value, so parallel workers spread out. */
  constantLiar: boolean;
}
/** NSGA-II (Optuna's NSGAIISampler): a genetic algorithm over the trial history; see nsga2/sampler.ts. */
export interface Nsga2Config {
  name: "nsga2";
  /** Trials per generation; generation g = floor(trial number / populationSize). */
  populationSize: number;
  /** Probability that a child mixes two parents (uniform crossover) instead of copying one. */
  crossoverProb: number;
  /** Uniform crossover: probability that a parameter comes from the second parent. */
  swappingProb: number;
  /** Probability that a parameter is drawn afresh from its prior; "auto" = 1 / number of parameters. */
  mutationProb: "auto" | number;
}
/**
 * The default: per suggestion, the GP or TPE (several objectives: multi-objective TPE), by the rules of
 * samplers/auto.ts (AUTO_RULES), which read the space, the finished trials and the objectives.
 */
export interface AutoConfig {
  name: "auto";
  /** Finished trials after which TPE serves numeric single-objective spaces instead of the GP. */
  gpUntil: number;
}
/** CMA-ES over the always-active numeric parameters (see cmaes/sampler.ts); the rest are drawn from their priors. */
export interface CmaEsConfig {
  name: "cmaes";
  /** Trials drawn from the priors before the first generation (finished observations, as TPE counts them). */
  nStartupTrials: number;
  /** Initial step size in the [0, 1]-scaled space (1/6: the box is +-3 sigma around the centre). */
  sigma0: number;
  /** Population of the first run; "auto" is 4 + floor(3 ln d) for d parameters. */
  popsize: "auto" | number;
  /** "ipop": restart with the population times incPopsize when a run stagnates; "none": never. */
  restart: "ipop" | "none";
  incPopsize: number;
  /** CMA-ES with margin (Hamano et al. 2022): integer and stepped parameters keep moving. */
  withMargin: boolean;
}
export type SamplerConfig = RandomConfig | GridConfig | QmcConfig | TpeConfig | GpConfig | Nsga2Config | CmaEsConfig | AutoConfig;

export interface NonePrunerConfig {
  name: "none";
}
export interface PercentilePrunerConfig {
  name: "median" | "percentile";
  percentile: number;
  nStartupTrials: number;
  nWarmupSteps: number;
  intervalSteps: number;
  nMinTrials: number;
}
export interface AshaPrunerConfig {
  name: "asha";
  minResource: "auto" | number;
  reductionFactor: number;
  minEarlyStoppingRate: number;
}
export interface HyperbandPrunerConfig {
  name: "hyperband";
  minResource: number;
  maxResource: "auto" | number;
  reductionFactor: number;
}
export type PrunerConfig = NonePrunerConfig | PercentilePrunerConfig | AshaPrunerConfig | HyperbandPrunerConfig;

/** What pruners see of the study: every other trial, with its intermediate values. */
export interface PrunerStudyView {
  direction: Direction;
  trials: ReadonlyArray<TrialRecord>;
}

/**
 * What a pruner decided about a trial's last report and why: the value it judged against the threshold
 * it had to beat, so the trial's page can say at which step and against what it was stopped.
 */
export interface PruneVerdict {
  prune: boolean;
  step: number;
  /** The trial's value the pruner judged (its best so far for percentile pruners, its value at the rung for ASHA). */
  value: number;
  /** The value it had to match or beat; null when it pruned without comparing (only NaN reported). */
  threshold: number | null;
  /** The rule in words, e.g. "median of 7 complete trials at step 5". */
  rule: string;
}

export interface Pruner {
  readonly name: PrunerName;
  shouldPrune(study: PrunerStudyView, trial: TrialRecord): boolean;
  /** The same decision with its reasons; null when the trial's last report is not judged (warm-up, no rung). */
  verdict(study: PrunerStudyView, trial: TrialRecord): PruneVerdict | null;
}

/** How a trial ends, as told by the worker. */
export type TrialResult =
  | { state: "complete"; values: number[]; constraints?: number[] }
  | { state: "pruned"; values?: number[] | null }
  | { state: "failed"; error?: string; kind?: "infrastructure" | "program" };
