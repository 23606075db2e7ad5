import { describe, expect, it } from "vitest";
import { smoothSeries } from "@/lib/client/transforms/smoothing";

describe("smoothSeries (TensorBoard's debiased EMA)", () => {
  it("matches hand-computed values with debiasing", () => {
    // w = 0.5: last = 0.5, 1.25, 2.125; debias = 1 - 0.5^n = 0.5, 0.75, 0.875
    const s = smoothSeries([1, 2, 3], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(5 / 3, 12);
    expect(s[2]).toBeCloseTo(17 / 7, 12);
  });

  it("debiases the first point to the raw value at any weight", () => {
    // w = 0.6: last = 4 -> 4 / 0.4 = 10; last = 2.4 -> 2.4 / (1 - 0.36) = 3.75
    const s = smoothSeries([10, 0], 0.6);
    expect(s[0]).toBeCloseTo(10, 12);
    expect(s[1]).toBeCloseTo(3.75, 12);
    expect(smoothSeries([7], 0.999)[0]).toBeCloseTo(7, 9);
  });

  it("passes NaN and infinities through and counts only finite points for the debias", () => {
    // [1, NaN, 3] at w = 0.5: n = 1 -> 1; NaN; n = 2: last = 0.25 + 1.5 = 1.75, / 0.75 = 7/3
    const s = smoothSeries([1, NaN, 3, Infinity, -Infinity], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeNaN();
    expect(s[2]).toBeCloseTo(7 / 3, 12);
    expect(s[3]).toBe(Infinity);
    expect(s[4]).toBe(-Infinity);
  });

  it("leading non-finite values do not start the average", () => {
    const s = smoothSeries([NaN, 4, 8], 0.5);
    expect(s[0]).toBeNaN();
    expect(s[1]).toBeCloseTo(4, 12);
    // last = 2 -> 1 + 4 = 5, debias 0.75 -> 20/3
    expect(s[2]).toBeCloseTo(20 / 3, 12);
  });

  it("weight 0 returns the raw values; constant series stay exact", () => {
    expect(smoothSeries([3, 1, 2], 0)).toEqual([3, 1, 2]);
    expect(smoothSeries([0.1, 0.1, 0.1, 0.1], 0.9)).toEqual([0.1, 0.1, 0.1, 0.1]);
    expect(smoothSeries([], 0.6)).toEqual([]);
  });

  it("does not modify its input", () => {
    const input = [1, 2, 3];
    smoothSeries(input, 0.6);
    expect(input).toEqual([1, 2, 3]);
  });
});
