import { describe, it, expect } from "vitest";
import { createRng, deriveRng } from "../../../lib/optimizer";
import { erfc, logNormMass, normCdf, normInv, truncStdNormal } from "../../../lib/optimizer/math/normal";

describe("normal helpers", () => {
  it("match reference values of erfc, also deep in the tail", () => {
    const ref: Array<[number, number]> = [[0, 1], [0.5, 0.4795001221869535], [1, 0.15729920705028513], [2, 0.004677734981047266], [3, 2.209049699858544e-5], [5, 1.5374597944280349e-12], [10, 2.088487583762545e-45], [-1, 1.8427007929497148]];
    for (const [x, v] of ref) expect(Math.abs(erfc(x) - v) / v).toBeLessThan(1e-13);
  });

  it("inverts the CDF down to 1e-300", () => {
    for (const p of [1e-300, 1e-20, 1e-5, 0.01, 0.3, 0.5, 0.7, 0.999]) {
      const z = normInv(p);
      expect(Math.abs(normCdf(z) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-9);
    }
  });

  it("computes log masses of intervals in either tail without underflow", () => {
    expect(logNormMass(-1, 1)).toBeCloseTo(Math.log(0.6826894921370859), 13);
    expect(logNormMass(10, 11)).toBeCloseTo(logNormMass(-11, -10), 12);
    expect(Number.isFinite(logNormMass(40, 41))).toBe(true);
    expect(logNormMass(2, 1)).toBe(-Infinity);
  });

  it("draws truncated normals inside their bounds", () => {
    const rng = createRng(1);
    for (const [a, b] of [[-1, 2], [3, 4], [-4, -3], [50, 60], [-0.1, 0.1]] as const) {
      for (let i = 0; i < 200; i++) {
        const z = truncStdNormal(a, b, rng.next());
        expect(z).toBeGreaterThanOrEqual(a);
        expect(z).toBeLessThanOrEqual(b);
      }
    }
  });
});

describe("rng", () => {
  it("is seeded, uniform on [0, 1) and derives independent per-trial streams", () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.03);
    expect(createRng(43).next()).not.toBe(createRng(42).next());
    expect(deriveRng(createRng(1), 5).next()).toBe(deriveRng(createRng(1), 5).next());
    expect(deriveRng(createRng(1), 5).next()).not.toBe(deriveRng(createRng(1), 6).next());
  });
});
