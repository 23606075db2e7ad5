import { describe, expect, it } from "vitest";
import {
  ConfigError,
  CMAES_DEFAULTS,
  CMAES_HISTORY,
  CMAES_RUN_TRIALS,
  parseSpace,
  InMemoryStorage,
  Study,
  compileSpace,
  createRng,
  createSampler,
  historyNeed,
  parseSamplerConfig,
  samplerSpaceIssues,
  suggest,
  type CmaEsConfig,
  type Params,
  type SamplerConfig,
  type TrialRecord,
} from "../../../lib/optimizer";
import { symmetricEigen } from "../../../lib/optimizer/math/eigen";
import { cmaCoords, replay } from "../../../lib/optimizer/cmaes/replay";

// ------------------------------------------------------------------------------------------------------------
// Helpers

type Outcome = Pick<TrialRecord, "state"> & Partial<Pick<TrialRecord, "values" | "constraints" | "failureKind">>;

/**
 * Asks and finishes n trials one by one through suggest() (what the server does), with the sampler's bounded
 * history; `fresh` recreates the sampler on every ask as the server does.
 */
function drive(opts: { space: Record<string, unknown>; config: SamplerConfig; n: number; seed: number; evaluate: (p: Params) => Outcome; fresh?: boolean; trials?: TrialRecord[] }): TrialRecord[] {
  const trials: TrialRecord[] = opts.trials ?? [];
  let sampler = createSampler(opts.config);
  const history = historyNeed(opts.config, undefined);
  const space = parseSpace(opts.space);
  for (let i = 0; i < opts.n; i++) {
    if (opts.fresh) sampler = createSampler(opts.config);
    const number = trials.length;
    const s = suggest({ space, sampler, trials, objectives: [{ metric: "y", direction: "minimize" }], rng: createRng(opts.seed), number, history });
    const out = opts.evaluate(s.params);
    trials.push({ number, params: s.params, internal: s.internal, intermediate: [], systemAttrs: s.systemAttrs, values: null, ...out });
  }
  return trials;
}

function boxSpace(d: number, low = -5, high = 5, prefix = "x"): Record<string, unknown> {
  const space: Record<string, unknown> = {};
  for (let i = 0; i < d; i++) space[`${prefix}${i}`] = { type: "uniform", low, high };
  return space;
}

const vec = (p: Params, d: number, prefix = "x") => Array.from({ length: d }, (_, i) => Number(p[`${prefix}${i}`]));
const complete = (v: number): Outcome => ({ state: "complete", values: [v] });
const best = (trials: TrialRecord[]) => Math.min(...trials.map((t) => t.values?.[0] ?? Infinity));

const sphere = (x: number[]) => x.reduce((a, b) => a + (b - 1) * (b - 1), 0);
const ellipsoid = (x: number[]) => x.reduce((a, b, i) => a + 10 ** ((4 * i) / (x.length - 1)) * (b - 1) * (b - 1), 0);
const rosenbrock = (x: number[]) => {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
  return s;
};

const CMAES = parseSamplerConfig("cmaes", {});
const tagOf = (t: TrialRecord) => t.systemAttrs.cmaes as { run: number; gen: number; start: number; x: number[] };

// ------------------------------------------------------------------------------------------------------------

