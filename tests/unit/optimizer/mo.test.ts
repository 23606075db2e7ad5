// Several objectives and constraints: the Pareto machinery (lib/optimizer/mo), multi-objective TPE, NSGA-II.
import { describe, expect, it } from "vitest";
import {
  InMemoryStorage,
  Study,
  constrainedDominates,
  constrainedSort,
  createRng,
  createSampler,
  crowdingDistance,
  dominates,
  exclusiveHypervolume,
  hypervolume,
  hypervolumeContributions,
  nondominatedRanks,
  nondominatedSort,
  parseSamplerConfig,
  paretoFront,
  parseSpace,
  rankedTrials,
  selectHistory,
  selectSubset,
  suggest,
  validateParams,
  MODEL_HISTORY,
  type Direction,
  type SamplerConfig,
  type TpeConfig,
  type TrialRecord,
} from "../../../lib/optimizer";
import { scoreTrials } from "../../../lib/optimizer/mo/trials";
import { parentPopulation } from "../../../lib/optimizer/nsga2/sampler";
import { rankTrials } from "../../../lib/optimizer/tpe/rank";
import { buildEstimators, contributionWeights } from "../../../lib/optimizer/tpe/sampler";
import { compileSpace } from "../../../lib/optimizer/space/compile";
import { fixtureRng } from "./helpers";

function bruteRanks(points: number[][]): number[] {
  const ranks = points.map(() => -1);
  let rank = 0;
  while (ranks.some((r) => r < 0)) {
    const current = points.map((p, i) => ranks[i]! < 0 && !points.some((q, j) => ranks[j]! < 0 && dominates(q, p)));
    current.forEach((c, i) => c && (ranks[i] = rank));
    rank++;
  }
  return ranks;
}

/** Grid estimate of the hypervolume: the share of cell centres of [lo, ref] some point dominates. */
function gridHv(points: number[][], ref: number[], lo: number[], cells: number): number {
  const m = ref.length;
  const h = ref.map((r, i) => (r - lo[i]!) / cells);
  let hit = 0;
  const idx = new Array<number>(m).fill(0);
  const total = cells ** m;
  for (let c = 0; c < total; c++) {
    let k = c;
    for (let d = 0; d < m; d++) {
      idx[d] = k % cells;
      k = Math.floor(k / cells);
    }
    const x = idx.map((v, d) => lo[d]! + (v + 0.5) * h[d]!);
    if (points.some((p) => p.every((v, d) => v <= x[d]!))) hit++;
  }
  return (hit / total) * h.reduce((a, b) => a * b, 1) * total;
}

describe("nondominated sorting", () => {
  it("ranks a hand-made 2-D set, equal points sharing a rank", () => {
    const pts = [
      [1, 5],
      [2, 3],
      [4, 1],
      [2, 4],
      [3, 3],
      [5, 5],
      [2, 3],
      [1, 6],
    ];
    // Front 0: (1,5) (2,3) (4,1) and the duplicate (2,3); front 1: (2,4) (3,3) (1,6); front 2: (5,5).
    expect([...nondominatedRanks(pts)]).toEqual([0, 0, 0, 1, 1, 2, 0, 1]);
    expect(nondominatedSort(pts)).toEqual([[0, 1, 2, 6], [3, 4, 7], [5]]);
  });

  it("ranks a hand-made 3-D set", () => {
    const pts = [
      [1, 2, 3],
      [3, 2, 1],
      [2, 2, 2],
      [2, 3, 3],
      [3, 3, 3],
      [4, 4, 4],
    ];
    expect([...nondominatedRanks(pts)]).toEqual([0, 0, 0, 1, 2, 3]);
  });

  it("agrees with brute force on random sets with ties, in 1 to 4 objectives", () => {
    const r = fixtureRng(3);
    for (const m of [1, 2, 3, 4]) {
      for (let rep = 0; rep < 20; rep++) {
        const pts = Array.from({ length: 40 }, () => Array.from({ length: m }, () => Math.floor(r() * 6)));
        expect([...nondominatedRanks(pts)]).toEqual(bruteRanks(pts));
      }
    }
  });

  it("stops after the fronts that reach a limit", () => {
    const pts = Array.from({ length: 10 }, (_, i) => [i, i, i]);
    expect([...nondominatedRanks(pts, 3)]).toEqual([0, 1, 2, 3, 3, 3, 3, 3, 3, 3]);
  });
});

