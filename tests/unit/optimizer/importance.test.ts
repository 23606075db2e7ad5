import { describe, it, expect } from "vitest";
import { IMPORTANCE_METHOD, importanceSample, importanceSteps, MAX_IMPORTANCE_TRIALS, parseSpace, paramImportance, type TrialRecord } from "../../../lib/optimizer";
import { fixtureRng } from "./helpers";

function make(n: number, seed: number, f: (x: number[]) => number): TrialRecord[] {
  const r = fixtureRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const x = [r(), r(), r()];
    const params = { a: x[0]!, b: x[1]!, c: x[2]! };
    return { number: i, state: "complete", params, internal: { ...params }, values: [f(x)], intermediate: [], systemAttrs: {} };
  });
}

describe("paramImportance", () => {
  const space = parseSpace({ a: { type: "uniform", low: 0, high: 1 }, b: { type: "uniform", low: 0, high: 1 }, c: { type: "uniform", low: 0, high: 1 }, k: 3 });

  it("names its method", () => {
    expect(IMPORTANCE_METHOD).toMatch(/fANOVA/);
  });

  it("ranks a dominant, a weak and an irrelevant parameter, normalised to 1", () => {
    const trials = make(150, 1, (x) => 10 * x[0]! + 2 * x[1]!);
    const imp = paramImportance(space, trials, "minimize");
    expect(imp.map((i) => i.param)).toEqual(["a", "b", "c"]);
    expect(imp[0]!.importance).toBeGreaterThan(0.8);
    expect(imp[2]!.importance).toBeLessThan(0.05);
    expect(imp.reduce((s, i) => s + i.importance, 0)).toBeCloseTo(1, 12);
    expect(paramImportance(space, trials, "maximize")).toEqual(imp);
    expect(paramImportance(space, trials, "minimize", { seed: 0 })).toEqual(imp);
  });

  it("can be run one tree at a time, to the same estimate", () => {
    const trials = make(120, 4, (x) => 5 * x[1]! + x[2]!);
    const steps = importanceSteps(space, trials, "minimize", { nTrees: 12, seed: 3 });
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses++;
      step = steps.next();
    }
    expect(pauses).toBe(12);
    expect(step.value).toEqual(paramImportance(space, trials, "minimize", { nTrees: 12, seed: 3 }));
    expect(step.value[0]!.param).toBe("b");
  });

  it("handles categorical and conditional parameters (absent is its own value)", () => {
    const sp = parseSpace({
      model: { type: "choice", options: ["lin", { value: "tree", params: { depth: { type: "int", low: 1, high: 10 } } }] },
      noise: { type: "uniform", low: 0, high: 1 },
    });
    const r = fixtureRng(3);
    const trials: TrialRecord[] = Array.from({ length: 120 }, (_, i) => {
      const tree = r() < 0.5;
      const depth = 1 + Math.floor(r() * 10);
      const noise = r();
      const params: Record<string, string | number> = tree ? { model: "tree", "model.tree.depth": depth, noise } : { model: "lin", noise };
      const internal: Record<string, number> = tree ? { model: 1, "model.tree.depth": depth, noise } : { model: 0, noise };
      return { number: i, state: "complete" as const, params, internal, values: [(tree ? 5 : 0) + 0.1 * noise], intermediate: [], systemAttrs: {} };
    });
    const imp = paramImportance(sp, trials, "minimize");
    // model.tree.depth is a proxy for the model (absent vs present), so the two share the credit.
    expect(imp.find((i) => i.param === "noise")!.importance).toBeLessThan(0.05);
    expect(imp.find((i) => i.param === "model")!.importance + imp.find((i) => i.param === "model.tree.depth")!.importance).toBeGreaterThan(0.9);
  });

  it("gives equal shares when there is nothing to learn from", () => {
    expect(paramImportance(space, make(1, 1, () => 1), "minimize").map((i) => i.importance)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(paramImportance(space, make(30, 1, () => 1), "minimize").map((i) => i.importance)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(paramImportance(parseSpace({ k: 1 }), [], "minimize")).toEqual([]);
  });
});

describe("importanceSample", () => {
  it("keeps every trial up to the bound, else an even sample in order", () => {
    const few = Array.from({ length: MAX_IMPORTANCE_TRIALS }, (_, i) => i);
    expect(importanceSample(few)).toEqual(few);
    expect(importanceSample(few)).not.toBe(few);
    const many = Array.from({ length: 8_880 }, (_, i) => i);
    const sample = importanceSample(many);
    expect(sample).toHaveLength(MAX_IMPORTANCE_TRIALS);
    expect(sample[0]).toBe(0);
    expect(sample.every((v, i) => i === 0 || v > sample[i - 1]!)).toBe(true);
    // Even: the gaps between kept trials differ by at most one.
    const gaps = sample.slice(1).map((v, i) => v - sample[i]!);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
    expect(importanceSample([1, 2, 3, 4, 5], 2)).toEqual([1, 3]);
  });

  it("ranks the parameters of a large sweep as the whole sweep does", () => {
    const space = parseSpace({ a: { type: "uniform", low: 0, high: 1 }, b: { type: "uniform", low: 0, high: 1 }, c: { type: "uniform", low: 0, high: 1 } });
    const trials = make(5_000, 3, (x) => 10 * x[0]! + 2 * x[1]! ** 2);
    const rank = (ts: TrialRecord[]) => paramImportance(space, ts, "minimize", { seed: 1, nTrees: 8 }).map((i) => i.param);
    expect(rank(importanceSample(trials))).toEqual(["a", "b", "c"]);
    expect(rank(trials)).toEqual(rank(importanceSample(trials)));
  });
});
