import { describe, expect, it } from "vitest";
import { AUTO_DEFAULTS, AUTO_RULES, autoTpeConfig, chooseAuto, recentFailureShare } from "@/lib/optimizer/samplers/auto";
import { DEFAULT_SAMPLER, InMemoryStorage, Study, compileSpace, parseSamplerConfig, type Space, type TrialRecord } from "@/lib/optimizer";

const numeric = compileSpace({ x: { type: "uniform", low: 0, high: 1 }, lr: { type: "loguniform", low: 1e-5, high: 1 }, k: { type: "int", low: 1, high: 8 } });
const conditional = compileSpace({ model: { type: "choice", options: [{ value: "svm", params: { C: { type: "loguniform", low: 1e-3, high: 1e3 } } }, "knn"] }, x: { type: "uniform", low: 0, high: 1 } });
const categorical = compileSpace({ opt: { type: "categorical", values: ["a", "b"] }, act: { type: "categorical", values: ["relu", "tanh"] }, x: { type: "uniform", low: 0, high: 1 } });
const oneCategory = compileSpace({ opt: { type: "categorical", values: ["a", "b", "c"] }, a: { type: "uniform", low: 0, high: 1 }, b: { type: "uniform", low: 0, high: 1 }, c: { type: "uniform", low: 0, high: 1 } });

describe("the automatic sampler's rules", () => {
  it("is the default sampler, and parses its own output", () => {
    expect(DEFAULT_SAMPLER).toEqual(AUTO_DEFAULTS);
    expect(parseSamplerConfig("auto", { gpUntil: 50 })).toEqual({ name: "auto", gpUntil: 50 });
    expect(() => parseSamplerConfig("auto", { gpUntil: -1 })).toThrow(/gpUntil/);
    expect(() => parseSamplerConfig("auto", { tpe: {} })).toThrow(/unknown key/);
  });

  it("uses the GP on numeric spaces while few trials have finished, TPE after", () => {
    expect(chooseAuto(AUTO_DEFAULTS, numeric, 0, 1)).toBe("gp");
    expect(chooseAuto(AUTO_DEFAULTS, numeric, AUTO_RULES.gpUntil - 1, 1)).toBe("gp");
    expect(chooseAuto(AUTO_DEFAULTS, numeric, AUTO_RULES.gpUntil, 1)).toBe("tpe");
    expect(chooseAuto({ name: "auto", gpUntil: 0 }, numeric, 0, 1)).toBe("tpe");
  });

  it("uses TPE for conditional spaces, categorical-heavy spaces and several objectives", () => {
    expect(chooseAuto(AUTO_DEFAULTS, conditional, 5, 1)).toBe("tpe");
    expect(chooseAuto(AUTO_DEFAULTS, categorical, 5, 1)).toBe("tpe");
    expect(chooseAuto(AUTO_DEFAULTS, oneCategory, 5, 1)).toBe(1 / 4 > AUTO_RULES.gpMaxCategoricalShare ? "tpe" : "gp");
    expect(chooseAuto(AUTO_DEFAULTS, numeric, 5, 2)).toBe("tpe");
  });

  it("hands a sweep back to the GP while many of its latest trials failed by the program", () => {
    const t = (number: number, state: TrialRecord["state"], failureKind: TrialRecord["failureKind"] = null): TrialRecord => ({ number, state, params: {}, internal: {}, values: state === "complete" ? [1] : null, intermediate: [], systemAttrs: {}, failureKind });
    const history = [...Array.from({ length: 80 }, (_, i) => t(i, "complete")), ...Array.from({ length: 20 }, (_, i) => t(80 + i, i % 4 === 0 ? "failed" : "complete", "program"))];
    expect(recentFailureShare(history, AUTO_RULES.failureWindow)).toBe(0.25);
    // Infrastructure failures say nothing about the parameters.
    expect(recentFailureShare(history.map((x) => (x.state === "failed" ? { ...x, failureKind: "infrastructure" as const } : x)), AUTO_RULES.failureWindow)).toBe(0);
    expect(chooseAuto(AUTO_DEFAULTS, numeric, 100, 1, 0.25)).toBe("gp");
    expect(chooseAuto(AUTO_DEFAULTS, numeric, 100, 1, 0.1)).toBe("tpe");
    expect(chooseAuto(AUTO_DEFAULTS, conditional, 100, 1, 0.5)).toBe("tpe");
  });

  it("gives a very wide space fewer TPE candidates instead of refusing it", () => {
    const wide: Space = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}`, { type: "uniform", low: 0, high: 1 }]));
    const cfg = autoTpeConfig(compileSpace(wide));
    expect(cfg.nEiCandidates).toBe(10);
    expect(autoTpeConfig(numeric).nEiCandidates).toBe(24);
    expect(() => new Study({ storage: new InMemoryStorage(), space: wide, sampler: DEFAULT_SAMPLER, objectives: [{ metric: "y", direction: "minimize" }], seed: 1 })).not.toThrow();
  });

  it("runs multi-objective TPE with its own settings for several objectives, TPE's defaults for one", () => {
    expect(autoTpeConfig(numeric, 1)).toEqual(autoTpeConfig(numeric));
    expect(autoTpeConfig(numeric, 1)).toEqual(parseSamplerConfig("tpe", {}));
    const mo = autoTpeConfig(numeric, 2);
    expect(mo).toEqual(parseSamplerConfig("tpe", { multivariate: false, group: false, univariateEvery: 0, gamma: "wide", nEiCandidates: 48 }));
    expect(autoTpeConfig(numeric, 3)).toEqual(mo);
    // the width limit still applies
    const wide: Space = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}`, { type: "uniform", low: 0, high: 1 }]));
    expect(autoTpeConfig(compileSpace(wide), 2).nEiCandidates).toBe(10);
  });

  it("with several objectives suggests exactly what TPE with those settings suggests", async () => {
    const run = async (sampler: ReturnType<typeof parseSamplerConfig>) => {
      const study = new Study({ storage: new InMemoryStorage(), space: numeric.space, sampler, objectives: [{ metric: "a", direction: "minimize" }, { metric: "b", direction: "maximize" }], seed: 9 });
      for (let i = 0; i < 30; i++) {
        const t = await study.ask();
        const x = Number(t.params.x);
        await study.tell(t.number, { state: "complete", values: [x + Number(t.params.k) / 8, (1 - x) ** 2 - Math.log10(Number(t.params.lr))] });
      }
      return (await study.trials()).map((t) => t.params);
    };
    const auto = await run(DEFAULT_SAMPLER);
    expect(auto).toEqual(await run(parseSamplerConfig("tpe", AUTO_RULES.multiObjectiveTpe)));
    expect(auto).not.toEqual(await run(parseSamplerConfig("tpe", {})));
  });

  it("switches from the GP to TPE as the sweep grows, deterministically", async () => {
    const run = async () => {
      const study = new Study({ storage: new InMemoryStorage(), space: numeric.space, sampler: { name: "auto", gpUntil: 15 }, objectives: [{ metric: "y", direction: "minimize" }], seed: 4 });
      for (let i = 0; i < 22; i++) {
        const t = await study.ask();
        await study.tell(t.number, { state: "complete", values: [(Number(t.params.x) - 0.3) ** 2 + Math.abs(Math.log10(Number(t.params.lr)) + 2)] });
      }
      return (await study.trials()).map((t) => t.params);
    };
    expect(await run()).toEqual(await run());
  });
});
