import { describe, it, expect } from "vitest";
import { ConfigError, DEFAULT_SAMPLER, TPE_DEFAULTS, parseSamplerConfig } from "../../../lib/optimizer";

function issues(name: string, cfg: unknown): Array<[string, string]> {
  try {
    parseSamplerConfig(name, cfg);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => [i.path, i.message]);
    throw e;
  }
  throw new Error("expected ConfigError");
}

describe("parseSamplerConfig", () => {
  it("fills defaults and parses its own output (also with the name inside)", () => {
    expect(parseSamplerConfig("tpe", {})).toEqual(TPE_DEFAULTS);
    expect(parseSamplerConfig("tpe", { ...DEFAULT_SAMPLER })).toEqual(DEFAULT_SAMPLER);
    expect(DEFAULT_SAMPLER).toMatchObject({ name: "tpe", multivariate: true, group: true, constantLiar: true, nStartupTrials: 10, nEiCandidates: 24 });
    const grid = parseSamplerConfig("grid", { values: { a: [1, 2] }, resolution: 4 });
    expect(grid).toEqual({ name: "grid", values: { a: [1, 2] }, resolution: 4, shuffle: false, seed: 0 });
    expect(parseSamplerConfig("grid", grid)).toEqual(grid);
    expect(parseSamplerConfig("qmc", null)).toEqual({ name: "qmc", scramble: true });
    expect(parseSamplerConfig("random", undefined)).toEqual({ name: "random" });
  });

  it("reports every issue with its path", () => {
    expect(issues("tpe", { nStartupTrials: -1, gamma: 2, weights: "linear", group: true, foo: 1 })).toEqual([
      ["foo", expect.stringContaining("unknown key") as unknown as string],
      ["nStartupTrials", "must be >= 0"],
      ["gamma", 'must be "optuna", "hyperopt" or a fraction in (0, 1), got 2'],
      ["weights", 'must be one of optuna, uniform, got "linear"'],
      ["group", "requires multivariate: true"],
    ]);
    expect(issues("grid", { values: { a: [], b: [{}] }, resolution: 0, name: "random" })).toEqual([
      ["name", 'must be "grid" (the sampler\'s name), got "random"'],
      ["values.a", "must be a non-empty array"],
      ["values.b[0]", "must be a finite number, string, boolean or null, got an object"],
      ["resolution", "must be >= 1"],
    ]);
    expect(issues("cmaes", {})).toEqual([["name", 'must be one of random, grid, qmc, tpe, got "cmaes"']]);
    expect(issues("random", [])).toEqual([["", "must be an object, got an array"]]);
  });
});