describe("symmetric eigensolver (Jacobi)", () => {
  const check = (a: number[], n: number, expected: number[]) => {
    const e = symmetricEigen(a, n);
    expected.forEach((v, j) => expect(e.values[j]).toBeCloseTo(v, 12));
    // A v = lambda v and V^T V = I.
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += a[i * n + k]! * e.vectors[k * n + j]!;
        expect(av).toBeCloseTo(e.values[j]! * e.vectors[i * n + j]!, 12);
      }
      for (let k = 0; k < n; k++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += e.vectors[i * n + j]! * e.vectors[i * n + k]!;
        expect(dot).toBeCloseTo(j === k ? 1 : 0, 12);
      }
    }
  };

  it("solves known matrices", () => {
    check([2, 1, 1, 2], 2, [1, 3]);
    check([4, 0, 0, 0, -1, 0, 0, 0, 2], 3, [-1, 2, 4]);
    // The second-difference matrix: eigenvalues 2 - 2 cos(k pi / (n + 1)).
    const n = 6;
    const t = Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 2 : Math.abs(Math.floor(k / n) - (k % n)) === 1 ? -1 : 0));
    check(t, n, Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))));
    // The 4 x 4 Hilbert matrix (eigenvalues from the literature).
    const h = Array.from({ length: 16 }, (_, k) => 1 / (Math.floor(k / 4) + (k % 4) + 1));
    check(h, 4, [9.670230402260053e-5, 0.006738273605760657, 0.16914122022145, 1.5002142800592424]);
  });

  it("recovers Q diag(l) Q^T, from scratch and from a nearby basis", () => {
    const n = 8;
    const rng = createRng(4);
    // A random orthogonal Q from Gram-Schmidt.
    const q = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.next() - 0.5));
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < j; k++) {
        const dot = q[j]!.reduce((a, v, i) => a + v * q[k]![i]!, 0);
        q[j] = q[j]!.map((v, i) => v - dot * q[k]![i]!);
      }
      const norm = Math.hypot(...q[j]!);
      q[j] = q[j]!.map((v) => v / norm);
    }
    const lambdas = [1e-6, 0.01, 0.5, 1, 2, 3, 50, 1e4];
    const a = Array.from({ length: n * n }, (_, k) => lambdas.reduce((acc, l, m) => acc + l * q[m]![Math.floor(k / n)]! * q[m]![k % n]!, 0));
    const cold = symmetricEigen(a, n);
    // Accurate to rounding relative to the largest eigenvalue (condition 1e10 here).
    lambdas.forEach((l, j) => expect(Math.abs(cold.values[j]! - l)).toBeLessThan(1e-12 * 1e4));
    const warm = symmetricEigen(a, n, cold.vectors);
    expect(warm.sweeps).toBeLessThanOrEqual(1);
    lambdas.forEach((l, j) => expect(Math.abs(warm.values[j]! - l)).toBeLessThan(1e-12 * 1e4));
  });
});

describe("cmaes config", () => {
  it("fills in every default and parses its own output", () => {
    const cfg = parseSamplerConfig("cmaes", {});
    expect(cfg).toEqual(CMAES_DEFAULTS);
    expect(cfg).toEqual({ name: "cmaes", nStartupTrials: 0, sigma0: 1 / 6, popsize: "auto", restart: "ipop", incPopsize: 2, withMargin: true });
    expect(parseSamplerConfig("cmaes", cfg)).toEqual(cfg);
    expect(parseSamplerConfig("cmaes", { popsize: 12, restart: "none", withMargin: false })).toEqual({ ...cfg, popsize: 12, restart: "none", withMargin: false });
  });

  it("refuses out-of-range settings with their paths", () => {
    try {
      parseSamplerConfig("cmaes", { popsize: 1, sigma0: 0, restart: "bipop", incPopsize: 20, nStartupTrials: -1, withMargin: "yes", sigma: 1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).issues.map((i) => i.path).sort()).toEqual(["incPopsize", "nStartupTrials", "popsize", "restart", "sigma", "sigma0", "withMargin"]);
    }
    expect(() => parseSamplerConfig("cmaes", { popsize: 1000 })).toThrow(/popsize/);
    expect(() => parseSamplerConfig("cmaes", { popsize: "big" })).toThrow(/auto/);
  });

  it("reads a bounded history that holds a whole run", () => {
    expect(historyNeed(CMAES, undefined)).toEqual({ kind: "bounded", ...CMAES_HISTORY });
    expect(CMAES_HISTORY.best).toBe(0);
    expect(CMAES_HISTORY.recent).toBeGreaterThan(CMAES_RUN_TRIALS);
  });

  it("refuses spaces with more numeric parameters than it models", () => {
    expect(samplerSpaceIssues(boxSpace(32), CMAES)).toEqual([]);
    expect(samplerSpaceIssues(boxSpace(33), CMAES)[0]?.message).toMatch(/at most 32/);
  });
});

