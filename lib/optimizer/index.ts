// Public API of the engine. See CONTRACT.md.
export * from "./types";
export * from "./errors";
export { createRng, deriveRng, hashSeed } from "./rng";
export { parseSpace, SPACE_TYPES } from "./space/parse";
export { compileSpace, isActive, type CompiledSpace, type ParamSpec, type SpecKind } from "./space/compile";
export { toExternal, toInternal, snap } from "./space/convert";
export { validateParams } from "./space/validate";
export { flattenParams, nestParams } from "./space/nest";
export type { Sampler, SampleContext } from "./samplers/types";
export { createSampler } from "./samplers";
export { gridSize } from "./samplers/grid-values";
export { assertSamplerFitsSpace, samplerSpaceIssues } from "./samplers/fit-space";
export * from "./limits";
export { parseSamplerConfig, DEFAULT_SAMPLER, SAMPLER_DEFAULTS, SAMPLER_NAMES, SAMPLER_SETTINGS } from "./samplers/config";
export { TPE_DEFAULTS } from "./tpe/config";
export { GP_DEFAULTS } from "./gp/config";
export { CMAES_DEFAULTS } from "./cmaes/config";
export { parsePrunerConfig, PRUNER_DEFAULTS, PRUNER_NAMES, PRUNER_SETTINGS } from "./pruners/config";
export { createPruner } from "./pruners";
export { importWandbSweep, type WandbImport } from "./wandb";
export { suggest, type SuggestOptions, type Suggestion } from "./suggest";
export { InMemoryStorage, type StudyStorage } from "./storage";
export { Study, type StudyOptions } from "./study";
export { paramImportance, importanceSteps, importanceSample, IMPORTANCE_METHOD, MAX_IMPORTANCE_TRIALS, IMPORTANCE_MIN_TRIALS, type ImportanceOptions, type ParamImportance } from "./importance";
export { decide, needsSnapshot, newTrialNumber, reportsClosed, factsOf, snapshotOf, isStale, DEFAULT_HEARTBEAT_SEC, MIN_GRACE_SEC } from "./core";
export type { Decision, Failure, FailureKind, LastReport, Operation, Refusal, RefusalCode, RetryPolicy, SweepCounts, SweepRules, SweepSnapshot, SweepStatus, TrialEvent, TrialFacts } from "./core";
export { constraintViolation, isFeasible } from "./constraints";
export { historyNeed, selectHistory, MODEL_HISTORY, GP_HISTORY, CMAES_HISTORY, CMAES_RUN_TRIALS, type HistoryNeed } from "./history";
export {
  bestTrialOf,
  constrainedDominates,
  constrainedSort,
  crowdingDistance,
  dominates,
  exclusiveHypervolume,
  hypervolume,
  hypervolumeContributions,
  nadirReference,
  nondominatedRanks,
  nondominatedSort,
  paretoFront,
  rankedTrials,
  selectSubset,
  toMinimization,
} from "./mo";
