// One suite, run against every sampler with fixed seeds (the optuna pytest_samplers idea).
import { describe, it, expect } from "vitest";
import {
  ConfigError,
  compileSpace,
  createRng,
  createSampler,
  parseSamplerConfig,
  parseSpace,
  suggest,
  validateParams,
  type Params,
  type SamplerConfig,
  type TrialRecord,
} from "../../../lib/optimizer";
import { runStudy } from "./helpers";

const SPACE = parseSpace({
  u: { type: "uniform", low: -2, high: 3 },
  lg: { type: "loguniform", low: 1e-4, high: 10 },
  q: { type: "quniform", low: 0, high: 0.8, q: 0.1 },
  qlg: { type: "qloguniform", low: 1, high: 64, q: 2 },
  n: { type: "int", low: -3, high: 9, step: 3 },
  nlog: { type: "int", low: 1, high: 1000, log: true },
  cat: { type: "categorical", values: ["a", "b", 3, true, null], weights: [4, 1, 1, 1, 1] },
  norm: { type: "normal", mu: 1, sigma: 2 },
  qnorm: { type: "qnormal", mu: 0, sigma: 3, q: 0.5 },
  lnorm: { type: "lognormal", mu: 0, sigma: 1 },
  qlnorm: { type: "qlognormal", mu: 2, sigma: 1, q: 1 },
  k: 7,
  model: {
    type: "choice",
    options: [
      "none",
      { value: "svm", params: { C: { type: "loguniform", low: 0.01, high: 100 }, kernel: { type: "choice", options: ["linear", { value: "rbf", params: { gamma: { type: "uniform", low: 0, high: 1 } } }] } } },
      { value: "tree", params: { depth: { type: "int", low: 1, high: 12 } } },
    ],
  },
});

const SAMPLERS: Array<[string, SamplerConfig]> = [
  ["random", parseSamplerConfig("random", {})],
  ["grid", parseSamplerConfig("grid", { resolution: 3, shuffle: true, seed: 5, values: { norm: [0, 1], lnorm: [1], qlnorm: [3], qnorm: [0], nlog: [1, 10, 100] } })],
  ["qmc", parseSamplerConfig("qmc", { seed: 3 })],
  ["tpe univariate", parseSamplerConfig("tpe", { nStartupTrials: 5, multivariate: false })],
  ["tpe multivariate", parseSamplerConfig("tpe", { nStartupTrials: 5, group: false, univariateEvery: 0 })],
  ["tpe grouped (the default)", parseSamplerConfig("tpe", { nStartupTrials: 5 })],
  ["gp", parseSamplerConfig("gp", { nStartupTrials: 5 })],
  // The default; on this conditional space it hands every trial to TPE.
  ["auto (the default)", parseSamplerConfig("auto", {})],
  // A small population so that the 40-trial runs reach later generations (crossover and mutation).
  ["nsga2", parseSamplerConfig("nsga2", { populationSize: 8 })],
  ["cmaes", parseSamplerConfig("cmaes", { nStartupTrials: 3 })],
];

/** A made-up objective with structure every branch can improve on. */
function objective(p: Params): number {
  let v = (Number(p.u) - 1) ** 2 + Math.abs(Math.log10(Number(p.lg)) + 2) + Number(p.n) / 10;
  if (p.model === "svm") v += Math.abs(Math.log10(Number(p["model.svm.C"]))) + (p["model.svm.kernel"] === "rbf" ? Number(p["model.svm.kernel.rbf.gamma"]) : 0.5);
  if (p.model === "tree") v += Math.abs(Number(p["model.tree.depth"]) - 4) / 4;
  return v;
}

function failed(number: number): TrialRecord {
  return { number, state: "failed", params: {}, internal: {}, values: null, intermediate: [], systemAttrs: {} };
}

