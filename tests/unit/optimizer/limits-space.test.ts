import { describe, expect, it } from "vitest";
import {
  MAX_CATEGORIES,
  MAX_CHOICE_DEPTH,
  MAX_INT_MAGNITUDE,
  MAX_LOG_EXPONENT,
  MAX_MAGNITUDE,
  MAX_NAME_LENGTH,
  MAX_PARAMS,
  MAX_Q_RATIO,
  MIN_SIGMA,
  TAIL_SIGMAS,
  createRng,
  createSampler,
  parseSamplerConfig,
  parseSpace,
  suggest,
  validateParams,
} from "../../../lib/optimizer";
import { expectAccepted, expectRefused, nestedChoice } from "./limit-helpers";

const space = (node: unknown) => () => parseSpace({ x: node });
const range = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);

describe("search-space limits: at, just below and just above each bound", () => {
  it("categorical values and choice options", () => {
    expectAccepted(space({ type: "categorical", values: range(MAX_CATEGORIES) }));
    expectAccepted(space({ type: "categorical", values: range(MAX_CATEGORIES - 1) }));
    expectRefused(space({ type: "categorical", values: range(MAX_CATEGORIES + 1) }), "x.values", new RegExp(`at most ${MAX_CATEGORIES} values, got ${MAX_CATEGORIES + 1}`));
    expectRefused(space({ type: "categorical", values: range(150_000) }), "x.values", /at most/);
    expectAccepted(space({ type: "choice", options: range(MAX_CATEGORIES) }));
    expectRefused(space({ type: "choice", options: range(MAX_CATEGORIES + 1) }), "x.options", /at most 2000 options/);
  });

  it("choice depth, checked before descending", () => {
    expectAccepted(() => parseSpace(nestedChoice(MAX_CHOICE_DEPTH).space));
    expectAccepted(() => parseSpace(nestedChoice(MAX_CHOICE_DEPTH - 1).space));
    const over = nestedChoice(MAX_CHOICE_DEPTH + 1);
    expectRefused(() => parseSpace(over.space), over.innermost, new RegExp(`nest at most ${MAX_CHOICE_DEPTH} deep`));
    // 1,000 levels used to overflow the stack; now it is one issue.
    expect(() => parseSpace(nestedChoice(1_000).space)).toThrow(/nest at most 10 deep/);
  });

  it("parameters per space, nested ones included, and name length", () => {
    const params = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { type: "uniform", low: 0, high: 1 }]));
    expectAccepted(() => parseSpace(params(MAX_PARAMS)));
    expectRefused(() => parseSpace(params(MAX_PARAMS + 1)), `p${MAX_PARAMS}`, new RegExp(`at most ${MAX_PARAMS} parameters`));
    const nested = { ...params(MAX_PARAMS - 1), c: { type: "choice", options: [{ value: "a", params: { lr: 1 } }] } };
    expectRefused(() => parseSpace(nested), "c.options[0].params.lr", /at most 256 parameters/);
    expectAccepted(() => parseSpace({ ["n".repeat(MAX_NAME_LENGTH)]: 1 }));
    expectRefused(() => parseSpace({ ["n".repeat(MAX_NAME_LENGTH + 1)]: 1 }), "n".repeat(MAX_NAME_LENGTH + 1), /at most 200 characters/);
  });

  it("uniform bounds stay where their width is finite", () => {
    expectAccepted(space({ type: "uniform", low: -MAX_MAGNITUDE, high: MAX_MAGNITUDE }));
    expectRefused(space({ type: "uniform", low: -1e308, high: 0 }), "x.low", /must be >= -1e\+300 \(numbers this large overflow/);
    expectRefused(space({ type: "uniform", low: 0, high: MAX_MAGNITUDE * 1.0001 }), "x.high", /must be <= 1e\+300/);
    const wide = parseSpace({ x: { type: "uniform", low: -MAX_MAGNITUDE, high: MAX_MAGNITUDE } });
    const s = suggest({ space: wide, sampler: createSampler({ name: "random" }), trials: [], objectives: [], rng: createRng(1), number: 0 });
    expect(Number.isFinite(s.params.x)).toBe(true);
  });

  it("int bounds: 2^50, and every value exact", () => {
    expectAccepted(space({ type: "int", low: -MAX_INT_MAGNITUDE, high: MAX_INT_MAGNITUDE }));
    expectAccepted(space({ type: "int", low: -1e15, high: 1e15 }));
    expectRefused(space({ type: "int", low: 0, high: MAX_INT_MAGNITUDE + 1 }), "x.high", /must be <= 1125899906842624 \(2\^50/);
    expectRefused(space({ type: "int", low: -MAX_INT_MAGNITUDE - 1, high: 0 }), "x.low", /must be >= -1125899906842624/);
    const s = parseSpace({ x: { type: "int", low: MAX_INT_MAGNITUDE - 10, high: MAX_INT_MAGNITUDE } });
    // 16-digit integers used to be rounded to 15 significant digits.
    expect(validateParams(s, { x: MAX_INT_MAGNITUDE - 7 }).params.x).toBe(MAX_INT_MAGNITUDE - 7);
    const rng = createRng(5);
    for (let n = 0; n < 20; n++) {
      const v = suggest({ space: s, sampler: createSampler({ name: "random" }), trials: [], objectives: [], rng, number: n }).params.x as number;
      expect(Number.isInteger(v) && v >= MAX_INT_MAGNITUDE - 10 && v <= MAX_INT_MAGNITUDE).toBe(true);
    }
  });

  it("q relative to the largest magnitude (max(|low|, |high|) / q <= 1e12)", () => {
    const at = 1 / MAX_Q_RATIO;
    expectAccepted(space({ type: "quniform", low: 0, high: 1, q: at }));
    expectAccepted(space({ type: "quniform", low: 0, high: 1, q: at * 1.000001 }));
    expectRefused(space({ type: "quniform", low: 0, high: 1, q: at * 0.999999 }), "x.q", /must be >= 1e-12 \(max\(\|low\|, \|high\|\) \/ q may be at most 1000000000000/);
    expectRefused(space({ type: "quniform", low: 0, high: 1, q: 1e-300 }), "x.q", /must be >= 1e-12/);
    expectRefused(space({ type: "qloguniform", low: 1, high: 1e6, q: 1e-7 }), "x.q", /must be >= 0.000001/);
    expectAccepted(space({ type: "qloguniform", low: 1e-6, high: 1e-2, q: 1e-6 }));
  });

  it("normal mu and sigma: finite, and 1 / sigma finite", () => {
    expectAccepted(space({ type: "normal", mu: MAX_MAGNITUDE, sigma: MAX_MAGNITUDE }));
    expectAccepted(space({ type: "normal", mu: 0, sigma: MIN_SIGMA }));
    expectRefused(space({ type: "normal", mu: 0, sigma: MIN_SIGMA * 0.999 }), "x.sigma", /must be >= 1e-300 \(1 \/ sigma must be finite\)/);
    expectRefused(space({ type: "normal", mu: 0, sigma: 0 }), "x.sigma", /must be > 0/);
    expectRefused(space({ type: "normal", mu: 0, sigma: MAX_MAGNITUDE * 1.0001 }), "x.sigma", /must be <= 1e\+300/);
    expectRefused(space({ type: "normal", mu: -MAX_MAGNITUDE * 1.0001, sigma: 1 }), "x.mu", /must be >= -1e\+300/);
  });

  it("log-normal: |mu| + 10 sigma <= 700, so exp() is finite and nonzero", () => {
    const sigma = MAX_LOG_EXPONENT / TAIL_SIGMAS;
    expectAccepted(space({ type: "lognormal", mu: 0, sigma }));
    expectAccepted(space({ type: "lognormal", mu: -600, sigma: 10 }));
    expectRefused(space({ type: "lognormal", mu: 0, sigma: sigma * 1.0001 }), "x.sigma", /\|mu\| \+ 10 sigma must be <= 700/);
    expectRefused(space({ type: "lognormal", mu: 701, sigma: 1 }), "x.sigma", /must be <= 700/);
    const s = parseSpace({ x: { type: "lognormal", mu: 0, sigma } });
    const rng = createRng(2);
    for (let n = 0; n < 50; n++) {
      const v = suggest({ space: s, sampler: createSampler({ name: "random" }), trials: [], objectives: [], rng, number: n }).params.x as number;
      expect(v > 0 && Number.isFinite(v)).toBe(true);
    }
  });

  it("quantised normals: q against the reach of 10 sigma", () => {
    const at = (0 + TAIL_SIGMAS * 1) / MAX_Q_RATIO;
    expectAccepted(space({ type: "qnormal", mu: 0, sigma: 1, q: at }));
    expectRefused(space({ type: "qnormal", mu: 0, sigma: 1, q: at * 0.999 }), "x.q", /\|mu\| \+ 10 sigma \/ q may be at most/);
    const lat = Math.exp(0 + TAIL_SIGMAS * 1) / MAX_Q_RATIO;
    expectAccepted(space({ type: "qlognormal", mu: 0, sigma: 1, q: lat }));
    expectRefused(space({ type: "qlognormal", mu: 0, sigma: 1, q: lat * 0.999 }), "x.q", /exp\(mu \+ 10 sigma\) \/ q/);
  });

  it("unbounded values stay within mu +- 10 sigma, sampled or enqueued", () => {
    const s = parseSpace({ x: { type: "normal", mu: 0, sigma: 1 } });
    expect(validateParams(s, { x: 10 }).params.x).toBe(10);
    expect(() => validateParams(s, { x: 10.5 })).toThrow(/must be within mu \+- 10 sigma/);
  });

  it("weights must have a finite sum", () => {
    expectAccepted(space({ type: "pchoice", values: ["a", "b"], weights: [1e308, 7e307] }));
    expectRefused(space({ type: "pchoice", values: ["a", "b"], weights: [1e308, 1e308] }), "x.weights", /finite sum/);
    expectRefused(space({ type: "choice", options: ["a", "b"], weights: [1.7e308, 1.7e308] }), "x.weights", /finite sum/);
  });

  it("a type named after an Object.prototype member is an unknown type, not a crash", () => {
    expectRefused(space({ type: "constructor" }), "x.type", /must be one of uniform/);
    expectRefused(space({ type: "toString" }), "x.type", /must be one of/);
  });

  it("W&B parameter groups nest at most 10 deep", async () => {
    const { importWandbSweep } = await import("../../../lib/optimizer");
    let params: Record<string, unknown> = { x: { values: [1, 2] } };
    for (let i = 0; i < 5_000; i++) params = { g: { parameters: params } };
    const r = importWandbSweep({ method: "random", parameters: params });
    expect(r.issues.map((i) => i.message)).toEqual([expect.stringMatching(/nest at most 10 deep/)]);
  });

  it("a grid sampler config refuses too many values for one parameter", () => {
    expectAccepted(() => parseSamplerConfig("grid", { values: { x: range(MAX_CATEGORIES) } }));
    expectRefused(() => parseSamplerConfig("grid", { values: { x: range(MAX_CATEGORIES + 1) } }), "values.x", /at most 2000 values/);
  });
});