// Thousands of asks: slow on a busy machine.
describe("cmaes converges", { timeout: 60_000 }, () => {
  const random = parseSamplerConfig("random", {});
  it.each([
    ["sphere", 8, sphere, 1e-3],
    ["ellipsoid", 6, ellipsoid, 1e-2],
    ["rosenbrock", 5, rosenbrock, 0.05],
  ] as const)("%s in %i dimensions at 1,000 trials, far below random search", (_name, d, f, factor) => {
    const space = boxSpace(d);
    const ours = best(drive({ space, config: CMAES, n: 1000, seed: 3, evaluate: (p) => complete(f(vec(p, d))) }));
    const rand = best(drive({ space, config: random, n: 1000, seed: 3, evaluate: (p) => complete(f(vec(p, d))) }));
    expect(ours).toBeLessThan(rand * factor);
  });
});

// Thousands of asks: slow on a busy machine.
describe("cmaes with margin", { timeout: 60_000 }, () => {
  // Four strong continuous coordinates converge (shrinking sigma) before four weak integers reach 19.
  const space: Record<string, unknown> = { ...boxSpace(4, 0, 1, "u") };
  for (let i = 0; i < 4; i++) space[`k${i}`] = { type: "int", low: 0, high: 20 };
  const f = (p: Params) => vec(p, 4, "u").reduce((a, u) => a + 100 * (u - 0.37) ** 2, 0) + vec(p, 4, "k").reduce((a, k) => a + (k - 19) ** 2 / 1000, 0);
  const intGap = (trials: TrialRecord[]) => Math.min(...trials.map((t) => vec(t.params, 4, "k").reduce((a, k) => a + Math.abs(k - 19), 0)));

  it("keeps integer parameters moving; without it they stall further from the optimum", () => {
    let gapWith = 0;
    let gapWithout = 0;
    let frozenWith = 0;
    let frozenWithout = 0;
    for (const seed of [1, 2, 3]) {
      for (const withMargin of [true, false]) {
        const trials = drive({ space, config: parseSamplerConfig("cmaes", { withMargin, restart: "none" }), n: 1000, seed, evaluate: (p) => complete(f(p)) });
        const last = trials.slice(-200);
        const frozen = [0, 1, 2, 3].filter((j) => new Set(last.map((t) => t.params[`k${j}`])).size === 1).length;
        if (withMargin) {
          gapWith += intGap(trials);
          frozenWith += frozen;
        } else {
          gapWithout += intGap(trials);
          frozenWithout += frozen;
        }
        for (const t of trials) expect(Number.isInteger(t.params.k0)).toBe(true);
      }
    }
    expect(frozenWith).toBe(0);
    expect(gapWith).toBeLessThan(gapWithout);
    expect(frozenWith).toBeLessThanOrEqual(frozenWithout);
  });
});

