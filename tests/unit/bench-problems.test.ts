import { describe, expect, it } from "vitest";
import { type Axis, axisIndex, GRIDS, lookup, tableSpec } from "@/bench/optimizer/hpo/tables";
import { armRunsOn, OUR_ARMS } from "@/bench/optimizer/ours";
import {
  FAMILIES,
  HALF_BATCHES,
  HALVES,
  oomLoss,
  OOM_LIMIT,
  ProblemFailure,
  PROBLEMS,
  SPLIT_SEED,
  splitHalves,
  uniformPoints,
} from "@/bench/optimizer/problems";
import { failedShare, hypervolume2d, hypervolumeN } from "@/bench/optimizer/stats";

describe("bench: hypervolume", () => {
  it("sums the staircase of a small front", () => {
    // boxes to (4, 4): (1,3) -> 3x1, (2,2) -> 2x1 more, (3,1) -> 1x1 more
    expect(hypervolume2d([[1, 3], [2, 2], [3, 1]], [4, 4])).toBe(6);
    // order does not matter; a dominated point, a duplicate and a point outside the reference add nothing
    expect(hypervolume2d([[3, 1], [3, 3], [1, 3], [2, 2], [2, 2], [5, 0], [0, 4]], [4, 4])).toBe(6);
  });
  it("is the box of a single point, and 0 for nothing inside the reference", () => {
    expect(hypervolume2d([[0.5, 0.25]], [1, 1])).toBe(0.375);
    expect(hypervolume2d([], [1, 1])).toBe(0);
    expect(hypervolume2d([[2, 0]], [1, 1])).toBe(0);
  });
  it("matches a fine grid estimate of the ZDT1 front", () => {
    // the front f2 = 1 - sqrt(f1), f1 in [0, 1], reference (11, 11): dominated area =
    // integral_0^1 (11 - (1 - sqrt x)) dx + 10 * 11 = 10 + 2/3 + 110; the staircase of 20,001 points is within 5e-5
    const pts = Array.from({ length: 20001 }, (_, i) => [i / 20000, 1 - Math.sqrt(i / 20000)]);
    expect(hypervolume2d(pts, [11, 11])).toBeCloseTo(110 + 10 + 2 / 3, 3);
  });
  it("refuses other dimensions", () => {
    expect(() => hypervolume2d([[1, 2, 3]], [4, 4, 4])).toThrow();
  });
});

describe("bench: hypervolume in any number of objectives", () => {
  it("adds up the boxes of a small 3-objective front by hand", () => {
    // to (2, 2, 2): (0, 1, 1) -> 2x1x1 = 2; (1, 0, 1) adds x in [1, 2], y in [0, 1], z in [1, 2] -> 1;
    // (1, 1, 0) adds the part z in [0, 1] of [1, 2] x [1, 2] -> 1; the union is 4
    expect(hypervolumeN([[0, 1, 1], [1, 0, 1], [1, 1, 0]], [2, 2, 2])).toBe(4);
    // a dominated point, a duplicate and a point outside the box add nothing
    expect(hypervolumeN([[0, 1, 1], [1, 0, 1], [1, 1, 0], [1, 1, 1], [1, 1, 0], [3, 0, 0]], [2, 2, 2])).toBe(4);
    expect(hypervolumeN([[0.5, 0.5, 0.5]], [1, 1, 1])).toBe(0.125);
    expect(hypervolumeN([], [1, 1, 1])).toBe(0);
  });
  it("is hypervolume2d in two objectives", () => {
    expect(hypervolumeN([[1, 3], [2, 2], [3, 1]], [4, 4])).toBe(6);
  });
  it("matches an inclusion-exclusion count of three overlapping boxes", () => {
    // boxes [p, r] for r = (4, 4, 4): a = (1, 2, 3) -> 3x2x1 = 6, b = (2, 1, 2) -> 2x3x2 = 12, c = (3, 3, 1) -> 1x1x3 = 3;
    // a^b = (2, 2, 3) -> 2x2x1 = 4, a^c = (3, 3, 3) -> 1, b^c = (3, 3, 2) -> 2, a^b^c = (3, 3, 3) -> 1
    // union = 6 + 12 + 3 - 4 - 1 - 2 + 1 = 15
    expect(hypervolumeN([[1, 2, 3], [2, 1, 2], [3, 3, 1]], [4, 4, 4])).toBe(15);
  });
});

describe("bench: failed share", () => {
  it("counts nulls from trial 11 on", () => {
    const vs: Array<number | null> = [null, null, null, 1, 2, 3, 4, 5, 6, 7, null, 1, null, 2];
    expect(failedShare(vs, 10)).toBe(0.5);
    expect(failedShare([1, 2], 10)).toBeNaN();
  });
});

