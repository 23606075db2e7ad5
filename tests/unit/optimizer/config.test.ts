import { describe, it, expect } from "vitest";
import { ConfigError, DEFAULT_SAMPLER, PRUNER_DEFAULTS, PRUNER_NAMES, PRUNER_SETTINGS, SAMPLER_DEFAULTS, SAMPLER_NAMES, SAMPLER_SETTINGS, TPE_DEFAULTS, importWandbSweep, parsePrunerConfig, parseSamplerConfig } from "../../../lib/optimizer";

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
    expect(TPE_DEFAULTS).toMatchObject({ name: "tpe", multivariate: true, group: true, constantLiar: true, nStartupTrials: 10, nEiCandidates: 24 });
    expect(parseSamplerConfig("auto", { ...DEFAULT_SAMPLER })).toEqual(DEFAULT_SAMPLER);
    expect(DEFAULT_SAMPLER).toEqual({ name: "auto", gpUntil: 50 });
    const grid = parseSamplerConfig("grid", { values: { a: [1, 2] }, resolution: 4 });
    expect(grid).toEqual({ name: "grid", values: { a: [1, 2] }, resolution: 4, shuffle: false, seed: 0 });
    expect(parseSamplerConfig("grid", grid)).toEqual(grid);
    expect(parseSamplerConfig("qmc", null)).toEqual({ name: "qmc", scramble: true });
    expect(parseSamplerConfig("random", undefined)).toEqual({ name: "random" });
  });

  it("reports every issue with its path", () => {
    expect(issues("tpe", { nStartupTrials: -1, gamma: 2, weights: "linear", multivariate: false, group: true, foo: 1 })).toEqual([
      ["foo", expect.stringContaining("unknown key") as unknown as string],
      ["nStartupTrials", "must be >= 0"],
      ["gamma", 'must be "optuna", "hyperopt", "wide" or a fraction in (0, 1), got 2'],
      ["weights", 'must be one of optuna, uniform, got "linear"'],
      ["group", "requires multivariate: true"],
    ]);
    expect(issues("grid", { values: { a: [], b: [{}] }, resolution: 0, name: "random" })).toEqual([
      ["name", 'must be "grid" (the sampler\'s name), got "random"'],
      ["values.a", "must be a non-empty array"],
      ["values.b[0]", "must be a finite number, string, boolean or null, got an object"],
      ["resolution", "must be >= 1"],
    ]);
    expect(issues("simplex", {})).toEqual([["name", `must be one of ${SAMPLER_NAMES.join(", ")}, got "simplex"`]]);
    expect(issues("random", [])).toEqual([["", "must be an object, got an array"]]);
  });
});

describe("one meaning per name", () => {
  it('"tpe" without settings is TPE_DEFAULTS: multivariate, grouped, constant liar, univariate every 2nd trial', () => {
    expect(parseSamplerConfig("tpe", {})).toEqual(TPE_DEFAULTS);
    expect(parseSamplerConfig("tpe", undefined)).toEqual(TPE_DEFAULTS);
    expect(TPE_DEFAULTS).toMatchObject({ multivariate: true, group: true, constantLiar: true, univariateEvery: 2 });
  });

  it('no sampler, "auto" and a W&B "bayes" sweep all mean the default: auto', () => {
    expect(parseSamplerConfig("auto", {})).toEqual(DEFAULT_SAMPLER);
    const wandb = importWandbSweep({ method: "bayes", metric: { name: "loss" }, parameters: { x: { min: 0, max: 1 } } });
    expect(parseSamplerConfig(wandb.sampler!, {})).toEqual(DEFAULT_SAMPLER);
  });

  it("overrides the default field by field; group and univariateEvery follow multivariate unless given", () => {
    expect(parseSamplerConfig("tpe", { nStartupTrials: 5 })).toEqual({ ...TPE_DEFAULTS, nStartupTrials: 5 });
    expect(parseSamplerConfig("tpe", { constantLiar: false })).toEqual({ ...TPE_DEFAULTS, constantLiar: false });
    expect(parseSamplerConfig("tpe", { group: false })).toEqual({ ...TPE_DEFAULTS, group: false });
    // Plain univariate TPE (Optuna 3.1's TPESampler(), plus the constant liar) from one key.
    expect(parseSamplerConfig("tpe", { multivariate: false })).toEqual({ ...TPE_DEFAULTS, multivariate: false, group: false, univariateEvery: 0 });
  });

  it("publishes every setting's default and the keys each algorithm takes, as the API fills them in", () => {
    for (const name of SAMPLER_NAMES) {
      const parsed: Record<string, unknown> = { ...parseSamplerConfig(name, name === "grid" ? { resolution: 3 } : {}) };
      delete parsed.name;
      expect(parsed).toMatchObject(SAMPLER_DEFAULTS[name]);
      for (const key of Object.keys(parsed)) expect(SAMPLER_SETTINGS[name]).toContain(key);
    }
    for (const name of PRUNER_NAMES) {
      const parsed: Record<string, unknown> = { ...parsePrunerConfig(name, name === "percentile" ? { percentile: 25 } : {}) };
      delete parsed.name;
      expect(parsed).toEqual(name === "percentile" ? { ...PRUNER_DEFAULTS.percentile, percentile: 25 } : PRUNER_DEFAULTS[name]);
      expect([...PRUNER_SETTINGS[name]].sort()).toEqual(Object.keys(name === "percentile" ? parsed : PRUNER_DEFAULTS[name]).sort());
    }
    // Optuna's MedianPruner: n_startup_trials=5, n_warmup_steps=0, interval_steps=1, n_min_trials=1.
    expect(PRUNER_DEFAULTS.median).toEqual({ percentile: 50, nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1 });
  });
});
