import { describe, expect, it } from "vitest";
import type { ParamAxis, TrialLike } from "@/lib/client/transforms/axes";
import { jitter, slicePoints } from "@/lib/client/transforms/slice";
import { boxStats, quantile } from "@/lib/client/transforms/stats";
import { rampColor, seriesColor } from "@/lib/client/transforms/color";

const trials: TrialLike[] = [
  { number: 0, params: { opt: "sgd", lr: 0.1 }, value: 1 },
  { number: 1, params: { opt: "adam", lr: -1 }, value: 2 },
  { number: 2, params: { lr: 0.01 }, value: 3 },
  { number: 3, params: { opt: "sgd", lr: 0.5 }, value: null },
];

describe("slicePoints", () => {
  it("jitters categorical values around their band", () => {
    const axis: ParamAxis = { key: "opt", label: "opt", kind: "categorical", categories: ["adam", "sgd"], hasAbsent: true };
    const s = slicePoints(trials, axis);
    expect(s.categories).toEqual(["adam", "sgd"]);
    expect(s.points.map((p) => [p.trial.number, Math.abs(Math.round(p.x))])).toEqual([[0, 1], [1, 0]]);
    expect(s.points.every((p) => Math.abs(p.x - Math.round(p.x)) <= 0.3)).toBe(true);
    expect(s.hidden).toBe(1);
  });

  it("hides non-positive values on log axes and skips trials without an objective", () => {
    const s = slicePoints(trials, { key: "lr", label: "lr", kind: "log", hasAbsent: false });
    expect(s.points.map((p) => p.x)).toEqual([0.1, 0.01]);
    expect(s.hidden).toBe(1);
  });

  it("jitter is deterministic and bounded", () => {
    expect(jitter(5)).toBe(jitter(5));
    for (let i = 0; i < 1000; i++) expect(Math.abs(jitter(i, 0.5))).toBeLessThanOrEqual(0.25);
    expect(new Set([0, 1, 2, 3].map((i) => jitter(i))).size).toBe(4);
  });
});

describe("boxStats", () => {
  it("computes numpy-style quartiles and Tukey whiskers", () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    const b = boxStats([1, 2, 3, 4, 5, 6, 7, 8, 100, NaN])!;
    expect(b.n).toBe(9);
    expect(b.median).toBe(5);
    expect(b.q1).toBe(3);
    expect(b.q3).toBe(7);
    expect(b.whiskerHigh).toBe(8);
    expect(b.whiskerLow).toBe(1);
    expect(b.max).toBe(100);
    expect(boxStats([])).toBeNull();
    expect(boxStats([4])).toMatchObject({ min: 4, q1: 4, median: 4, q3: 4, max: 4 });
  });
});

describe("colours", () => {
  it("interpolates the ramp and cycles the palette", () => {
    expect(rampColor(0)).toBe("rgb(103 232 249)");
    expect(rampColor(1)).toBe("rgb(55 48 163)");
    expect(rampColor(2)).toBe(rampColor(1));
    expect(rampColor(NaN)).toBe(rampColor(0));
    expect(rampColor(1, 0.5)).toBe("rgb(55 48 163 / 0.5)");
    expect(seriesColor(0)).toBe(seriesColor(10));
    expect(seriesColor(-1)).toBe(seriesColor(9));
  });
});
