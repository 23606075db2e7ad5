import { describe, it, expect } from "vitest";
import { importWandbSweep, parseSpace } from "../../../lib/optimizer";

describe("importWandbSweep", () => {
  it("converts every supported distribution and nested groups", () => {
    const r = importWandbSweep({
      program: "train.py",
      method: "bayes",
      metric: { name: "val_loss", goal: "minimize" },
      run_cap: 50,
      parameters: {
        lr: { distribution: "log_uniform_values", min: 1e-5, max: 0.1 },
        lr_exp: { distribution: "log_uniform", min: -5, max: 0 },
        batch: { values: [16, 32, 64] },
        act: { values: ["relu", "gelu"], probabilities: [0.7, 0.3] },
        epochs: { value: 10 },
        dropout: { min: 0.0, max: 0.5 },
        layers: { min: 1, max: 4 },
        width: { distribution: "q_uniform", min: 32, max: 256, q: 32 },
        wd: { distribution: "q_log_uniform_values", min: 1e-4, max: 1e-1, q: 1e-4 },
        inv: { distribution: "inv_log_uniform_values", min: 0.01, max: 1 },
        inv_exp: { distribution: "inv_log_uniform", min: 0, max: 2 },
        noise: { distribution: "normal", mu: 0, sigma: 2 },
        qnoise: { distribution: "q_normal", mu: 0, sigma: 2, q: 0.5 },
        scale: { distribution: "log_normal", mu: 1, sigma: 0.5 },
        qscale: { distribution: "q_log_normal", mu: 1, sigma: 0.5, q: 1 },
        k: { distribution: "constant", value: "x" },
        c: { distribution: "categorical", values: [1, 2] },
        n: { distribution: "int_uniform", min: 2, max: 8 },
        optimizer: { parameters: { momentum: { min: 0.8, max: 0.99 }, nesterov: { values: [true, false] } } },
      },
    });
    expect(r.issues).toEqual([]);
    expect(r.sampler).toBe("auto");
    expect(r.objective).toEqual({ metric: "val_loss", direction: "minimize" });
    expect(r.maxTrials).toBe(50);
    const s = parseSpace(r.space);
    expect(s.lr).toEqual({ type: "loguniform", low: 1e-5, high: 0.1 });
    expect(s.lr_exp).toEqual({ type: "loguniform", low: Math.exp(-5), high: 1 });
    expect(s.batch).toEqual({ type: "categorical", values: [16, 32, 64] });
    expect(s.act).toEqual({ type: "categorical", values: ["relu", "gelu"], weights: [0.7, 0.3] });
    expect(s.epochs).toEqual({ type: "const", value: 10 });
    expect(s.dropout).toEqual({ type: "uniform", low: 0, high: 0.5 });
    expect(s.layers).toEqual({ type: "int", low: 1, high: 4, step: 1, log: false });
    expect(s.width).toEqual({ type: "quniform", low: 32, high: 256, q: 32 });
    expect(s.wd).toEqual({ type: "qloguniform", low: 1e-4, high: 0.1, q: 1e-4 });
    expect(s.inv).toEqual({ type: "loguniform", low: 0.01, high: 1 });
    expect(s.inv_exp).toEqual({ type: "loguniform", low: Math.exp(-2), high: 1 });
    expect(s.noise).toEqual({ type: "normal", mu: 0, sigma: 2 });
    expect(s.qnoise).toEqual({ type: "qnormal", mu: 0, sigma: 2, q: 0.5 });
    expect(s.scale).toEqual({ type: "lognormal", mu: 1, sigma: 0.5 });
    expect(s.qscale).toEqual({ type: "qlognormal", mu: 1, sigma: 0.5, q: 1 });
    expect(s.k).toEqual({ type: "const", value: "x" });
    expect(s.n).toEqual({ type: "int", low: 2, high: 8, step: 1, log: false });
    expect(s["optimizer.momentum"]).toEqual({ type: "uniform", low: 0.8, high: 0.99 });
    expect(s["optimizer.nesterov"]).toEqual({ type: "categorical", values: [true, false] });
  });

  it("maps methods and goals", () => {
    expect(importWandbSweep({ method: "random", metric: { name: "acc", goal: "maximize" }, parameters: { a: { values: [1] } } })).toMatchObject({ sampler: "random", objective: { metric: "acc", direction: "maximize" }, issues: [] });
    expect(importWandbSweep({ method: "grid", parameters: { a: { values: [1, 2] }, b: { min: 1, max: 3 } } })).toMatchObject({ sampler: "grid", issues: [] });
  });

  it("turns early_terminate hyperband into our pruner", () => {
    const r = importWandbSweep({ method: "random", parameters: { a: { values: [1] } }, early_terminate: { type: "hyperband", min_iter: 3, eta: 2, s: 3 } });
    expect(r.pruner).toEqual({ name: "hyperband", minResource: 3, maxResource: 24, reductionFactor: 2 });
  });

  it("reports unsupported things with paths", () => {
    const r = importWandbSweep({
      method: "evolution",
      metric: { goal: "up" },
      extra: 1,
      parameters: {
        b: { distribution: "beta", a: 1 },
        m: { min: 2, max: 1 },
        lg: { distribution: "log_uniform_values", min: 0, max: 1 },
        p: { values: ["a", "b"], probabilities: [1] },
        g: { parameters: { x: { foo: 1 } } },
        s: 5,
      },
    });
    expect(r.issues).toEqual([
      { path: "extra", message: expect.stringContaining("unknown key") as unknown as string },
      { path: "method", message: 'must be grid, random or bayes, got "evolution"' },
      { path: "metric.goal", message: 'must be minimize or maximize, got "up"' },
      { path: "metric.name", message: "is required" },
      { path: "parameters.b.a", message: expect.stringContaining("unknown key") as unknown as string },
      { path: "parameters.b.distribution", message: 'unsupported distribution "beta"' },
      { path: "parameters.m.max", message: "must be > min (2)" },
      { path: "parameters.lg.min", message: "must be > 0 for a log scale" },
      { path: "parameters.p.probabilities", message: "must have one weight per value (2 values, 1 weights)" },
      { path: "parameters.g.parameters.x.foo", message: expect.stringContaining("unknown key") as unknown as string },
      { path: "parameters.g.parameters.x", message: "needs values, value, or min and max (or a distribution)" },
      { path: "parameters.s", message: "must be an object such as {values: [...]}, {value: x} or {min, max}, got 5" },
    ]);
  });

  it("refuses to grid a continuous parameter", () => {
    expect(importWandbSweep({ method: "grid", parameters: { lr: { min: 0.1, max: 0.5 } } }).issues).toEqual([
      { path: "parameters.lr", message: "grid search needs values for a continuous parameter" },
    ]);
  });
});
