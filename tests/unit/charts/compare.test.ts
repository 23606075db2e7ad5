import { describe, expect, it } from "vitest";
import { finalDistributions, mergeBestCurves, robustRange, type CompareExperiment } from "@/lib/client/transforms/compare";

const a: CompareExperiment = {
  experimentId: 1,
  name: "tpe",
  direction: "minimize",
  points: [
    { trialNumber: 2, value: 3 },
    { trialNumber: 0, value: null },
    { trialNumber: 1, value: 5 },
    { trialNumber: 3, value: 4 },
  ],
};
const b: CompareExperiment = { experimentId: 2, name: "random", direction: "maximize", points: [{ trialNumber: 0, value: 1 }, { trialNumber: 1, value: 2 }] };

describe("mergeBestCurves", () => {
  it("merges by trial number with each experiment's own direction, null before the first value and after the end", () => {
    expect(mergeBestCurves([a, b])).toEqual([
      { x: 0, e0: null, e1: 1 },
      { x: 1, e0: 5, e1: 2 },
      { x: 2, e0: 3, e1: null },
      { x: 3, e0: 3, e1: null },
    ]);
    expect(mergeBestCurves([])).toEqual([]);
  });
});

describe("finalDistributions", () => {
  it("summarises finite values and jitters strip points around the index", () => {
    const [da, db] = finalDistributions([a, b]);
    expect(da!.stats).toMatchObject({ n: 3, median: 4, min: 3, max: 5 });
    expect(da!.strip).toHaveLength(3);
    expect(db!.strip.every((p) => Math.abs(p.x - 1) <= 0.25)).toBe(true);
    expect(finalDistributions([{ ...b, points: [] }])[0]!.stats).toBeNull();
  });
});

describe("robustRange: the compare chart's y range", () => {
  it("leaves outliers out, so the best-so-far lines are not squeezed against an edge", () => {
    const values = [0.1, 0.12, 0.15, 0.2, 0.22, 0.25, 0.3, 1e6];
    const r = robustRange(values, [0.1]);
    expect(r!.lo).toBe(0.1);
    expect(r!.hi).toBe(0.3);
    expect(r!.outside).toBe(1);
  });

  it("always holds the values to keep (each sweep's final best)", () => {
    const r = robustRange([5, 5.1, 5.2, 5.3, 5.4], [-3]);
    expect(r!.lo).toBe(-3);
    expect(r!.outside).toBe(0);
  });

  it("uses the whole range with few values or no spread, and nothing without values", () => {
    expect(robustRange([1, 1e6], [])).toEqual({ lo: 1, hi: 1e6, outside: 0 });
    expect(robustRange([2, 2, 2, 2, 9], [])).toEqual({ lo: 2, hi: 9, outside: 0 });
    expect(robustRange([], [])).toBeNull();
    expect(robustRange([NaN, Infinity], [])).toBeNull();
  });
});