describe("crowding distance", () => {
  it("matches a hand computation", () => {
    // Sorted by f1: (0,4) (1,2) (3,1) (4,0); spans 4 and 4.
    const d = crowdingDistance([
      [1, 2],
      [0, 4],
      [4, 0],
      [3, 1],
    ]);
    expect(d[1]).toBe(Infinity);
    expect(d[2]).toBe(Infinity);
    // (1,2): (3 - 0) / 4 + (4 - 1) / 4 = 1.5; (3,1): (4 - 1) / 4 + (2 - 0) / 4 = 1.25.
    expect(d[0]).toBeCloseTo(1.5, 12);
    expect(d[3]).toBeCloseTo(1.25, 12);
    expect([...crowdingDistance([[1, 1], [2, 0]])]).toEqual([Infinity, Infinity]);
  });
});

describe("hypervolume", () => {
  it("is exact on hand-computed 2-D sets", () => {
    // Staircase (1,3) (2,2) (3,1) to (4,4): 3 + 2 + 1 = 6... columns: [1,2]x[3,4]=1, [2,3]x[2,4]=2, [3,4]x[1,4]=3.
    expect(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4])).toBe(6);
    // Dominated, duplicated and outside points add nothing.
    expect(hypervolume([[1, 3], [2, 2], [3, 1], [3, 3], [2, 2], [5, 0], [0, 4]], [4, 4])).toBe(6);
    expect(hypervolume([], [1, 1])).toBe(0);
  });

  it("is exact on hand-computed 3-D sets", () => {
    expect(hypervolume([[0, 0, 0]], [1, 2, 3])).toBe(6);
    // Two unit-overlapping boxes: (0,0,1) and (1,0,0) to (2,2,2): 2*2*1 + 1*2*2 - 1*2*1 = 6.
    expect(hypervolume([[0, 0, 1], [1, 0, 0]], [2, 2, 2])).toBe(6);
    // Three corners of a 2-cube: union of boxes = 8 - 1 (the cell nobody covers, [0,1]^3 minus...) computed by inclusion-exclusion.
    const pts = [
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
    ];
    // Each box 2*1*1... box of (0,1,1) to (2,2,2) = 2*1*1 = 2; pairwise intersections 1 each, triple 1: 6 - 3 + 1 = 4.
    expect(hypervolume(pts, [2, 2, 2])).toBe(4);
  });

  it("agrees with a grid estimate on random 2-D, 3-D and 4-D sets", () => {
    const r = fixtureRng(8);
    for (const [m, cells] of [
      [2, 400],
      [3, 60],
      [4, 20],
    ] as const) {
      for (let rep = 0; rep < 3; rep++) {
        const pts = Array.from({ length: 12 }, () => Array.from({ length: m }, () => r()));
        const ref = new Array<number>(m).fill(1.1);
        const exact = hypervolume(pts, ref);
        const est = gridHv(pts, ref, new Array<number>(m).fill(0), cells);
        expect(Math.abs(exact - est)).toBeLessThan(0.02 * m);
        // The exact value is the one from inclusion-exclusion over all subsets (small sets only).
        if (rep === 0) expect(hypervolume(pts.slice(0, 8), ref)).toBeCloseTo(inclusionExclusion(pts.slice(0, 8), ref), 10);
      }
    }
  });

  it("gives each point the volume only it covers", () => {
    const pts = [
      [1, 3],
      [2, 2],
      [3, 1],
      [3, 3],
    ];
    expect([...hypervolumeContributions(pts, [4, 4])]).toEqual([1, 1, 1, 0]);
    // Duplicates cover nothing alone.
    expect([...hypervolumeContributions([[1, 1], [1, 1]], [2, 2])]).toEqual([0, 0]);
    const r = fixtureRng(4);
    const p3 = Array.from({ length: 10 }, () => [r(), r(), r()]);
    const total = hypervolume(p3, [1, 1, 1]);
    hypervolumeContributions(p3, [1, 1, 1]).forEach((c, i) => expect(c).toBeCloseTo(total - hypervolume(p3.filter((_, j) => j !== i), [1, 1, 1]), 12));
    expect(exclusiveHypervolume([1, 1], [[0, 0]], [2, 2])).toBe(0);
  });

  it("selects subsets greedily, each pick adding the most volume", () => {
    // From (0,10) (5,5) (10,0) (4,6) to ref (11,11): the middle point covers the most alone.
    const pts = [
      [0, 10],
      [5, 5],
      [10, 0],
      [4, 6],
    ];
    const picks = selectSubset(pts, 4, [11, 11]);
    expect(picks[0]).toBe(1);
    expect(selectSubset(pts, 2, [11, 11])).toEqual(picks.slice(0, 2));
    // Greedy: every step maximises the gain.
    for (let k = 1; k < picks.length; k++) {
      const chosen = picks.slice(0, k).map((i) => pts[i]!);
      const gain = (i: number) => hypervolume([...chosen, pts[i]!], [11, 11]);
      for (let i = 0; i < pts.length; i++) if (!picks.slice(0, k).includes(i)) expect(gain(picks[k]!)).toBeGreaterThanOrEqual(gain(i));
    }
    expect(selectSubset(pts, 0, [11, 11])).toEqual([]);
  });
});

