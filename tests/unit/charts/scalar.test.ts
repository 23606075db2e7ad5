import { describe, expect, it } from "vitest";
import { hoveredPoints, logScaleIssue, nearestIndex, prepareSeries, scalarExtent } from "@/lib/client/transforms/scalar";

const series = {
  trialNumber: 7,
  points: [
    { step: 20, value: 4, wallTime: 1000.5 },
    { step: 0, value: 2, wallTime: 1000 },
    { step: 10, value: 3, wallTime: 1000.25 },
  ],
};

describe("prepareSeries", () => {
  it("sorts by step and maps x per mode", () => {
    expect(Array.from(prepareSeries(series, 0, "step", "#000").xs)).toEqual([0, 10, 20]);
    expect(Array.from(prepareSeries(series, 0, "relative", "#000").xs)).toEqual([0, 0.25, 0.5]);
    expect(Array.from(prepareSeries(series, 0, "wall", "#000").xs)).toEqual([1_000_000, 1_000_250, 1_000_500]);
  });

  it("smooths the values and keeps the raw ones", () => {
    const p = prepareSeries(series, 0.5, "step", "#123");
    expect(Array.from(p.raw)).toEqual([2, 3, 4]);
    expect(p.smoothed[0]).toBeCloseTo(2, 12);
    expect(p.smoothed[1]).toBeCloseTo((0.5 * 1 + 1.5) / 0.75, 12);
    expect(p.color).toBe("#123");
    expect(p.trialNumber).toBe(7);
  });
});

describe("nearestIndex", () => {
  it("finds the nearest x by binary search", () => {
    const xs = [0, 10, 20, 30];
    expect(nearestIndex(xs, -5)).toBe(0);
    expect(nearestIndex(xs, 4)).toBe(0);
    expect(nearestIndex(xs, 6)).toBe(1);
    expect(nearestIndex(xs, 25)).toBe(2);
    expect(nearestIndex(xs, 99)).toBe(3);
    expect(nearestIndex([], 1)).toBe(-1);
  });
});

describe("scalarExtent / logScaleIssue", () => {
  it("spans every series, skipping non-positive values on log", () => {
    const a = prepareSeries({ trialNumber: 0, points: [{ step: 0, value: -1, wallTime: 0 }, { step: 5, value: 2, wallTime: 1 }] }, 0, "step", "#000");
    const b = prepareSeries({ trialNumber: 1, points: [{ step: 3, value: 9, wallTime: 0 }] }, 0, "step", "#000");
    expect(scalarExtent([a, b], false)).toEqual({ x: [0, 5], y: [-1, 9] });
    expect(scalarExtent([a, b], true)).toEqual({ x: [0, 5], y: [2, 9] });
    expect(scalarExtent([], false)).toBeNull();
    expect(logScaleIssue([{ trialNumber: 0, points: [{ step: 0, value: 0, wallTime: 0 }] }])).toMatch(/> 0/);
    expect(logScaleIssue([series])).toBeNull();
  });
});

describe("hoveredPoints", () => {
  it("keeps series whose range covers x and picks their nearest point", () => {
    const mk = (trialNumber: number, steps: number[]) =>
      prepareSeries({ trialNumber, points: steps.map((step) => ({ step, value: step, wallTime: 0 })) }, 0, "step", "#000");
    const long = mk(0, [0, 10, 20, 30]);
    const short = mk(1, [0, 10]);
    expect(hoveredPoints([long, short], 6, 1).map(({ s, i }) => [s.trialNumber, i])).toEqual([[0, 1], [1, 1]]);
    expect(hoveredPoints([long, short], 14, 1).map(({ s }) => s.trialNumber)).toEqual([0]);
    expect(hoveredPoints([long, short], 26, 1).map(({ s, i }) => [s.trialNumber, i])).toEqual([[0, 3]]);
    expect(hoveredPoints([long, short], 10.5, 1).map(({ s }) => s.trialNumber)).toEqual([0, 1]);
  });
});
