import { describe, expect, it } from "vitest";
import { downsampleMinMax } from "@/lib/shared/downsample";

const wave = (n: number) => Array.from({ length: n }, (_, i) => ({ step: i, value: Math.sin(i / 7) }));

describe("downsampleMinMax", () => {
  it("returns an exact copy when the input fits", () => {
    const pts = wave(10);
    const out = downsampleMinMax(pts, 10);
    expect(out).toEqual(pts);
    expect(out).not.toBe(pts);
    expect(downsampleMinMax([], 5)).toEqual([]);
    expect(downsampleMinMax([{ step: 3, value: 1 }], 5)).toEqual([{ step: 3, value: 1 }]);
  });

  it("keeps the endpoints and every spike and dip", () => {
    const pts = wave(1000);
    pts[500] = { step: 500, value: 100 };
    pts[701] = { step: 701, value: -100 };
    const out = downsampleMinMax(pts, 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out.length).toBeGreaterThan(40);
    expect(out[0]).toBe(pts[0]);
    expect(out.at(-1)).toBe(pts[999]);
    expect(out).toContain(pts[500]);
    expect(out).toContain(pts[701]);
  });

  it("keeps each bucket's min and max in step order", () => {
    // 12 points, max 6 -> 2 buckets over steps 1..10
    const values = [0, 5, 9, 1, 4, 3, 2, 8, -3, 6, 7, 0];
    const pts = values.map((value, step) => ({ step, value }));
    const out = downsampleMinMax(pts, 6);
    // bucket 1 (steps 1..5, below 0 + 11/2): max 9 at step 2, min 1 at step 3; bucket 2 (steps 6..10): max 8 at 7, min -3 at 8
    expect(out.map((p) => p.step)).toEqual([0, 2, 3, 7, 8, 11]);
  });

  it("never exceeds maxPoints and stays sorted by step", () => {
    const pts = wave(777);
    for (const max of [1, 2, 3, 4, 5, 7, 64, 100, 776]) {
      const out = downsampleMinMax(pts, max);
      expect(out.length).toBeLessThanOrEqual(max);
      for (let i = 1; i < out.length; i++) expect(out[i]!.step).toBeGreaterThan(out[i - 1]!.step);
    }
    expect(downsampleMinMax(pts, 0)).toEqual([]);
    expect(downsampleMinMax(pts, 2)).toEqual([pts[0], pts[776]]);
  });

  it("buckets by step range, not by index, and sorts unsorted input", () => {
    // Dense early steps, sparse late ones: the late extreme must survive.
    const pts = [
      ...Array.from({ length: 200 }, (_, i) => ({ step: i, value: 0 })),
      { step: 5000, value: 50 },
      { step: 9000, value: 1 },
      { step: 10000, value: 0 },
    ].reverse();
    const out = downsampleMinMax(pts, 10);
    expect(out[0]!.step).toBe(0);
    expect(out.at(-1)!.step).toBe(10000);
    expect(out.some((p) => p.value === 50)).toBe(true);
  });

  it("keeps extra fields and ignores NaN in comparisons", () => {
    const pts = Array.from({ length: 20 }, (_, i) => ({ step: i, value: i === 5 ? NaN : i % 3, wallTime: 100 + i }));
    const out = downsampleMinMax(pts, 6);
    expect(out[0]).toEqual({ step: 0, value: 0, wallTime: 100 });
    expect(out.every((p) => !Number.isNaN(p.value))).toBe(true);
  });
});