function inclusionExclusion(pts: number[][], ref: number[]): number {
  let total = 0;
  for (let mask = 1; mask < 1 << pts.length; mask++) {
    const corner = ref.map(() => -Infinity);
    let bits = 0;
    pts.forEach((p, i) => {
      if (mask & (1 << i)) {
        bits++;
        p.forEach((v, d) => (corner[d] = Math.max(corner[d]!, v)));
      }
    });
    const vol = corner.reduce((a, c, d) => a * Math.max(0, ref[d]! - c), 1);
    total += bits % 2 ? vol : -vol;
  }
  return total;
}

describe("constrained domination", () => {
  it("puts feasible before infeasible and infeasible by total violation", () => {
    expect(constrainedDominates([5, 5], 0, [0, 0], 0.1)).toBe(true);
    expect(constrainedDominates([0, 0], 0.1, [5, 5], 0)).toBe(false);
    expect(constrainedDominates([9, 9], 0.1, [0, 0], 0.2)).toBe(true);
    expect(constrainedDominates([1, 1], 0, [2, 2], 0)).toBe(true);
    expect(constrainedDominates([1, 2], 0, [2, 1], 0)).toBe(false);
    const pts = [
      [1, 1],
      [0, 0],
      [2, 2],
      [3, 0],
      [0, 0],
    ];
    expect(constrainedSort(pts, [0, 0.5, 0, 0, 0.2])).toEqual([[0, 3], [2], [4], [1]]);
  });
});

function done(number: number, values: number[] | null, constraints?: number[], state: TrialRecord["state"] = "complete"): TrialRecord {
  return { number, state, params: {}, internal: {}, values, intermediate: [], systemAttrs: {}, ...(constraints ? { constraints } : {}) };
}

describe("paretoFront", () => {
  it("keeps the nondominated complete feasible trials, with maximised and minimised objectives", () => {
    const dirs: Direction[] = ["minimize", "maximize"];
    const trials = [
      done(0, [1, 1]),
      done(1, [2, 3]),
      done(2, [3, 3]), // dominated by 1 (worse first, equal second)
      done(3, [0, 5], [0.5]), // would dominate everything but is infeasible
      done(4, [0.5, 0.5]),
      done(5, [2, 3], [0, -1]), // equal to 1 and feasible: both on the front
      done(6, null, undefined, "failed"),
      done(7, [0.1, 9], undefined, "running"),
      done(8, [NaN, 10]),
      done(9, [4, 2.5]),
    ];
    expect(paretoFront(trials, dirs).map((t) => t.number)).toEqual([0, 1, 4, 5]);
    // Maximising the first: (4, 2.5) dominates (3, 3) and (2, 3); (1, 1) and (0.5, 0.5) trade the second off.
    expect(paretoFront(trials, ["maximize", "minimize"]).map((t) => t.number)).toEqual([0, 4, 9]);
    expect(paretoFront([done(0, [1], [1])], ["minimize"])).toEqual([]);
  });

  it("is what Study.paretoFront and Study.bestTrial report, feasible trials only", async () => {
    const study = new Study({ storage: new InMemoryStorage(), space: { x: { type: "uniform", low: 0, high: 1 } }, sampler: { name: "random" }, objectives: [{ metric: "a", direction: "minimize" }, { metric: "b", direction: "maximize" }], constraints: ["c"], seed: 1 });
    const tell = [
      { values: [0, 10], constraints: [1] },
      { values: [1, 1], constraints: [0] },
      { values: [2, 5], constraints: [-1] },
      { values: [1, 0.5], constraints: [-3] },
    ];
    for (const r of tell) {
      const t = await study.ask();
      await study.tell(t.number, { state: "complete", ...r });
    }
    expect((await study.trials())[0]!.constraints).toEqual([1]);
    expect((await study.paretoFront()).map((t) => t.number)).toEqual([1, 2]);
    // Best on the first objective among feasible trials, ties by the second: trial 1 (1, 1) over 3 (1, 0.5).
    expect((await study.bestTrial())?.number).toBe(1);
  });
});

