import { describe, expect, it } from "vitest";
import { a12, compareArms, erfc, holm, mannWhitneyU, median, normalSf, rankAverage, regret, score } from "@/bench/optimizer/stats";

describe("bench stats: erfc / normal tail", () => {
  it("matches reference values (scipy.special.erfc)", () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 14);
    expect(erfc(2.9) / 4.109787809945884e-5).toBeCloseTo(1, 10);
    expect(erfc(3.5) / 7.430983723414129e-7).toBeCloseTo(1, 10);
    expect(erfc(6) / 2.1519736712498913e-17).toBeCloseTo(1, 10);
    expect(erfc(-1.2)).toBeCloseTo(1.9103139782296354, 14);
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 12);
  });
});

describe("bench stats: ranks and Mann-Whitney U", () => {
  it("averages tied ranks and counts the tie term", () => {
    // sorted: 1 | 2 2 2 | 3 3 | 4 4 | 5  -> ranks 1 | 3 3 3 | 5.5 5.5 | 7.5 7.5 | 9
    const { ranks, tieTerm } = rankAverage([1, 2, 2, 3, 2, 3, 4, 4, 5]);
    expect(ranks).toEqual([1, 3, 3, 5.5, 3, 5.5, 7.5, 7.5, 9]);
    expect(tieTerm).toBe(24 + 6 + 6); // (3^3-3) + (2^3-2) + (2^3-2)
  });

  it("separated samples, no ties", () => {
    // R_x = 15, U = 15 - 5*6/2 = 0, mu = 12.5, sigma^2 = 25/12 * 11 = 22.9167,
    // z = (12.5 - 0.5) / 4.78714 = 2.50671, p = 2 * P(Z > 2.50671) = 0.0121858
    const r = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(r.u).toBe(0);
    expect(r.z).toBeCloseTo(-2.50671, 4);
    expect(r.p).toBeCloseTo(0.012185780355344813, 9);
    // symmetric in the order of the samples
    expect(mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]).p).toBeCloseTo(r.p, 12);
  });

  it("tie correction", () => {
    // x = [1,2,2,3], y = [2,3,4,4,5]: ranks of x = 1 + 3 + 3 + 5.5 = 12.5, U = 12.5 - 10 = 2.5, mu = 10,
    // sigma^2 = 20/12 * (10 - 36/72) = 15.8333, z = (7.5 - 0.5)/3.97911 = 1.75919, p = 0.0785459
    const r = mannWhitneyU([1, 2, 2, 3], [2, 3, 4, 4, 5]);
    expect(r.u).toBe(2.5);
    expect(r.p).toBeCloseTo(0.07854585095119067, 9);
    // more cases checked against scipy.stats.mannwhitneyu(method="asymptotic")
    expect(mannWhitneyU([0, 0, 0, 0.5, 1], [0, 0.2, 0.4, 1, 1, 1]).p).toBeCloseTo(0.2922631684464434, 9);
    expect(mannWhitneyU([3.1, 1.2, 5.5, 2.2, 4.8, 0.3], [6.1, 7.7, 2.9, 8.4, 5.0]).p).toBeCloseTo(0.05523425371806383, 9);
  });

  it("all values tied gives p = 1", () => {
    expect(mannWhitneyU([1, 1, 1], [1, 1]).p).toBe(1);
  });
});

describe("bench stats: Holm", () => {
  it("step-down adjustment with monotonicity, in input order", () => {
    // sorted 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> max so far 0.06
    const adj = holm([0.01, 0.04, 0.03, 0.005]);
    expect(adj[0]).toBeCloseTo(0.03, 12);
    expect(adj[1]).toBeCloseTo(0.06, 12);
    expect(adj[2]).toBeCloseTo(0.06, 12);
    expect(adj[3]).toBeCloseTo(0.02, 12);
    expect(holm([0.5, 0.2])).toEqual([0.5, 0.4]);
    expect(holm([0.9, 0.8])).toEqual([1, 1]);
    expect(holm([0.01, Number.NaN])).toEqual([0.01, Number.NaN]);
  });
});

describe("bench stats: A12", () => {
  it("counts wins and half ties over all pairs", () => {
    expect(a12([3, 4, 5], [1, 2])).toBe(1);
    expect(a12([1, 2], [3, 4, 5])).toBe(0);
    expect(a12([1, 2, 3], [2, 2])).toBe(0.5); // 3>2 twice (2) + 2=2 twice (1) = 3 of 6
    // x > y: 3>2, 4>2, 4>3 = 3; ties 2=2, 3=3 -> 3 + 1 = 4 of 12
    expect(a12([1, 2, 3, 4], [2, 3, 5])).toBeCloseTo(1 / 3, 12);
  });
});

describe("bench stats: regret, score, comparisons", () => {
  it("normalised regret is clipped to [0, 1]", () => {
    expect(regret(5, 0, 10)).toBe(0.5);
    expect(regret(20, 0, 10)).toBe(1);
    expect(regret(-1e-9, 0, 10)).toBe(0);
    expect(regret(Number.POSITIVE_INFINITY, 0, 10)).toBe(1);
    expect(regret(-2, -4, 0)).toBe(0.5);
  });

  it("score is 100 (1 - mean of per-problem means)", () => {
    // means 0.2 and 0.4 -> 100 * (1 - 0.3) = 70
    expect(score([[0.1, 0.3], [0.4, 0.4, 0.4]])).toBeCloseTo(70, 12);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it("win/tie/loss from Holm-corrected p and the A12 direction", () => {
    const low = Array.from({ length: 20 }, (_, i) => i / 100);
    const high = Array.from({ length: 20 }, (_, i) => 0.5 + i / 100);
    const cs = compareArms(["a", "b", "c"], [low, high, low], [high, low, low]);
    expect(cs.map((c) => c.outcome)).toEqual(["win", "loss", "tie"]);
    expect(cs[0]!.a12).toBe(1);
    expect(cs[1]!.a12).toBe(0);
    expect(cs[2]!.pHolm).toBe(1);
  });
});
