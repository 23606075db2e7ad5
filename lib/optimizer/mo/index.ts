// Several objectives: dominance, sorting, crowding, hypervolume, and the trial-level views built on them.
export { constrainedDominates, constrainedSort, dominates, frontsOf, nondominatedRanks, nondominatedSort, toMinimization, type Point } from "./dominance";
export { crowdingDistance, crowdingOrder } from "./crowding";
export { exclusiveHypervolume, hypervolume, hypervolumeContributions, nadirReference, selectSubset } from "./hypervolume";
export { bestTrialOf, paretoFront, rankedTrials, scoreTrials, type ScoredTrial } from "./trials";
