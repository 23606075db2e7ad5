import { describe, expect, it } from "vitest";
import { buildPointIndex, projector } from "@/lib/client/transforms/scatter-index";

describe("projector", () => {
  it("maps a linear domain onto the pixel range, y inverted", () => {
    const fx = projector([0, 10], false, 200);
    expect(fx(0)).toBe(0);
    expect(fx(5)).toBe(100);
    expect(fx(10)).toBe(200);
    const fy = projector([0, 10], false, 100, true);
    expect(fy(0)).toBe(100);
    expect(fy(10)).toBe(0);
  });

  it("maps a log domain by decades and sends non-positive values to NaN", () => {
    const fx = projector([1, 1000], true, 300);
    expect(fx(10)).toBeCloseTo(100, 9);
    expect(fx(100)).toBeCloseTo(200, 9);
    expect(Number.isNaN(fx(0))).toBe(true);
    expect(Number.isNaN(fx(-1))).toBe(true);
  });

  it("puts every value in the middle of a degenerate domain", () => {
    expect(projector([3, 3], false, 80)(3)).toBe(40);
    expect(projector([0, 10], true, 80)(5)).toBe(40);
  });
});

describe("buildPointIndex", () => {
  it("finds the nearest point within the radius, or none", () => {
    const xs = Float32Array.from([10, 50, 52, 300]);
    const ys = Float32Array.from([10, 50, 50, 90]);
    const index = buildPointIndex(xs, ys, 320, 100);
    expect(index.nearest(11, 9, 8)).toBe(0);
    expect(index.nearest(49, 51, 8)).toBe(1);
    expect(index.nearest(53, 50, 8)).toBe(2);
    expect(index.nearest(299, 88, 8)).toBe(3);
    expect(index.nearest(150, 50, 8)).toBe(-1);
  });

  it("gives a tie to the later point, which is drawn on top", () => {
    const index = buildPointIndex(Float32Array.from([20, 20, 20]), Float32Array.from([20, 20, 20]), 100, 100);
    expect(index.nearest(21, 21, 8)).toBe(2);
  });

  it("finds points across cell borders and skips points off the plot", () => {
    const xs = Float32Array.from([15.5, 16.5, -500, Number.NaN]);
    const ys = Float32Array.from([15.5, 16.5, 20, 20]);
    const index = buildPointIndex(xs, ys, 100, 100, 16);
    expect(index.nearest(16.4, 16.4, 4)).toBe(1);
    expect(index.nearest(15.4, 15.4, 4)).toBe(0);
    expect(index.nearest(-500, 20, 8)).toBe(-1);
  });

  it("agrees with a linear scan on many random points", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const n = 5_000;
    const xs = Float32Array.from({ length: n }, () => rand() * 800);
    const ys = Float32Array.from({ length: n }, () => rand() * 300);
    const index = buildPointIndex(xs, ys, 800, 300);
    for (let q = 0; q < 300; q++) {
      const px = rand() * 800;
      const py = rand() * 300;
      let best = -1;
      let bestD = 36;
      for (let i = 0; i < n; i++) {
        const d = ((xs[i] as number) - px) ** 2 + ((ys[i] as number) - py) ** 2;
        if (d < bestD || (d === bestD && i > best)) {
          bestD = d;
          best = i;
        }
      }
      expect(index.nearest(px, py, 6)).toBe(best);
    }
  });
});