describe("the bounded history with several objectives and constraints", () => {
  it("keeps the first fronts, feasible first, and is idempotent", () => {
    const r = fixtureRng(5);
    const trials = Array.from({ length: 3000 }, (_, i) => {
      const a = r();
      const b = r();
      return done(i, [a, 1 - a + b * 0.5], i % 7 === 0 ? [r() - 0.5] : undefined);
    });
    const need = { kind: "bounded", ...MODEL_HISTORY } as const;
    const dirs: Direction[] = ["minimize", "minimize"];
    const once = selectHistory(trials, need, dirs);
    expect(selectHistory(once, need, dirs)).toEqual(once);
    const front = paretoFront(trials, dirs).map((t) => t.number);
    const chosen = new Set(once.map((t) => t.number));
    for (const n of front) expect(chosen.has(n)).toBe(true);
    // With one direction it is the old order by value.
    const single = selectHistory(trials, { kind: "bounded", best: 5, recent: 0, active: 0 }, "minimize").map((t) => t.number);
    const byValue = trials
      .filter((t) => (t.constraints?.[0] ?? 0) <= 0)
      .sort((x, y) => x.values![0]! - y.values![0]!)
      .slice(0, 5)
      .map((t) => t.number)
      .sort((x, y) => x - y);
    expect(single).toEqual(byValue);
  });
});

describe("rankedTrials with one objective (the sort that replaces nondominated sorting there)", () => {
  /** The general path: constrained fronts, each by trial number, up to the front that reaches the limit. */
  function byFronts(trials: TrialRecord[], dirs: Direction[], limit: number): number[] {
    const scored = scoreTrials(trials, dirs);
    const fronts = constrainedSort(
      scored.map((s) => s.point),
      scored.map((s) => s.violation),
      limit,
    );
    const out: number[] = [];
    for (const f of fronts) {
      if (out.length >= limit) break;
      out.push(...f.map((k) => scored[k]!.trial.number).sort((a, b) => a - b));
    }
    return out;
  }
  it("gives the fronts' order exactly: ties, infeasible trials, NaN constraints, either direction, every limit", () => {
    const r = fixtureRng(11);
    // values on a coarse grid (many ties), numbers shuffled, some infeasible (NaN: infinitely violated), some
    // without a finite value (left out), some not complete
    const numbers = Array.from({ length: 400 }, (_, i) => i).sort(() => r() - 0.5);
    const trials: TrialRecord[] = numbers.map((n) => {
      const u = r();
      const c = u < 0.15 ? [Math.round(r() * 4) / 4] : u < 0.18 ? [Number.NaN] : u < 0.3 ? [-1] : undefined;
      const v = r() < 0.03 ? Number.NaN : Math.round(r() * 20) / 4 - 2;
      const t = done(n, [v], c);
      return r() < 0.05 ? { ...t, state: "pruned", values: null } : t;
    });
    for (const dirs of [["minimize"], ["maximize"]] as Direction[][])
      for (const limit of [0, 1, 2, 7, 25, 100, 300, 399, 1000, Infinity]) {
        expect(
          rankedTrials(trials, dirs, limit).map((t) => t.number),
          `${dirs[0]} limit ${limit}`,
        ).toEqual(byFronts(trials, dirs, limit));
      }
  });
  it("by hand: feasible by value then number, the last tied group kept whole, infeasible by violation", () => {
    const trials = [done(0, [3]), done(1, [1]), done(2, [2], [0.5]), done(3, [1]), done(4, [0], [0.25]), done(5, [2])];
    expect(rankedTrials(trials, ["minimize"]).map((t) => t.number)).toEqual([1, 3, 5, 0, 4, 2]);
    // limit 1 ends inside the tie at value 1: both tied trials come
    expect(rankedTrials(trials, ["minimize"], 1).map((t) => t.number)).toEqual([1, 3]);
    expect(rankedTrials(trials, ["maximize"], 5).map((t) => t.number)).toEqual([0, 5, 1, 3, 4]);
  });
});

