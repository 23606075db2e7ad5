import { describe, expect, it } from "vitest";
import { algorithmLine, prunerSummary, samplerSummary, settingsJson } from "@/components/experiment/algorithm-summary";
import { DEFAULT_SAMPLER, parsePrunerConfig, parseSamplerConfig } from "@/lib/optimizer";

const sampler = (name: string, settings: object = {}) => {
  const config = parseSamplerConfig(name, settings);
  return algorithmLine(name, samplerSummary(name, config));
};
const pruner = (name: string, settings: object = {}) => {
  const config = parsePrunerConfig(name, settings);
  return algorithmLine(name, prunerSummary(name, config));
};

describe("the experiment page's sampler and pruner lines", () => {
  it("spells out TPE's modes and counts, and its other settings only when they differ from the defaults", () => {
    expect(sampler("tpe")).toBe("tpe (multivariate, group, constant liar, univariate every 2nd trial, 10 start-up trials, 24 candidates)");
    expect(algorithmLine("auto", samplerSummary("auto", DEFAULT_SAMPLER))).toBe("auto (GP while fewer than 50 trials finished on a numeric space, else TPE)");
    expect(sampler("tpe", { multivariate: false, constantLiar: false, nStartupTrials: 1 })).toBe("tpe (univariate, 1 start-up trial, 24 candidates)");
    expect(sampler("tpe", { univariateEvery: 3, gamma: "hyperopt", weights: "uniform", priorWeight: 2, considerPrior: false, considerMagicClip: false, considerEndpoints: true, bandwidth: "scott" })).toBe(
      "tpe (multivariate, group, constant liar, univariate every 3rd trial, 10 start-up trials, 24 candidates, gamma hyperopt, uniform weights, prior weight 2, no prior, no magic clip, endpoints, scott bandwidth)",
    );
  });

  it("describes the other samplers", () => {
    expect(sampler("random")).toBe("random");
    expect(sampler("gp")).toBe("gp (10 start-up trials, 256 candidates, 5 local searches, constant liar)");
    expect(sampler("cmaes")).toBe("cmaes (sigma0 0.167, population auto, IPOP restarts (x2), with margin)");
    expect(sampler("nsga2")).toBe("nsga2 (population 50, crossover 0.9, mutation 1/parameters)");
    expect(sampler("qmc")).toBe("qmc (scrambled with the sweep's seed)");
    expect(sampler("qmc", { seed: 4 })).toBe("qmc (scrambled, seed 4)");
    expect(sampler("qmc", { scramble: false })).toBe("qmc (unscrambled)");
    expect(sampler("grid", { values: { a: [1, 2], b: [3] }, resolution: 4, shuffle: true, seed: 7 })).toBe("grid (2 value lists, resolution 4, shuffled (seed 7))");
    expect(sampler("grid", { resolution: 5 })).toBe("grid (resolution 5, in order)");
  });

  it("describes every pruner with its resolved defaults", () => {
    expect(pruner("none")).toBe("none");
    expect(pruner("median")).toBe("median (5 start-up trials, warm-up 0 steps, checked every step, at least 1 trial per step)");
    expect(pruner("percentile", { percentile: 25, nWarmupSteps: 1, intervalSteps: 2, nMinTrials: 3 })).toBe("percentile (25th percentile, 5 start-up trials, warm-up 1 step, checked every 2 steps, at least 3 trials per step)");
    expect(pruner("percentile", { percentile: 12.5 })).toMatch(/^percentile \(percentile 12\.5, /);
    expect(pruner("asha")).toBe("asha (min resource auto, reduction factor 4, min early-stopping rate 0)");
    expect(pruner("hyperband", { maxResource: 81 })).toBe("hyperband (resources 1 to 81, reduction factor 3)");
  });

  it("falls back to the bare name for an unreadable config and shows the full JSON without the name", () => {
    expect(algorithmLine("tpe", samplerSummary("tpe", "oops"))).toBe("tpe");
    expect(JSON.parse(settingsJson(parsePrunerConfig("median", {})))).toEqual({ percentile: 50, nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1 });
    expect(settingsJson(null)).toBe("null");
  });
});
