import { describe, it, expect } from "vitest";
import { ConfigError, parseSpace } from "../../../lib/optimizer";

function issuesOf(input: unknown): Array<[string, string]> {
  try {
    parseSpace(input);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => [i.path, i.message]);
    throw e;
  }
  throw new Error("expected a ConfigError");
}

const EXAMPLE = {
  lr: { type: "loguniform", low: 1e-5, high: 1 },
  momentum: { type: "uniform", low: 0, high: 0.99 },
  dropout: { type: "quniform", low: 0, high: 0.8, q: 0.1 },
  wd: { type: "qloguniform", low: 1e-6, high: 1e-2, q: 1e-6 },
  noise: { type: "normal", mu: 0, sigma: 1 },
  layers: { type: "int", low: 1, high: 8 },
  act: { type: "pchoice", values: ["relu", "tanh", "gelu"], weights: [0.5, 0.3, 0.2] },
  epochs: 10,
  name: "run",
  flag: true,
  nothing: null,
  optimizer: {
    type: "choice",
    options: [
      "none",
      { value: "sgd", params: { lr: { type: "loguniform", low: 1e-4, high: 1 } } },
      { value: "adam", params: { lr: { type: "loguniform", low: 1e-5, high: 1e-2 }, beta1: { type: "uniform", low: 0.8, high: 0.999 } } },
    ],
  },
};

describe("parseSpace", () => {
  it("normalises bare literals, pchoice and int defaults", () => {
    const s = parseSpace(EXAMPLE);
    expect(s.epochs).toEqual({ type: "const", value: 10 });
    expect(s.nothing).toEqual({ type: "const", value: null });
    expect(s.layers).toEqual({ type: "int", low: 1, high: 8, step: 1, log: false });
    expect(s.act).toEqual({ type: "categorical", values: ["relu", "tanh", "gelu"], weights: [0.5, 0.3, 0.2] });
    expect(s.optimizer).toMatchObject({ type: "choice", options: [{ value: "none", params: {} }, { value: "sgd" }, { value: "adam" }] });
  });

  it("is idempotent and JSON-serialisable", () => {
    const once = parseSpace(EXAMPLE);
    expect(parseSpace(once)).toEqual(once);
    expect(parseSpace(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });

  it("reports a log-scale bound error with its full nested path", () => {
    const bad = { optimizer: { type: "choice", options: ["a", "b", { value: "c", params: { lr: { type: "loguniform", low: 0, high: 1 } } }] } };
    expect(issuesOf(bad)).toEqual([["optimizer.options[2].params.lr.low", "must be > 0 for a log scale"]]);
  });

  it("reports every issue at once, each with its path", () => {
    const bad = {
      a: { type: "uniform", low: 1, high: 1, extra: 3 },
      b: { type: "quniform", low: 0, high: 1, q: 0 },
      c: { type: "categorical", values: [] },
      d: { type: "categorical", values: ["x", "y", "x"], weights: [1, -1] },
      e: { type: "categorical", values: ["x", "y"], weights: [0, 0] },
      f: { type: "int", low: 1.5, high: 3 },
      g: { type: "int", low: 0, high: 10, log: true },
      h: { type: "choice", options: [] },
      i: { type: "choice", options: ["x", { value: "x" }] },
      j: { type: "normal", mu: "0", sigma: -1 },
      k: { type: "bogus" },
      l: [1, 2],
      m: { type: "uniform", low: Infinity, high: 2 },
      n: { type: "const" },
      o: { type: "int", low: 1, high: 10, step: 2, log: true },
    };
    expect(issuesOf(bad)).toEqual([
      ["a.extra", "unknown key (allowed: type, low, high)"],
      ["a.high", "must be > low (1)"],
      ["b.q", "must be > 0"],
      ["c.values", "must not be empty"],
      ["d.values[2]", 'duplicate value "x"'],
      ["e.weights", "must not sum to 0"],
      ["f.low", "must be an integer"],
      ["g.low", "must be >= 1 for a log scale"],
      ["h.options", "must not be empty"],
      ["i.options[1].value", 'duplicate option value "x"'],
      ["j.mu", 'must be a finite number, got "0"'],
      ["j.sigma", "must be > 0"],
      ["k.type", expect.stringContaining('must be one of uniform, loguniform') as unknown as string],
      ["l", "must be a parameter object or a literal, got an array"],
      ["m.low", "must be a finite number, got Infinity"],
      ["n.value", "is required"],
      ["o.step", "must be 1 when log is true"],
    ]);
  });

  it("checks weights against values", () => {
    expect(issuesOf({ d: { type: "categorical", values: ["x", "y"], weights: [1, -1, 2] } })).toEqual([
      ["d.weights[1]", "must be >= 0"],
      ["d.weights", "must have one weight per value (2 values, 3 weights)"],
    ]);
    expect(issuesOf({ p: { type: "pchoice", values: ["x"] } })).toEqual([["p.weights", "is required for pchoice"]]);
  });

  it("rejects non-objects, NaN literals and duplicate flat paths", () => {
    expect(issuesOf([1])).toEqual([["", "must be an object mapping parameter names to definitions, got an array"]]);
    expect(issuesOf({ x: NaN })).toEqual([["x", "must be a finite number, got NaN"]]);
    const dup = {
      "opt.a.lr": 1,
      opt: { type: "choice", options: [{ value: "a", params: { lr: { type: "uniform", low: 0, high: 1 } } }] },
    };
    expect(issuesOf(dup)).toEqual([["opt.options[0].params.lr", 'duplicate parameter path "opt.a.lr" (also defined at opt.a.lr)']]);
  });

  it("nests choices to any depth", () => {
    const s = parseSpace({
      model: {
        type: "choice",
        options: [{ value: "svm", params: { kernel: { type: "choice", options: [{ value: "rbf", params: { gamma: { type: "loguniform", low: 1e-3, high: 1 } } }, "linear"] } } }],
      },
    });
    expect(s.model).toMatchObject({ options: [{ params: { kernel: { options: [{ value: "rbf", params: { gamma: { type: "loguniform" } } }, { value: "linear" }] } } }] });
  });

  it("throws ConfigError with a readable message", () => {
    expect(() => parseSpace({ a: { type: "uniform", low: 2, high: 1 } })).toThrow("invalid search space: a.high: must be > low (2)");
  });
});