describe("TPE ranking with several objectives and constraints", () => {
  it("fills the good group front by front and breaks the last front by hypervolume", () => {
    const pts = [
      [0, 10],
      [10, 0],
      [5, 5],
      [1, 9.5],
      [6, 6],
      [7, 7],
      [8, 8],
      [9, 9],
      [9.5, 9.5],
      [9.8, 9.8],
      [9.9, 9.9],
      [9.95, 9.95],
    ];
    const trials = pts.map((p, i) => done(i, p));
    // 12 trials, gamma 0.25 -> 3 good: front 0 is {0, 1, 2, 3}, reference (11, 11). Greedy selection: (5, 5)
    // covers 36 alone; then (1, 9.5) adds 15 - 9 = 6 against 5 for either end; then (10, 0) adds 5 against 1
    // for (0, 10), which (1, 9.5) nearly covers. (0, 10) is left for the bad group.
    const r = rankTrials(trials, ["minimize", "minimize"], false, 0.25);
    expect(r.trials.slice(0, 4).map((t) => t.number)).toEqual([2, 3, 1, 0]);
    expect(r.trials.slice(4).map((t) => t.number)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("the wide rule puts twice Optuna's share in the good group: 2 of 10 trials, picked by hypervolume", () => {
    // Front {0, 1, 2, 3} of 10 trials, reference (11, 11). Optuna's rule: ceil(0.1 x 10) = 1 good trial, (5, 5)
    // (it covers 6 x 6 = 36 alone, against 11 for either end and 10 x 1.5 = 15 for (1, 9.5)). Wide: ceil(0.2 x 10)
    // = 2; next to (5, 5), (1, 9.5) adds 4 x 1.5 = 6 against 5 x 1 = 5 for either end.
    const pts = [[0, 10], [10, 0], [5, 5], [1, 9.5], [6, 6], [7, 7], [8, 8], [9, 9], [9.5, 9.5], [9.8, 9.8]];
    const space = compileSpace({ x: { type: "uniform", low: 0, high: 1 } });
    const trials = pts.map((p, i) => ({ ...done(i, p), internal: { x: i / 10 } }));
    const dirs: Direction[] = ["minimize", "minimize"];
    const cfg = parseSamplerConfig("tpe", { multivariate: false }) as TpeConfig;
    const optuna = rankTrials(trials, dirs, false, "optuna");
    expect(optuna.trials[0]!.number).toBe(2);
    expect(buildEstimators(optuna, space.free, cfg)!.below.nK).toBe(1 + 1); // one trial and the prior
    const wide = rankTrials(trials, dirs, false, "wide");
    expect(wide.trials.slice(0, 2).map((t) => t.number)).toEqual([2, 3]);
    const est = buildEstimators(wide, space.free, { ...cfg, gamma: "wide" })!;
    expect(est.below.nK).toBe(2 + 1);
    expect(est.above.nK).toBe(8 + 1);
    // Below, by hypervolume contribution at 10% beyond the group's worst, (5.5, 10.45): (1, 9.5) only-covers
    // [1, 5] x [9.5, 10.45] = 3.8, (5, 5) [5, 5.5] x [5, 9.5] = 2.25; weights 2.25 / 3.8 and 1, in trial order
    // (2, 3), with the prior's weight 1 last.
    const w = Array.from(est.below.logW, Math.exp);
    const total = 2.25 / 3.8 + 1 + 1;
    expect(w[0]).toBeCloseTo(2.25 / 3.8 / total, 9);
    expect(w[1]).toBeCloseTo(1 / total, 9);
    expect(w[2]).toBeCloseTo(1 / total, 9);
  });

  it("ranks feasible trials before infeasible ones, those by violation, failures last", () => {
    const trials = [done(0, [1], [2]), done(1, [5]), done(2, [0], [0.5]), done(3, [3], [-1]), { ...done(4, null, undefined, "failed"), failureKind: "program" as const }];
    const r = rankTrials(trials, "minimize", false);
    expect(r.trials.map((t) => t.number)).toEqual([3, 1, 2, 0, 4]);
    expect(r.nSucceeded).toBe(4);
    const m = rankTrials(trials.map((t) => (t.values ? { ...t, values: [t.values[0]!, -t.values[0]!] } : t)), ["minimize", "minimize"], false);
    expect(m.trials.map((t) => t.number)).toEqual([1, 3, 2, 0, 4]);
  });

  it("weights good trials by hypervolume contribution", () => {
    // Reference (11, 11). Only-covered areas: (0, 10) [0, 5] x [10, 11] = 5, (10, 0) likewise 5, (5, 5) the
    // L-shape [5, 10]^2 minus [5.1, 10]^2 = 0.99, (5.1, 5.1) nothing (dominated); over the largest.
    const w = contributionWeights([[0, 10], [5, 5], [10, 0], null, [5.1, 5.1]]);
    expect(w[0]).toBeCloseTo(1, 9);
    expect(w[2]).toBeCloseTo(1, 9);
    expect(w[1]).toBeCloseTo(0.99 / 5, 9);
    expect(w[3]).toBeLessThan(1e-9);
    expect(w[4]).toBeLessThan(1e-9);
  });
});

const ZDT_SPACE = parseSpace(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`x${i}`, { type: "uniform", low: 0, high: 1 }])));