// Thousands of asks: slow on a busy machine.
describe("cmaes IPOP restarts", { timeout: 60_000 }, () => {
  it("doubles the population when a run stagnates", () => {
    // A flat objective: the values of every generation are equal, so the first run stops on tolfun.
    // Runs stop after 10 + ceil(30 d / lambda) generations: 23 x 7 = 161 trials, then 17 x 14 = 238.
    const trials = drive({ space: boxSpace(3), config: CMAES, n: 440, seed: 1, evaluate: () => complete(1) });
    const runs = trials.map((t) => tagOf(t).run);
    expect(Math.max(...runs)).toBeGreaterThanOrEqual(2);
    // Asked one at a time, a generation holds exactly its population: 4 + floor(3 ln 3) = 7, then 14, 28.
    for (const [run, lambda] of [
      [0, 7],
      [1, 14],
      [2, 28],
    ] as const) {
      expect(trials.filter((t) => tagOf(t).run === run && tagOf(t).gen === 0)).toHaveLength(lambda);
    }
    // A restart starts from a fresh point, recorded by the number of the trial that began the run.
    const first = trials.find((t) => tagOf(t).run === 1)!;
    expect(tagOf(first).start).toBe(first.number);
  });

  it("does not restart with restart: none", () => {
    const trials = drive({ space: boxSpace(3), config: parseSamplerConfig("cmaes", { restart: "none" }), n: 200, seed: 1, evaluate: () => complete(1) });
    expect(new Set(trials.map((t) => tagOf(t).run))).toEqual(new Set([0]));
  });

  it("keeps improving a multimodal problem beyond the first run", () => {
    // Rastrigin in 2-D: a run converges to one local minimum in a few hundred trials; IPOP's next runs, with
    // larger populations from other starting points, find better ones.
    const d = 2;
    const rastrigin = (x: number[]) => 10 * d + x.reduce((a, b) => a + b * b - 10 * Math.cos(2 * Math.PI * b), 0);
    const bests = { ipop: [] as number[], none: [] as number[] };
    for (const seed of [1, 2, 3, 4]) {
      for (const restart of ["ipop", "none"] as const) {
        const trials = drive({ space: boxSpace(d, -5.12, 5.12), config: parseSamplerConfig("cmaes", { restart }), n: 1500, seed, evaluate: (p) => complete(rastrigin(vec(p, d))) });
        bests[restart].push(best(trials));
        if (restart === "ipop") expect(Math.max(...trials.map((t) => tagOf(t).run))).toBeGreaterThanOrEqual(1);
      }
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(bests.ipop)).toBeLessThan(sum(bests.none) / 2);
    expect(bests.ipop.filter((b, i) => b <= bests.none[i]!).length).toBeGreaterThanOrEqual(3);
  });
});

describe("cmaes state from the history", () => {
  const d = 4;
  const space = { ...boxSpace(d), n: { type: "int", low: 1, high: 9 }, c: { type: "categorical", values: ["a", "b", "c"] } };
  const f = (p: Params) => sphere(vec(p, d)) + Math.abs(Number(p.n) - 3) + (p.c === "b" ? 0 : 1);

  it("gives the same suggestion for the same history, from a fresh sampler per ask as from a long-lived one", () => {
    const long = drive({ space, config: CMAES, n: 150, seed: 7, evaluate: (p) => complete(f(p)) });
    const fresh = drive({ space, config: CMAES, n: 150, seed: 7, evaluate: (p) => complete(f(p)), fresh: true });
    expect(fresh.map((t) => t.params)).toEqual(long.map((t) => t.params));
    expect(fresh.map((t) => t.systemAttrs)).toEqual(long.map((t) => t.systemAttrs));
    // And the in-memory Study (one sampler for the whole study) agrees with both.
    const history = long.slice(0, 100);
    const ask = () => suggest({ space: parseSpace(space), sampler: createSampler(CMAES), trials: history, objectives: [{ metric: "y", direction: "minimize" }], rng: createRng(7), number: 100, history: historyNeed(CMAES, undefined) });
    expect(ask()).toEqual(ask());
    expect(ask().params).toEqual(long[100]!.params);
  });

  it("tags every trial with its run, generation and sampled point; categoricals come from the prior", () => {
    const trials = drive({ space, config: CMAES, n: 40, seed: 2, evaluate: (p) => complete(f(p)) });
    const lambda = 4 + Math.floor(3 * Math.log(d + 1));
    trials.forEach((t, i) => {
      const tag = tagOf(t);
      expect(tag.run).toBe(0);
      expect(tag.gen).toBe(Math.floor(i / lambda));
      expect(tag.x).toHaveLength(d + 1);
    });
    expect(new Set(trials.map((t) => t.params.c))).toEqual(new Set(["a", "b", "c"]));
  });

  it("gives parallel workers distinct samples of the same generation", async () => {
    const study = new Study({ storage: new InMemoryStorage(), space, sampler: CMAES, objectives: [{ metric: "y", direction: "minimize" }], seed: 3 });
    // 12 workers ask before anything finishes: the first generation (8) plus four more samples of it.
    const lambda = 4 + Math.floor(3 * Math.log(d + 1));
    const asked = [];
    for (let i = 0; i < 12; i++) asked.push(await study.ask());
    expect(asked.map((t) => tagOf(t).gen)).toEqual(Array(12).fill(0));
    expect(new Set(asked.map((t) => JSON.stringify(t.params))).size).toBe(12);
    // Once eight finish, generation 0 is told and the next asks sample generation 1.
    for (const t of asked.slice(0, lambda)) await study.tell(t.number, { state: "complete", values: [f(t.params)] });
    const next = await study.ask();
    expect(tagOf(next).gen).toBe(1);
    // The stragglers of generation 0 finishing later do not change which trials were told.
    const before = replay(CMAES as CmaEsConfig, cmaCoords(compileSpace(space), true), { trials: await study.trials(), direction: "minimize", number: 99 });
    for (const t of asked.slice(lambda)) await study.tell(t.number, { state: "complete", values: [f(t.params)] });
    const after = replay(CMAES as CmaEsConfig, cmaCoords(compileSpace(space), true), { trials: await study.trials(), direction: "minimize", number: 99 });
    expect(Array.from(after.state.mean)).toEqual(Array.from(before.state.mean));
  });

  it("learns nothing from infrastructure failures and counts program failures as the worst observations", () => {
    // Generation 0 with infrastructure failures is not complete until lambda real observations exist.
    const lambda = 4 + Math.floor(3 * Math.log(d + 1));
    const trials = drive({ space, config: CMAES, n: 4 * lambda, seed: 5, evaluate: (p) => (p.c === "a" ? { state: "failed", failureKind: "infrastructure" } : complete(f(p))) });
    const gen0 = trials.filter((t) => tagOf(t).gen === 0);
    const infra = gen0.filter((t) => t.state === "failed").length;
    expect(infra).toBeGreaterThan(0);
    expect(gen0.filter((t) => t.state === "complete")).toHaveLength(lambda);
    expect(gen0).toHaveLength(lambda + infra);
    // Program failures are observations: a generation of them is complete (and ranked last).
    const failing = drive({ space, config: CMAES, n: 2 * lambda, seed: 5, evaluate: (p) => (p.c === "a" ? { state: "failed", failureKind: "program" } : complete(f(p))) });
    expect(failing.filter((t) => tagOf(t).gen === 0)).toHaveLength(lambda);
  });
});

