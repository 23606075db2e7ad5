import { describe, it, expect } from "vitest";
import { ConfigError, createPruner, createRng, createSampler, parsePrunerConfig, suggest, type Direction, type PrunerConfig, type TrialRecord } from "../../../lib/optimizer";
import { bracketCount, bracketOf } from "../../../lib/optimizer/pruners/hyperband";

function t(number: number, intermediate: Array<[number, number]>, state: TrialRecord["state"] = "complete", systemAttrs: Record<string, unknown> = {}): TrialRecord {
  return { number, state, params: {}, internal: {}, values: state === "complete" ? [0] : null, intermediate, systemAttrs };
}

function decide(config: PrunerConfig, others: TrialRecord[], intermediate: Array<[number, number]>, direction: Direction = "minimize", attrs: Record<string, unknown> = {}): boolean {
  return createPruner(config).shouldPrune({ direction, trials: others }, t(99, intermediate, "running", attrs));
}

describe("median / percentile pruner", () => {
  const base = parsePrunerConfig("median", { nStartupTrials: 2 }) as Extract<PrunerConfig, { name: "median" | "percentile" }>;
  const done = [
    t(0, [[1, 1.0], [2, 0.8]]),
    t(1, [[1, 3.0], [2, 2.0]]),
    t(2, [[1, 2.0]]),
    t(3, [[1, -100], [2, -100]], "running"),
  ];
  const table: Array<[string, PrunerConfig, Array<[number, number]>, Direction, boolean]> = [
    ["worse than the median at step 1 (values 1, 2, 3)", base, [[1, 2.5]], "minimize", true],
    ["better than the median at step 1", base, [[1, 1.5]], "minimize", false],
    ["best so far 1.5 vs median 1.4 at step 2", base, [[1, 1.5], [2, 1.9]], "minimize", true],
    ["best so far 0.5 beats it", base, [[1, 0.5], [2, 1.9]], "minimize", false],
    ["maximize: 1.5 below the median 2", base, [[1, 1.5]], "maximize", true],
    ["maximize: 2.5 above it", base, [[1, 2.5]], "maximize", false],
    ["warm-up steps protect step 1", { ...base, nWarmupSteps: 2 }, [[1, 9]], "minimize", false],
    ["not the first report of the interval", { ...base, intervalSteps: 2 }, [[0, 9], [1, 9]], "minimize", false],
    ["first report of the interval", { ...base, intervalSteps: 2 }, [[1, 9]], "minimize", true],
    ["too few trials reported at step 2", { ...base, nMinTrials: 3 }, [[1, 1], [2, 9]], "minimize", false],
    ["too few complete trials", { ...base, nStartupTrials: 4 }, [[1, 9]], "minimize", false],
    ["no report yet", base, [], "minimize", false],
    ["NaN only: diverged", base, [[1, NaN]], "minimize", true],
    ["25th percentile (1.5) minimize: 1.6 pruned", parsePrunerConfig("percentile", { percentile: 25, nStartupTrials: 2 }), [[1, 1.6]], "minimize", true],
    ["25th percentile minimize: 1.4 kept", parsePrunerConfig("percentile", { percentile: 25, nStartupTrials: 2 }), [[1, 1.4]], "minimize", false],
    ["25% maximize uses the 75th percentile (2.5): 2.4 pruned", parsePrunerConfig("percentile", { percentile: 25, nStartupTrials: 2 }), [[1, 2.4]], "maximize", true],
    ["25% maximize: 2.6 kept", parsePrunerConfig("percentile", { percentile: 25, nStartupTrials: 2 }), [[1, 2.6]], "maximize", false],
  ];
  for (const [name, cfg, inter, dir, expected] of table) {
    it(name, () => expect(decide(cfg, done, inter, dir)).toBe(expected));
  }
});

