import { describe, it, expect } from "vitest";
import { ConfigError, flattenParams, nestParams, parseSpace, validateParams } from "../../../lib/optimizer";

const space = parseSpace({
  lr: { type: "loguniform", low: 1e-5, high: 1 },
  dropout: { type: "quniform", low: 0, high: 0.8, q: 0.1 },
  layers: { type: "int", low: 1, high: 9, step: 2 },
  act: { type: "categorical", values: ["relu", "tanh"] },
  epochs: 10,
  optimizer: {
    type: "choice",
    options: ["none", { value: "adam", params: { beta1: { type: "uniform", low: 0.8, high: 0.999 } } }],
  },
});

function issues(params: Record<string, unknown>): Array<[string, string]> {
  try {
    validateParams(space, params);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => [i.path, i.message]);
    throw e;
  }
  throw new Error("expected ConfigError");
}

describe("validateParams", () => {
  it("converts valid params to internal form and fills consts", () => {
    const r = validateParams(space, { lr: 0.01, dropout: 0.3, layers: 5, act: "tanh", optimizer: "adam", "optimizer.adam.beta1": 0.9 });
    expect(r.params).toEqual({ lr: 0.01, dropout: 0.3, layers: 5, act: "tanh", epochs: 10, optimizer: "adam", "optimizer.adam.beta1": 0.9 });
    expect(r.internal.lr).toBeCloseTo(Math.log(0.01), 12);
    expect(r.internal).toMatchObject({ dropout: 0.3, layers: 5, act: 1, epochs: 0, optimizer: 1, "optimizer.adam.beta1": 0.9 });
  });

  it("accepts the nested form", () => {
    const r = validateParams(space, { lr: 0.01, dropout: 0.3, layers: 5, act: "tanh", optimizer: { value: "adam", beta1: 0.85 } });
    expect(r.params["optimizer.adam.beta1"]).toBe(0.85);
  });

  it("reports every problem with the parameter path", () => {
    expect(issues({ lr: 2, dropout: 0.35, layers: 4, act: "gelu", epochs: 11, optimizer: "none", "optimizer.adam.beta1": 0.9, bogus: 1 })).toEqual([
      ["lr", "must be <= 1, got 2"],
      ["dropout", "must be on the step grid 0 + k * 0.1, got 0.35"],
      ["layers", "must be on the step grid 1 + k * 2, got 4"],
      ["act", 'must be one of "relu", "tanh", got "gelu"'],
      ["epochs", "must be 10, got 11"],
      ["optimizer.adam.beta1", 'is not active (optimizer is "none")'],
      ["bogus", "unknown parameter"],
    ]);
    expect(issues({ dropout: 0.1, layers: 1.5, act: "relu", optimizer: "adam" })).toEqual([
      ["lr", "is required"],
      ["layers", "must be an integer, got 1.5"],
      ["optimizer.adam.beta1", "is required"],
    ]);
  });
});

describe("nestParams / flattenParams", () => {
  it("folds choices into objects and round-trips", () => {
    const flat = { lr: 0.1, optimizer: "adam", "optimizer.adam.beta1": 0.9, "group.a": 1, "group.b": "x", plain: "none" };
    const nested = nestParams(flat);
    expect(nested).toEqual({ lr: 0.1, optimizer: { value: "adam", beta1: 0.9 }, group: { a: 1, b: "x" }, plain: "none" });
    expect(flattenParams(nested)).toEqual(flat);
  });
});