// Thousands of asks: slow on a busy machine.
describe("cmaes avoids failures and infeasible regions", { timeout: 60_000 }, () => {
  const d = 4;
  const space = boxSpace(d, 0, 1);
  // The optimum (all 0.5) is feasible; the first coordinate below 0.4 fails (a crash) or is infeasible.
  const f = (p: Params) => vec(p, d).reduce((a, u) => a + (u - 0.5) ** 2, 0);

  it("moves away from a failing region", () => {
    const trials = drive({ space, config: CMAES, n: 500, seed: 4, evaluate: (p) => (Number(p.x0) < 0.4 ? { state: "failed", failureKind: "program" } : complete(f(p))) });
    const failed = (ts: TrialRecord[]) => ts.filter((t) => t.state === "failed").length / ts.length;
    expect(failed(trials.slice(0, 50))).toBeGreaterThanOrEqual(0.05);
    expect(failed(trials.slice(-200))).toBeLessThan(0.02);
    expect(best(trials)).toBeLessThan(1e-4);
  });

  it("ranks infeasible trials below feasible ones, by total violation", () => {
    // Infeasible trials report a better objective than any feasible one: only the ranking keeps CMA-ES out.
    const trials = drive({
      space,
      config: CMAES,
      n: 500,
      seed: 4,
      evaluate: (p) => {
        const x0 = Number(p.x0);
        return x0 < 0.4 ? { state: "complete", values: [-1], constraints: [0.4 - x0] } : { state: "complete", values: [f(p)], constraints: [0.4 - x0] };
      },
    });
    const infeasible = (ts: TrialRecord[]) => ts.filter((t) => (t.constraints?.[0] ?? 0) > 0).length / ts.length;
    expect(infeasible(trials.slice(-200))).toBeLessThan(0.02);
    const feasibleBest = Math.min(...trials.filter((t) => (t.constraints?.[0] ?? 0) <= 0).map((t) => t.values![0]!));
    expect(feasibleBest).toBeLessThan(1e-4);
  });
});
