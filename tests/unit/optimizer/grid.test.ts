import { describe, it, expect } from "vitest";
import { ConfigError, ExhaustedError, createRng, createSampler, gridSize, parseSamplerConfig, parseSpace, suggest, type TrialRecord } from "../../../lib/optimizer";
import { runStudy } from "./helpers";

const space = parseSpace({
  a: { type: "categorical", values: ["x", "y", "z"] },
  b: { type: "int", low: 1, high: 4 },
  k: 5,
  c: { type: "choice", options: ["none", { value: "on", params: { d: { type: "uniform", low: 0, high: 1 } } }] },
});

function issues(fn: () => unknown): Array<[string, string]> {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => [i.path, i.message]);
    throw e;
  }
  throw new Error("expected ConfigError");
}

describe("grid sampler", () => {
  it("knows its size: 3 * 4 * 1 * (1 + resolution)", () => {
    expect(gridSize(space, { values: {}, resolution: 5 })).toBe(72);
    expect(gridSize(space, { values: { "c.on.d": [0.1, 0.9], a: ["x"] } })).toBe(12);
    expect(gridSize({ q: { type: "quniform", low: 0, high: 1, q: 0.25 }, l: { type: "loguniform", low: 1, high: 100 } }, { values: {}, resolution: 3 })).toBe(9);
  });

  it("needs values or a resolution for continuous parameters and checks given values", () => {
    expect(issues(() => gridSize(space, { values: {} }))).toEqual([["values.c.on.d", "a continuous parameter needs grid values or a resolution"]]);
    expect(issues(() => gridSize(space, { values: { b: [1, 7], nope: [1], a: ["w"] }, resolution: 2 }))).toEqual([
      ["values.nope", "unknown parameter"],
      ["values.a[0]", 'must be one of "x", "y", "z", got "w"'],
      ["values.b[1]", "must be <= 4 (the last value on the step grid), got 7"],
    ]);
  });

  it("visits every configuration once, then is exhausted", async () => {
    for (const shuffle of [false, true]) {
      // Resolution 2 also thins the int b (4 values) to its two ends: 3 * 2 * (1 + 2) = 18.
      const sampler = parseSamplerConfig("grid", { resolution: 2, shuffle, seed: 3 });
      expect(gridSize(space, { values: {}, resolution: 2 })).toBe(18);
      const trials = await runStudy({ space, sampler, n: 18 });
      const keys = trials.map((t) => JSON.stringify(t.params));
      expect(new Set(keys).size).toBe(18);
      expect(new Set(trials.map((t) => t.params.b))).toEqual(new Set([1, 4]));
      expect(trials.filter((t) => t.params.c === "on").every((t) => t.params["c.on.d"] === 0 || t.params["c.on.d"] === 1)).toBe(true);
      await expect(runStudy({ space, sampler, n: 19 })).rejects.toBeInstanceOf(ExhaustedError);
    }
  });

  it("resumes around existing trials; frees configurations whose worker died, not those that failed", () => {
    const sampler = createSampler(parseSamplerConfig("grid", { values: { a: ["x"], b: [1, 2], "c.on.d": [0.5] } }));
    const small = { a: space.a!, b: space.b!, c: space.c! };
    const mk = (number: number, params: TrialRecord["params"], state: TrialRecord["state"], extra: Partial<TrialRecord> = {}): TrialRecord => ({ number, state, params, internal: {}, values: null, intermediate: [], systemAttrs: {}, ...extra });
    const ask = (trials: TrialRecord[]) => suggest({ space: small, sampler, trials, objectives: [{ metric: "y", direction: "minimize" }], rng: createRng(1), number: trials.length }).params;
    // Enumeration order: a varies fastest, then b, then c's options.
    expect(ask([])).toEqual({ a: "x", b: 1, c: "none" });
    const taken = [mk(0, { a: "x", b: 1, c: "none" }, "complete"), mk(1, { a: "x", b: 2, c: "none" }, "running")];
    expect(ask(taken)).toEqual({ a: "x", b: 1, c: "on", "c.on.d": 0.5 });
    const on1 = { a: "x", b: 1, c: "on", "c.on.d": 0.5 };
    const on2 = { a: "x", b: 2, c: "on", "c.on.d": 0.5 };
    const lastFree = [...taken, mk(3, on2, "pruned")];
    expect(ask([...lastFree, mk(2, on1, "failed", { failureKind: "infrastructure" })])).toEqual(on1);
    for (const failure of [{ failureKind: "program" as const }, { failureKind: null }, { failureKind: "infrastructure" as const, retryPending: true }]) {
      expect(() => ask([...lastFree, mk(2, on1, "failed", failure)]), JSON.stringify(failure)).toThrow(ExhaustedError);
    }
    expect(() => ask([...lastFree, mk(2, on1, "failed", { failureKind: "infrastructure" }), mk(4, on1, "waiting")])).toThrow(ExhaustedError);
  });
});
