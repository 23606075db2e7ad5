import { describe, expect, it } from "vitest";
import { finalDistributions, mergeBestCurves, type CompareExperiment } from "@/lib/client/transforms/compare";

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