describe("successive halving (ASHA) pruner", () => {
  const cfg = parsePrunerConfig("asha", { minResource: 1, reductionFactor: 2 });
  // Rungs at steps 1, 2, 4, 8.
  const others = [t(0, [[1, 0.1], [2, 0.1], [4, 0.1]]), t(1, [[1, 0.5], [2, 0.6]], "pruned"), t(2, [[1, 0.9]], "running")];
  const table: Array<[string, PrunerConfig, Array<[number, number]>, Direction, boolean]> = [
    ["rung 0: 0.3 is within the top 4/2 = 2 of [0.1, 0.3, 0.5, 0.9]", cfg, [[1, 0.3]], "minimize", false],
    ["rung 0: 0.6 is not", cfg, [[1, 0.6]], "minimize", true],
    ["rung 1: 0.7 vs [0.1, 0.6]: only the best of 3 continues", cfg, [[1, 0.3], [2, 0.7]], "minimize", true],
    ["rung 1: 0.05 is the best", cfg, [[1, 0.3], [2, 0.05]], "minimize", false],
    ["rung 1 reached at step 3 is judged there", cfg, [[1, 0.3], [3, 0.2]], "minimize", true],
    ["between rungs nothing is judged", cfg, [[1, 0.3], [2, 0.05], [3, 99]], "minimize", false],
    ["early-stopping rate 1 moves the first rung to step 2", { ...cfg, minEarlyStoppingRate: 1 } as PrunerConfig, [[1, 0.99]], "minimize", false],
    ["maximize: 0.6 ties the cut of [0.9, 0.6, 0.5, 0.1]", cfg, [[1, 0.6]], "maximize", false],
    ["maximize: 0.4 is pruned", cfg, [[1, 0.4]], "maximize", true],
    ["NaN at a rung is pruned", cfg, [[1, NaN]], "minimize", true],
  ];
  for (const [name, c, inter, dir, expected] of table) {
    it(name, () => expect(decide(c, others, inter, dir)).toBe(expected));
  }

  it("waits for a complete trial when minResource is auto, then uses max step / 100", () => {
    const auto = parsePrunerConfig("asha", {});
    expect(decide(auto, [t(0, [[1, 0.1]], "running")], [[1, 5]])).toBe(false);
    // Complete trial ran to step 400: min resource 4, first rung at step 4.
    const hist = [t(0, [[4, 0.1], [400, 0.1]])];
    expect(decide(auto, hist, [[3, 5]])).toBe(false);
    expect(decide(auto, hist, [[4, 5]])).toBe(true);
  });
});

describe("hyperband pruner", () => {
  const cfg = parsePrunerConfig("hyperband", { minResource: 1, maxResource: 9, reductionFactor: 3 });

  it("has floor(log3(9)) + 1 = 3 brackets sized by budget 9 : 5 : 3", () => {
    expect(cfg.name === "hyperband" && bracketCount(cfg, [])).toBe(3);
    const counts = [0, 0, 0];
    for (let n = 0; n < 17000; n++) counts[bracketOf(n, 3, 3)]!++;
    expect(counts[0]! / 17000).toBeCloseTo(9 / 17, 1);
    expect(counts[1]! / 17000).toBeCloseTo(5 / 17, 1);
    expect(counts[2]! / 17000).toBeCloseTo(3 / 17, 1);
  });

  it("only compares a trial with trials of its own bracket", () => {
    const others = [t(0, [[1, 0.9]], "complete", { bracket: 0 }), t(1, [[1, 0.1]], "complete", { bracket: 1 })];
    // Bracket 0 alone: [0.5, 0.9] keeps the best 1 -> 0.5 continues; with bracket 1's 0.1 it would be pruned.
    expect(decide(cfg, others, [[1, 0.5]], "minimize", { bracket: 0 })).toBe(false);
    expect(decide(cfg, [...others, t(2, [[1, 0.1]], "complete", { bracket: 0 })], [[1, 0.5]], "minimize", { bracket: 0 })).toBe(true);
    // Bracket 2 (rate 2) has its first rung at step 9.
    expect(decide(cfg, [t(0, [[1, 0.1]], "complete", { bracket: 2 })], [[1, 0.5]], "minimize", { bracket: 2 })).toBe(false);
  });

  it("assigns the bracket at suggest time and stores it", () => {
    const sampler = createSampler({ name: "random" });
    for (let n = 0; n < 5; n++) {
      const s = suggest({ space: { x: { type: "uniform", low: 0, high: 1 } }, sampler, trials: [], objectives: [{ metric: "y", direction: "minimize" }], rng: createRng(1), number: n, pruner: cfg });
      expect(s.systemAttrs.bracket).toBe(bracketOf(n, 3, 3));
    }
  });
});

describe("pruner configs", () => {
  it("fills defaults", () => {
    expect(parsePrunerConfig("median", {})).toEqual({ name: "median", percentile: 50, nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1 });
    expect(parsePrunerConfig("asha", undefined)).toEqual({ name: "asha", minResource: "auto", reductionFactor: 4, minEarlyStoppingRate: 0 });
    expect(parsePrunerConfig("hyperband", { name: "hyperband" })).toEqual({ name: "hyperband", minResource: 1, maxResource: "auto", reductionFactor: 3 });
    const none = parsePrunerConfig("none", {});
    expect(createPruner(none).shouldPrune({ direction: "minimize", trials: [] }, t(0, [[1, NaN]], "running"))).toBe(false);
  });

  it("reports every issue", () => {
    try {
      parsePrunerConfig("percentile", { percentile: 120, intervalSteps: 0, extra: 1 });
      throw new Error("expected ConfigError");
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).issues).toEqual([
        { path: "extra", message: "unknown key (allowed: percentile, nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials)" },
        { path: "percentile", message: "must be <= 100" },
        { path: "intervalSteps", message: "must be >= 1" },
      ]);
    }
    expect(() => parsePrunerConfig("bogus", {})).toThrow(ConfigError);
    expect(() => parsePrunerConfig("hyperband", { minResource: 10, maxResource: 5 })).toThrow("maxResource: must be >= minResource (10)");
  });
});