for (const [name, config] of SAMPLERS) {
  describe(`sampler suite: ${name}`, () => {
    it("respects bounds, steps, log scales, integers, categories and branches", async () => {
      const trials = await runStudy({ space: SPACE, sampler: config, n: 40, objective, seed: 11 });
      expect(trials).toHaveLength(40);
      for (const t of trials) {
        // validateParams fails on anything out of range, off the step grid, of the wrong category, or a
        // conditional parameter present without (or missing with) its branch.
        const v = validateParams(SPACE, t.params);
        expect(v.params).toEqual(t.params);
        for (const [path, x] of Object.entries(v.internal)) expect(t.internal[path]).toBeCloseTo(x, 9);
        expect(Number.isInteger(t.params.n) && Number(t.params.n) % 3 === 0).toBe(true);
        expect(Number.isInteger(t.params.nlog)).toBe(true);
        expect(t.params.k).toBe(7);
        expect("model.svm.C" in t.params).toBe(t.params.model === "svm");
        expect("model.svm.kernel.rbf.gamma" in t.params).toBe(t.params.model === "svm" && t.params["model.svm.kernel"] === "rbf");
        expect("model.tree.depth" in t.params).toBe(t.params.model === "tree");
      }
    });

    it("is deterministic for a seed and differs across seeds", async () => {
      const a = await runStudy({ space: SPACE, sampler: config, n: 15, objective, seed: 4 });
      const b = await runStudy({ space: SPACE, sampler: config, n: 15, objective, seed: 4 });
      const c = await runStudy({ space: SPACE, sampler: config, n: 15, objective, seed: 5 });
      expect(a.map((t) => t.params)).toEqual(b.map((t) => t.params));
      if (name !== "grid") expect(a.map((t) => t.params)).not.toEqual(c.map((t) => t.params));
    });

    it("suggests from an empty and from an all-failed history", () => {
      const sampler = createSampler(config);
      for (const trials of [[], Array.from({ length: 15 }, (_, i) => failed(i))]) {
        const s = suggest({ space: SPACE, sampler, trials, objectives: [{ metric: "y", direction: "minimize" }], rng: createRng(1), number: trials.length });
        expect(() => validateParams(SPACE, s.params)).not.toThrow();
      }
    });

    it("handles maximize", async () => {
      const trials = await runStudy({ space: SPACE, sampler: config, n: 20, objective, direction: "maximize", seed: 2 });
      for (const t of trials) expect(() => validateParams(SPACE, t.params)).not.toThrow();
    });

    it("ignores parameters of trials that are no longer in the space", () => {
      const sampler = createSampler(config);
      const old: TrialRecord[] = Array.from({ length: 12 }, (_, i) => ({
        number: i,
        state: "complete",
        params: { gone: i },
        internal: { gone: i, u: i / 12 },
        values: [i],
        intermediate: [],
        systemAttrs: {},
      }));
      const s = suggest({ space: SPACE, sampler, trials: old, objectives: [{ metric: "y", direction: "minimize" }], rng: createRng(1), number: 12 });
      expect(() => validateParams(SPACE, s.params)).not.toThrow();
    });
  });
}

describe("random sampler", () => {
  it("draws categories in proportion to their weights", () => {
    const space = parseSpace({ c: { type: "pchoice", values: ["a", "b", "c"], weights: [5, 3, 2] } });
    const sampler = createSampler({ name: "random" });
    const counts = { a: 0, b: 0, c: 0 } as Record<string, number>;
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const s = suggest({ space, sampler, trials: [], objectives: [{ metric: "y", direction: "minimize" }], rng: createRng(9), number: i });
      counts[String(s.params.c)]!++;
    }
    const expected = { a: 0.5 * n, b: 0.3 * n, c: 0.2 * n } as Record<string, number>;
    const chi2 = Object.keys(expected).reduce((acc, k) => acc + (counts[k]! - expected[k]!) ** 2 / expected[k]!, 0);
    // df = 2: P(chi2 > 13.8) = 0.001.
    expect(chi2).toBeLessThan(13.8);
  });

  it("spreads int and log params over their whole range", () => {
    const space = parseSpace({ i: { type: "int", low: 1, high: 4 }, l: { type: "loguniform", low: 1e-3, high: 1e3 } });
    const sampler = createSampler({ name: "random" });
    const seen = new Set<unknown>();
    let below1 = 0;
    for (let i = 0; i < 400; i++) {
      const s = suggest({ space, sampler, trials: [], objectives: [{ metric: "y", direction: "minimize" }], rng: createRng(2), number: i });
      seen.add(s.params.i);
      if (Number(s.params.l) < 1) below1++;
    }
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
    // Log-uniform: half of the mass lies below the geometric midpoint 1.
    expect(below1).toBeGreaterThan(160);
    expect(below1).toBeLessThan(240);
  });
});

describe("compileSpace", () => {
  it("rejects an invalid space", () => {
    expect(() => compileSpace({ x: { type: "uniform", low: 1, high: 0 } })).toThrow(ConfigError);
  });
});