describe("bench: multi-objective problems", () => {
  it("have as many objectives as their reference point has coordinates, every value finite", () => {
    const multi = PROBLEMS.filter((p) => p.family === "multi");
    expect(multi.filter((p) => p.nObjectives === 3).length).toBeGreaterThanOrEqual(3);
    for (const p of multi) {
      expect(p.nObjectives, p.id).toBe(p.hvRef!.length);
      for (const pt of uniformPoints(p, 20, 1)) {
        const v = p.evaluate(pt);
        expect(v.length, p.id).toBe(p.nObjectives);
        for (const x of v) expect(Number.isFinite(x), p.id).toBe(true);
      }
    }
  });
  it("DTLZ fronts: 3-objective DTLZ2 on the unit sphere and DTLZ1 on the plane sum f = 1/2 when the distance parameters are 0.5", () => {
    const at = (id: string, x1: number, x2: number) => PROBLEMS.find((p) => p.id === id)!.evaluate({ x1, x2, x3: 0.5, x4: 0.5, x5: 0.5, x6: 0.5 });
    const s = at("dtlz2-3", 0.3, 0.7);
    expect(s[0]! ** 2 + s[1]! ** 2 + s[2]! ** 2).toBeCloseTo(1, 12);
    const l = at("dtlz1-3", 0.3, 0.7);
    expect(l[0]! + l[1]! + l[2]!).toBeCloseTo(0.5, 12);
    // DTLZ7: f1, f2 are x1, x2; g = 1 at zero distance parameters
    const d7 = PROBLEMS.find((p) => p.id === "dtlz7-3")!.evaluate({ x1: 0, x2: 0, x3: 0, x4: 0, x5: 0, x6: 0 });
    expect(d7).toEqual([0, 0, 6]);
  });
});

describe("bench: halves", () => {
  it("every problem has a fixed half, and each batch of the table is what the seeded split gives", () => {
    for (const p of PROBLEMS) {
      expect(HALVES[p.id], p.id).toBeDefined();
      expect(p.half).toBe(HALVES[p.id]);
    }
    const seen = new Set<string>();
    for (const batch of HALF_BATCHES) {
      const fixed = PROBLEMS.filter((p) => p.id in batch);
      expect(fixed.length).toBe(Object.keys(batch).length);
      expect(splitHalves(fixed, SPLIT_SEED)).toEqual(batch);
      // a problem is in one batch only
      for (const id of Object.keys(batch)) {
        expect(seen.has(id), id).toBe(false);
        seen.add(id);
      }
    }
    expect(seen.size).toBe(Object.keys(HALVES).length);
  });
  it("is stratified: every family is in both halves, each family's halves differ by at most one", () => {
    for (const f of FAMILIES) {
      const ps = PROBLEMS.filter((p) => p.family === f);
      const d = ps.filter((p) => p.half === "decide").length;
      const r = ps.filter((p) => p.half === "report").length;
      expect(d, f).toBeGreaterThan(0);
      expect(r, f).toBeGreaterThan(0);
      expect(Math.abs(d - r), f).toBeLessThanOrEqual(1);
    }
  });
  it("is stable: the order of the input and the other families do not matter", () => {
    const items = PROBLEMS.map((p) => ({ id: p.id, family: p.family }));
    const a = splitHalves(items, SPLIT_SEED);
    expect(splitHalves([...items].reverse(), SPLIT_SEED)).toEqual(a);
    const onlyHpo = splitHalves(
      items.filter((p) => p.family === "hpo"),
      SPLIT_SEED,
    );
    for (const [id, h] of Object.entries(onlyHpo)) expect(h, id).toBe(a[id]);
    // another seed gives another (still stratified) split
    expect(splitHalves(items, SPLIT_SEED + 1)).not.toEqual(a);
  });
});

