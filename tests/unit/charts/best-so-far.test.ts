import { describe, expect, it } from "vitest";
import { bestSoFar, bestValue, isBetter } from "@/lib/client/transforms/best-so-far";

const pts = (values: Array<number | null>) => values.map((value, x) => ({ x, value }));

describe("bestSoFar", () => {
  it("tracks the running minimum", () => {
    expect(bestSoFar(pts([5, 3, 4, 1, 2]), "minimize").map((p) => p.best)).toEqual([5, 3, 3, 1, 1]);
  });

  it("tracks the running maximum", () => {
    expect(bestSoFar(pts([5, 3, 7, 1, 9]), "maximize").map((p) => p.best)).toEqual([5, 5, 7, 7, 9]);
  });

  it("carries the best across gaps and is null before the first value", () => {
    const out = bestSoFar(pts([null, NaN, 4, null, Infinity, 2, -Infinity]), "minimize");
    expect(out.map((p) => p.best)).toEqual([null, null, 4, 4, 4, 2, 2]);
    expect(out.map((p) => p.x)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(bestSoFar(pts([null, 2, undefined as unknown as null, 1]), "maximize").map((p) => p.best)).toEqual([null, 2, 2, 2]);
  });

  it("handles empty input and ties", () => {
    expect(bestSoFar([], "minimize")).toEqual([]);
    expect(bestSoFar(pts([2, 2]), "minimize").map((p) => p.best)).toEqual([2, 2]);
  });

  it("bestValue and isBetter agree with the direction", () => {
    expect(bestValue([3, null, 1, NaN, 2], "minimize")).toBe(1);
    expect(bestValue([3, null, 1, NaN, 2], "maximize")).toBe(3);
    expect(bestValue([null], "maximize")).toBeNull();
    expect(isBetter(1, 2, "minimize")).toBe(true);
    expect(isBetter(1, 2, "maximize")).toBe(false);
  });
});