function zdt1(x: number[]): number[] {
  const g = 1 + (9 * x.slice(1).reduce((a, b) => a + b, 0)) / 5;
  return [x[0]!, g * (1 - Math.sqrt(x[0]! / g))];
}

async function runMo(config: SamplerConfig, seed: number, n: number, f: (x: number[]) => { values: number[]; constraints?: number[] }, objectives = 2): Promise<TrialRecord[]> {
  const study = new Study({
    storage: new InMemoryStorage(),
    space: ZDT_SPACE,
    sampler: config,
    objectives: Array.from({ length: objectives }, (_, i) => ({ metric: `f${i}`, direction: "minimize" as const })),
    // A study declares its constraints: as many as the objective function reports.
    constraints: (f(Array.from({ length: 6 }, () => 0.5)).constraints ?? []).map((_, i) => `c${i}`),
    seed,
  });
  for (let i = 0; i < n; i++) {
    const t = await study.ask();
    await study.tell(t.number, { state: "complete", ...f(Array.from({ length: 6 }, (_, d) => Number(t.params[`x${d}`]))) });
  }
  return study.trials();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe("multi-objective TPE", () => {
  it("beats random search on ZDT1 by hypervolume", async () => {
    const hv = async (config: SamplerConfig) => {
      const out: number[] = [];
      for (const seed of [1, 2, 3, 4, 5]) out.push(hypervolume((await runMo(config, seed, 80, (x) => ({ values: zdt1(x) }))).map((t) => t.values!), [1.1, 11]));
      return median(out);
    };
    const tpe = await hv(parseSamplerConfig("tpe", {}));
    const random = await hv({ name: "random" });
    expect(tpe).toBeGreaterThan(random + 0.3);
  }, 60_000);

  it("steers towards the feasible region", async () => {
    // Feasible only when x0 + x1 >= 1.2 (about 32% of the square).
    const f = (x: number[]) => ({ values: zdt1(x), constraints: [1.2 - x[0]! - x[1]!] });
    const share = async (config: SamplerConfig) => {
      const out: number[] = [];
      for (const seed of [1, 2, 3]) out.push((await runMo(config, seed, 60, f)).slice(30).filter((t) => t.constraints![0]! <= 0).length / 30);
      return median(out);
    };
    const tpe = await share(parseSamplerConfig("tpe", {}));
    const random = await share({ name: "random" });
    expect(tpe).toBeGreaterThan(0.5);
    expect(tpe).toBeGreaterThan(random + 0.15);
    // One objective with constraints, too.
    const single = async (config: SamplerConfig) => {
      const study = new Study({ storage: new InMemoryStorage(), space: ZDT_SPACE, sampler: config, objectives: [{ metric: "f", direction: "minimize" }], constraints: ["c"], seed: 3 });
      let feasible = 0;
      for (let i = 0; i < 60; i++) {
        const t = await study.ask();
        const x = Array.from({ length: 6 }, (_, d) => Number(t.params[`x${d}`]));
        const c = 1.2 - x[0]! - x[1]!;
        if (i >= 30 && c <= 0) feasible++;
        // Unconstrained, the best is x = 0: the constraint pushes it away from the optimum.
        await study.tell(t.number, { state: "complete", values: [x.reduce((a, b) => a + b, 0)], constraints: [c] });
      }
      return feasible / 30;
    };
    expect(await single(parseSamplerConfig("tpe", {}))).toBeGreaterThan(0.6);
  }, 60_000);
});

describe("NSGA-II", () => {
  const cfg = parseSamplerConfig("nsga2", {});

  it("fills in Optuna's defaults and refuses bad settings", () => {
    expect(cfg).toEqual({ name: "nsga2", populationSize: 50, crossoverProb: 0.9, swappingProb: 0.5, mutationProb: "auto" });
    expect(parseSamplerConfig("nsga2", cfg)).toEqual(cfg);
    expect(parseSamplerConfig("nsga2", { mutationProb: 0.2, populationSize: 10 })).toMatchObject({ mutationProb: 0.2, populationSize: 10 });
    for (const bad of [{ populationSize: 1 }, { populationSize: 101 }, { crossoverProb: 2 }, { mutationProb: "often" }, { swappingProb: -1 }, { other: 1 }]) {
      expect(() => parseSamplerConfig("nsga2", bad)).toThrow();
    }
  });

  it("is deterministic, valid, and improves on its first generation", async () => {
    const small = parseSamplerConfig("nsga2", { populationSize: 20 });
    const a = await runMo(small, 4, 100, (x) => ({ values: zdt1(x) }));
    const b = await runMo(small, 4, 100, (x) => ({ values: zdt1(x) }));
    expect(a.map((t) => t.params)).toEqual(b.map((t) => t.params));
    for (const t of a) expect(() => validateParams(ZDT_SPACE, t.params)).not.toThrow();
    const hv = (ts: TrialRecord[]) => hypervolume(ts.map((t) => t.values!), [1.1, 11]);
    expect(hv(a)).toBeGreaterThan(hv(a.slice(0, 20)) + 0.5);
  }, 60_000);

  it("rebuilds the same parents from the history, whatever of the current generation has finished", () => {
    const r = fixtureRng(2);
    const trials = Array.from({ length: 130 }, (_, i) => {
      const x = Array.from({ length: 6 }, () => r());
      const params = Object.fromEntries(x.map((v, d) => [`x${d}`, v]));
      return { ...done(i, zdt1(x)), params, internal: { ...params } };
    });
    const ctx = (number: number) => ({ number, direction: "minimize" as const, directions: ["minimize", "minimize"] as Direction[] });
    const p100 = parentPopulation(trials.slice(0, 100), ctx(100), 50).map((s) => s.trial.number);
    const p120 = parentPopulation(trials.slice(0, 120), ctx(120), 50).map((s) => s.trial.number);
    expect(p100).toHaveLength(50);
    expect(p120).toEqual(p100);
    expect(p100.every((n) => n < 100)).toBe(true);
    // The elite holds the whole Pareto front of the parents' generations.
    for (const t of paretoFront(trials.slice(0, 100), ["minimize", "minimize"])) expect(p100).toContain(t.number);
    // The server recreates the sampler for every ask: same history, same suggestion.
    const s = () => suggest({ space: ZDT_SPACE, sampler: createSampler(cfg), trials, objectives: [{ metric: "a", direction: "minimize" }, { metric: "b", direction: "minimize" }], rng: createRng(3), number: 130 });
    expect(s()).toEqual(s());
  });

  it("prefers feasible parents", () => {
    const trials = Array.from({ length: 60 }, (_, i) => ({ ...done(i, [i, 60 - i], [i < 30 ? 1 : -1]), params: { x0: 0.5 }, internal: { x0: 0.5 } }));
    const pop = parentPopulation(trials, { number: 60, direction: "minimize", directions: ["minimize", "minimize"] }, 20);
    expect(pop.every((s) => s.violation === 0)).toBe(true);
  });
});