describe("bench: HPO table lookup", () => {
  const C: Axis = { name: "C", kind: "logfloat", values: [0.01, 1, 100] };
  const k: Axis = { name: "k", kind: "logint", values: [1, 2, 4, 8] };
  const w: Axis = { name: "w", kind: "cat", values: ["uniform", "distance"] };
  const r: Axis = { name: "r", kind: "float", values: [0, 0.5, 1] };
  it("finds the nearest grid value in log scale, boundaries at the geometric midpoints", () => {
    expect(axisIndex(C, 0.01)).toBe(0);
    expect(axisIndex(C, 0.0999)).toBe(0);
    expect(axisIndex(C, 0.1)).toBe(1); // sqrt(0.01 * 1) = 0.1: the boundary belongs to the upper value
    expect(axisIndex(C, 9.99)).toBe(1);
    expect(axisIndex(C, 10)).toBe(2);
    expect(axisIndex(C, 100)).toBe(2);
    expect(axisIndex(k, 1)).toBe(0);
    expect(axisIndex(k, 2)).toBe(1); // sqrt(2) < 2 < sqrt(8)
    expect(axisIndex(k, 3)).toBe(2); // 3 >= sqrt(8)
    expect(axisIndex(k, 6)).toBe(3); // 6 >= sqrt(32)
    expect(axisIndex(r, 0.24)).toBe(0);
    expect(axisIndex(r, 0.25)).toBe(1);
    expect(axisIndex(r, 0.76)).toBe(2);
  });
  it("matches categories exactly and refuses values off the grid", () => {
    expect(axisIndex(w, "distance")).toBe(1);
    expect(() => axisIndex(w, "other")).toThrow();
    expect(() => axisIndex({ name: "i", kind: "int", values: [1, 2, 3] }, 4)).toThrow();
    expect(() => axisIndex(C, "x")).toThrow();
  });
  it("reads the table row-major, the last axis fastest", () => {
    // axes C (3) x w (2): values[iC * 2 + iw]
    const t = { axes: [C, w], values: [10, 11, 20, 21, 30, 31] };
    expect(lookup(t, { C: 0.02, w: "uniform" })).toBe(10);
    expect(lookup(t, { C: 1, w: "distance" })).toBe(21);
    expect(lookup(t, { C: 50, w: "distance" })).toBe(31);
  });
  it("derives each table's space from its axes", () => {
    const spec = tableSpec(GRIDS.svc_digits!);
    expect(spec.C).toEqual({ type: "float", low: 0.01, high: 10000, log: true });
    expect(tableSpec(GRIDS.knn_digits!).k).toEqual({ type: "int", low: 1, high: 64, log: true });
    expect(tableSpec(GRIDS.knn_digits!).weights).toEqual({ type: "cat", values: ["uniform", "distance"] });
    expect(Object.keys(GRIDS).length).toBeGreaterThanOrEqual(6);
  });
});

describe("bench: problems", () => {
  it("has the families the protocol asks for", () => {
    const n = (f: string) => PROBLEMS.filter((p) => p.family === f).length;
    expect(n("continuous")).toBeGreaterThanOrEqual(23);
    expect(n("hpo")).toBeGreaterThanOrEqual(6);
    expect(n("multi")).toBeGreaterThanOrEqual(4);
    expect(n("failing")).toBeGreaterThanOrEqual(2);
    expect(new Set(PROBLEMS.map((p) => p.id)).size).toBe(PROBLEMS.length);
  });
  it("evaluates to one value per objective (or fails with ProblemFailure) on uniform points", () => {
    for (const p of PROBLEMS.filter((q) => q.family !== "hpo")) {
      for (const pt of uniformPoints(p, 20, 1)) {
        let v: number[] | null = null;
        try {
          v = p.evaluate(pt);
        } catch (e) {
          expect(e, p.id).toBeInstanceOf(ProblemFailure);
          expect(p.family).toBe("failing");
          continue;
        }
        expect(v.length, p.id).toBe(p.nObjectives);
        for (const x of v) expect(Number.isFinite(x), p.id).toBe(true);
        if (p.nObjectives === 1) expect(v[0]! >= p.fStar - 1e-9, p.id).toBe(true);
      }
    }
  });
  it("oomcliff's f* is the best runnable integer point (enumerated)", () => {
    let best = Infinity;
    const log2 = new Float64Array(1025).map((_, i) => (i > 0 ? Math.log2(i) : 0));
    for (let b = 8; b <= 1024; b++)
      for (let w = 16; w <= 1024; w++) {
        const lMax = Math.min(8, Math.floor(OOM_LIMIT / (b * w)));
        if (lMax < 1) break;
        const l = Math.min(lMax, 6); // the loss in l alone is smallest at 6
        const v = 0.2 * (log2[b]! - 8) ** 2 + 0.1 * (log2[w]! - 9) ** 2 + 0.05 * (l - 6) ** 2;
        if (v < best) best = v;
      }
    const oom = PROBLEMS.find((p) => p.id === "oomcliff")!;
    expect(best).toBe(oom.fStar);
    expect(oomLoss(224, 390, 6)).toBe(oom.fStar);
    expect(() => oom.objective({ batch: 256, width: 512, layers: 6 })).toThrow(ProblemFailure);
  });
  it("divergelr: the optimum is next to the failing region", () => {
    const p = PROBLEMS.find((q) => q.id === "divergelr")!;
    expect(p.objective({ lr: 0.05, momentum: 0.9, wd: 1e-4 })).toBeCloseTo(0, 12);
    expect(() => p.objective({ lr: 0.11, momentum: 0.9, wd: 1e-4 })).toThrow(ProblemFailure);
  });
  it("arms run on the problems of their scope only", () => {
    const mo = PROBLEMS.find((p) => p.nObjectives > 1)!;
    const so = PROBLEMS.find((p) => p.nObjectives === 1)!;
    for (const a of OUR_ARMS) {
      if (a.scope === "single") expect([armRunsOn(a.scope, so), armRunsOn(a.scope, mo)]).toEqual([true, false]);
      if (a.scope === "multi") expect([armRunsOn(a.scope, so), armRunsOn(a.scope, mo)]).toEqual([false, true]);
    }
    expect(OUR_ARMS.map((a) => a.arm)).toEqual(["default", "tpe", "gp", "cmaes", "mo-tpe", "nsga2", "random"]);
  });
});
