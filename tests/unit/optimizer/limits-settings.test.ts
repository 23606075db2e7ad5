import { describe, expect, it } from "vitest";
import {
  MAX_BRACKETS,
  MAX_EARLY_STOPPING_RATE,
  MAX_EI_CANDIDATES,
  MAX_GRID_RESOLUTION,
  MAX_PRIOR_WEIGHT,
  MAX_REDUCTION_FACTOR,
  MAX_SEED,
  MAX_STEP,
  MAX_TRIALS,
  createRng,
  createSampler,
  parsePrunerConfig,
  parseSamplerConfig,
  parseSpace,
  suggest,
  type HyperbandPrunerConfig,
  type TrialRecord,
} from "../../../lib/optimizer";
import { bracketCount } from "../../../lib/optimizer/pruners/hyperband";
import { expectAccepted, expectRefused, issues } from "./limit-helpers";

const tpe = (cfg: object) => () => parseSamplerConfig("tpe", cfg);
const hyperband = (cfg: object) => () => parsePrunerConfig("hyperband", cfg);

describe("sampler settings: at, just below and just above each bound", () => {
  it("TPE candidates, startup trials, prior weight and univariateEvery", () => {
    expectAccepted(tpe({ nEiCandidates: MAX_EI_CANDIDATES }));
    expectAccepted(tpe({ nEiCandidates: MAX_EI_CANDIDATES - 1 }));
    expectRefused(tpe({ nEiCandidates: MAX_EI_CANDIDATES + 1 }), "nEiCandidates", /must be <= 512 \(every candidate is scored/);
    expectRefused(tpe({ nEiCandidates: 5_000_000 }), "nEiCandidates", /must be <= 512/);
    expectAccepted(tpe({ nStartupTrials: MAX_TRIALS }));
    expectRefused(tpe({ nStartupTrials: MAX_TRIALS + 1 }), "nStartupTrials", /must be <= 10000000 \(the largest budget\)/);
    expectAccepted(tpe({ priorWeight: MAX_PRIOR_WEIGHT }));
    expectRefused(tpe({ priorWeight: MAX_PRIOR_WEIGHT * 1.001 }), "priorWeight", /must be <= 1000/);
    expectAccepted(tpe({ multivariate: true, univariateEvery: MAX_TRIALS }));
    expectRefused(tpe({ multivariate: true, univariateEvery: MAX_TRIALS + 1 }), "univariateEvery", /must be <= 10000000/);
  });

  it("grid resolution and seeds", () => {
    expectAccepted(() => parseSamplerConfig("grid", { resolution: MAX_GRID_RESOLUTION }));
    expectRefused(() => parseSamplerConfig("grid", { resolution: MAX_GRID_RESOLUTION + 1 }), "resolution", /must be <= 1000 \(points per continuous parameter\)/);
    expectRefused(() => parseSamplerConfig("grid", { resolution: 3_000_000 }), "resolution", /must be <= 1000/);
    expectAccepted(() => parseSamplerConfig("grid", { seed: MAX_SEED }));
    expectAccepted(() => parseSamplerConfig("qmc", { seed: -MAX_SEED }));
    expectRefused(() => parseSamplerConfig("grid", { seed: 2 ** 53 }), "seed", /must be <= 9007199254740991 \(seeds are exact integers\)/);
    expectRefused(() => parseSamplerConfig("qmc", { seed: -(2 ** 53) }), "seed", /must be >= -9007199254740991/);
  });
});

describe("pruner settings: at, just below and just above each bound", () => {
  it("the attacker's Hyperband is refused at both resources", () => {
    const found = issues(hyperband({ minResource: 5e-324, maxResource: 1e308, reductionFactor: 3 }));
    expect(found).toEqual([
      ["minResource", "must be >= 1 (resources are steps)"],
      ["maxResource", "must be <= 9007199254740991 (the largest step, 2^53 - 1)"],
    ]);
  });

  it("Hyperband brackets: floor(log_eta(max / min)) + 1 <= 20", () => {
    // 3^20 is the first maximum that gives 21 brackets.
    expectAccepted(hyperband({ minResource: 1, maxResource: 3 ** 20 - 1, reductionFactor: 3 }));
    expectAccepted(hyperband({ minResource: 1, maxResource: 3 ** 19, reductionFactor: 3 }));
    expectRefused(hyperband({ minResource: 1, maxResource: 3 ** 20, reductionFactor: 3 }), "maxResource", /gives 21 brackets .* at most 20 are allowed, so maxResource must be < 3486784401/);
    expectRefused(hyperband({ minResource: 1, maxResource: MAX_STEP, reductionFactor: 2 }), "maxResource", /gives 54 brackets/);
    expectAccepted(hyperband({ minResource: 1, maxResource: MAX_STEP, reductionFactor: 100 }));
  });

  it("an auto maxResource is capped at run time", () => {
    const cfg = parsePrunerConfig("hyperband", { minResource: 1, reductionFactor: 2 }) as HyperbandPrunerConfig;
    const done: TrialRecord = { number: 0, state: "complete", params: {}, internal: {}, values: [1], intermediate: [[MAX_STEP, 1]], systemAttrs: {} };
    expect(bracketCount(cfg, [done])).toBe(MAX_BRACKETS);
    const s = suggest({ space: parseSpace({ x: { type: "uniform", low: 0, high: 1 } }), sampler: createSampler({ name: "random" }), trials: [done], objectives: [{ metric: "y", direction: "minimize" }], rng: createRng(1), number: 1, pruner: cfg });
    expect(s.systemAttrs.bracket).toBeGreaterThanOrEqual(0);
    expect(s.systemAttrs.bracket).toBeLessThan(MAX_BRACKETS);
  });

  it("reduction factor, resources and ASHA's early-stopping rate", () => {
    expectAccepted(hyperband({ reductionFactor: MAX_REDUCTION_FACTOR }));
    expectRefused(hyperband({ reductionFactor: MAX_REDUCTION_FACTOR + 0.5 }), "reductionFactor", /must be <= 100 \(above it a rung keeps under 1%/);
    expectAccepted(() => parsePrunerConfig("asha", { minResource: 1, reductionFactor: MAX_REDUCTION_FACTOR }));
    expectRefused(() => parsePrunerConfig("asha", { minResource: 0.5 }), "minResource", /must be >= 1 \(resources are steps\)/);
    expectAccepted(() => parsePrunerConfig("asha", { minEarlyStoppingRate: MAX_EARLY_STOPPING_RATE }));
    expectRefused(() => parsePrunerConfig("asha", { minEarlyStoppingRate: MAX_EARLY_STOPPING_RATE + 1 }), "minEarlyStoppingRate", /must be <= 53/);
  });

  it("percentile pruner steps and trial counts", () => {
    const pct = (cfg: object) => () => parsePrunerConfig("percentile", { percentile: 25, ...cfg });
    expectAccepted(pct({ nWarmupSteps: MAX_STEP, intervalSteps: MAX_STEP, nStartupTrials: MAX_TRIALS, nMinTrials: MAX_TRIALS }));
    expectRefused(pct({ nWarmupSteps: 2 ** 53 }), "nWarmupSteps", /must be <= 9007199254740991/);
    expectRefused(pct({ intervalSteps: 2 ** 53 }), "intervalSteps", /must be <= 9007199254740991/);
    expectRefused(pct({ nStartupTrials: MAX_TRIALS + 1 }), "nStartupTrials", /the largest budget/);
    expectRefused(pct({ nMinTrials: MAX_TRIALS + 1 }), "nMinTrials", /the largest budget/);
  });
});
