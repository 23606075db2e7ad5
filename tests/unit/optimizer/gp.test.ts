import { describe, expect, it } from "vitest";
import { ConfigError, GP_DEFAULTS, GP_HISTORY, MAX_GP_CANDIDATES, SAMPLER_DEFAULTS, compileSpace, createRng, createSampler, historyNeed, samplerSpaceIssues, parseSamplerConfig, parseSpace, suggest, validateParams, type Params, type SamplerConfig, type TrialRecord } from "../../../lib/optimizer";
import { Acquisition } from "../../../lib/optimizer/gp/acquisition";
import { GpModel, gpLoss, matern52, matern52Deriv, pairDiffs, type GpInputs } from "../../../lib/optimizer/gp/gp";
import { logEI, logH, logHDeriv } from "../../../lib/optimizer/gp/logei";
import { minimizeBox } from "../../../lib/optimizer/math/lbfgsb";
import { normCdf } from "../../../lib/optimizer/math/normal";

const GP = (settings: Record<string, unknown> = {}) => parseSamplerConfig("gp", settings);

/** Matérn 5/2 written out from its definition in the distance r: (1 + sqrt5 r / l + 5 r^2 / (3 l^2)) exp(-sqrt5 r / l). */
function maternByHand(r: number, l: number): number {
  const a = (Math.sqrt(5) * r) / l;
  return (1 + a + (a * a) / 3) * Math.exp(-a);
}

describe("gp config", () => {
  it("fills in every default and parses to itself", () => {
    expect(GP()).toEqual({ name: "gp", nStartupTrials: 10, deterministicObjective: false, nCandidates: 256, nLocalSearch: 5, constantLiar: true });
    expect(GP({ nCandidates: 64 })).toEqual({ ...GP_DEFAULTS, nCandidates: 64 });
    expect(parseSamplerConfig("gp", GP())).toEqual(GP());
    expect(SAMPLER_DEFAULTS.gp).toEqual({ nStartupTrials: 10, deterministicObjective: false, nCandidates: 256, nLocalSearch: 5, constantLiar: true });
    expect(historyNeed(GP(), undefined)).toEqual({ kind: "bounded", ...GP_HISTORY });
  });

  it("refuses settings past their bounds, with every issue and its path", () => {
    let error: unknown;
    try {
      GP({ nStartupTrials: -1, nCandidates: MAX_GP_CANDIDATES + 1, nLocalSearch: 0, deterministicObjective: "yes", foo: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((i) => i.path).sort()).toEqual(["deterministicObjective", "foo", "nCandidates", "nLocalSearch", "nStartupTrials"]);
    // nCandidates x parameters is bounded for a space.
    const wide = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}`, { type: "uniform", low: 0, high: 1 }]));
    expect(samplerSpaceIssues(wide, GP({ nCandidates: 8192 })).map((i) => i.path)).toEqual(["nCandidates"]);
    expect(samplerSpaceIssues(wide, GP())).toEqual([]);
  });
});

describe("GP posterior", () => {
  it("matches a hand-computed two-point posterior (2 x 2 inverse written out)", () => {
    // 1-D, lengthscale 0.5 (theta = 4), scale 1.5, noise 0.01; observations y(0) = 1, y(0.5) = -0.5.
    const l = 0.5;
    const scale = 1.5;
    const noise = 0.01;
    const inputs: GpInputs = { X: Float64Array.from([0, 0.5]), n: 2, D: 1, isCat: new Uint8Array(1) };
    const y = Float64Array.from([1, -0.5]);
    const gp = new GpModel(inputs, y, { invSqLengthscales: Float64Array.from([1 / (l * l)]), scale, noise });
    const c11 = scale + noise;
    const c12 = scale * maternByHand(0.5, l);
    const det = c11 * c11 - c12 * c12;
    const inv = [
      [c11 / det, -c12 / det],
      [-c12 / det, c11 / det],
    ] as const;
    for (const x of [0, 0.1, 0.25, 0.4, 0.9]) {
      const k = [scale * maternByHand(Math.abs(x - 0), l), scale * maternByHand(Math.abs(x - 0.5), l)] as const;
      const a0 = inv[0][0] * y[0]! + inv[0][1] * y[1]!;
      const a1 = inv[1][0] * y[0]! + inv[1][1] * y[1]!;
      const mean = k[0] * a0 + k[1] * a1;
      const quad = k[0] * (inv[0][0] * k[0] + inv[0][1] * k[1]) + k[1] * (inv[1][0] * k[0] + inv[1][1] * k[1]);
      const p = gp.predict([x]);
      expect(p.mean).toBeCloseTo(mean, 12);
      expect(p.variance).toBeCloseTo(scale - quad, 12);
    }
    // Near an observation the mean approaches it and the variance shrinks towards the noise level.
    expect(gp.predict([0]).mean).toBeGreaterThan(0.9);
    expect(gp.predict([0]).variance).toBeLessThan(0.02);
    expect(gp.predict([5]).variance).toBeCloseTo(scale, 6);
  });

  it("compares categoricals as equal / different, and predictBatch agrees with predict", () => {
    // Dimension 0 numeric, 1 categorical: rows (0.2, cat 0), (0.2, cat 2), (0.7, cat 1).
    const inputs: GpInputs = { X: Float64Array.from([0.2, 0, 0.2, 2, 0.7, 1]), n: 3, D: 2, isCat: Uint8Array.from([0, 1]) };
    const theta = Float64Array.from([2, 0.5]);
    const gp = new GpModel(inputs, Float64Array.from([0.3, -1, 0.8]), { invSqLengthscales: theta, scale: 1, noise: 1e-4 });
    // k((0.2, 0), (0.2, 2)) uses d2 = theta_1 * 1, whatever the index gap.
    const kSame = gp.predict([0.2, 0]);
    const gp2 = new GpModel({ ...inputs, X: Float64Array.from([0.2, 0, 0.2, 1, 0.7, 2]) }, Float64Array.from([0.3, -1, 0.8]), { invSqLengthscales: theta, scale: 1, noise: 1e-4 });
    expect(gp2.predict([0.2, 0]).variance).toBeGreaterThan(0);
    expect(matern52(0.5)).toBeCloseTo(maternByHand(Math.sqrt(0.5), 1), 14);
    const xs = Float64Array.from([0.2, 0, 0.5, 1, 0.9, 2, 0.7, 1]);
    const mean = new Float64Array(4);
    const variance = new Float64Array(4);
    gp.predictBatch(xs, 4, mean, variance);
    for (let b = 0; b < 4; b++) {
      const p = gp.predict(xs.subarray(2 * b, 2 * b + 2));
      expect(mean[b]).toBeCloseTo(p.mean, 12);
      expect(variance[b]).toBeCloseTo(p.variance, 12);
    }
    expect(kSame.mean).toBeCloseTo(0.3, 2);
  });
});

describe("gradients", () => {
  it("the Matérn derivative wrt the squared distance matches finite differences", () => {
    for (const d2 of [1e-3, 0.05, 0.3, 1, 2.5, 8]) {
      const h = 1e-6 * Math.max(1, d2);
      expect(matern52Deriv(d2)).toBeCloseTo((matern52(d2 + h) - matern52(d2 - h)) / (2 * h), 7);
    }
    // At 0 the derivative is finite (-5/6) and the one-sided difference agrees.
    expect(matern52Deriv(0)).toBeCloseTo(-5 / 6, 12);
    expect((matern52(1e-9) - matern52(0)) / 1e-9).toBeCloseTo(-5 / 6, 4);
  });

  it("posterior mean/variance gradients wrt x match finite differences", () => {
    const r = createRng(3);
    const n = 12;
    const D = 3;
    const inputs: GpInputs = { X: Float64Array.from({ length: n * D }, (_, i) => (i % D === 2 ? Math.floor(r.next() * 3) : r.next())), n, D, isCat: Uint8Array.from([0, 0, 1]) };
    const y = Float64Array.from({ length: n }, () => r.next() * 2 - 1);
    const gp = new GpModel(inputs, y, { invSqLengthscales: Float64Array.from([3, 0.7, 1.2]), scale: 1.3, noise: 1e-3 });
    const dims = Int32Array.from([0, 1]);
    for (let t = 0; t < 5; t++) {
      const x = [r.next(), r.next(), 1];
      const dm = new Float64Array(2);
      const dv = new Float64Array(2);
      gp.predictGrad(x, dims, dm, dv);
      for (let a = 0; a < 2; a++) {
        const h = 1e-6;
        const up = [...x];
        const dn = [...x];
        up[a]! += h;
        dn[a]! -= h;
        expect(dm[a]).toBeCloseTo((gp.predict(up).mean - gp.predict(dn).mean) / (2 * h), 5);
        expect(dv[a]).toBeCloseTo((gp.predict(up).variance - gp.predict(dn).variance) / (2 * h), 5);
      }
      // And the acquisition's gradient (log EI + log P(feasible)) agrees with its value.
      const acq = new Acquisition(gp, 0.4, [{ model: gp, threshold: 0.1 }]);
      const g = new Float64Array(2);
      acq.valueGrad(x, dims, g);
      for (let a = 0; a < 2; a++) {
        const h = 1e-6;
        const up = [...x];
        const dn = [...x];
        up[a]! += h;
        dn[a]! -= h;
        expect(g[a]).toBeCloseTo((acq.value(up) - acq.value(dn)) / (2 * h), 4);
      }
    }
  });

  it("the marginal-likelihood loss gradient matches finite differences (noise fitted or fixed)", () => {
    const r = createRng(7);
    const n = 15;
    const D = 3;
    const inputs: GpInputs = { X: Float64Array.from({ length: n * D }, (_, i) => (i % D === 2 ? Math.floor(r.next() * 4) : r.next())), n, D, isCat: Uint8Array.from([0, 0, 1]) };
    const y = Float64Array.from({ length: n }, (_, j) => Math.sin(6 * inputs.X[j * D]!) + 0.1 * r.next());
    const diffs = pairDiffs(inputs);
    for (const deterministic of [false, true]) {
      const dims = deterministic ? D + 1 : D + 2;
      for (let t = 0; t < 3; t++) {
        const raw = Float64Array.from({ length: dims }, () => r.next() * 2 - 1);
        if (!deterministic) raw[D + 1] = -3 + r.next();
        const g = new Float64Array(dims);
        gpLoss(inputs, diffs, y, raw, deterministic, g);
        for (let i = 0; i < dims; i++) {
          const h = 1e-5;
          const up = Float64Array.from(raw);
          const dn = Float64Array.from(raw);
          up[i]! += h;
          dn[i]! -= h;
          const scratch = new Float64Array(dims);
          const fd = (gpLoss(inputs, diffs, y, up, deterministic, scratch) - gpLoss(inputs, diffs, y, dn, deterministic, scratch)) / (2 * h);
          expect(Math.abs(g[i]! - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
        }
      }
    }
  });
});

describe("log expected improvement", () => {
  /** Naive log(phi(z) + z Phi(z)): accurate where it does not cancel (z >= -5, EI >= 1e-7). */
  const naive = (z: number) => Math.log(Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) + z * normCdf(z));

  it("matches the naive formula where that is accurate", () => {
    for (let z = -5; z <= 6; z += 0.25) expect(logH(z)).toBeCloseTo(naive(z), 9);
    // log EI(mean, var, best) = log(sigma) + log h((mean - best) / sigma).
    const e = logEI(0.3, 0.25, 0.5);
    expect(e.value).toBeCloseTo(Math.log(0.5) + naive(-0.4), 10);
  });

  it("stays finite, smooth and monotone far in the tail, where the naive formula is -Infinity", () => {
    expect(naive(-40)).toBe(-Infinity);
    let prev = -Infinity;
    for (const z of [-1e8, -1e5, -1e3, -100, -40, -25, -10.0001, -10, -9.9999, -5, -1.0001, -1, -0.9999, 0, 3]) {
      const v = logH(z);
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(prev);
      prev = v;
    }
    // The tail is log phi(z) - 2 log|z| + log(1 - 3/z^2 + 15/z^4 - 105/z^6 + 945/z^8 - ...) (Mills ratio series).
    const tail = (z: number) => -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(-z) + Math.log1p(-3 / z ** 2 + 15 / z ** 4 - 105 / z ** 6 + 945 / z ** 8);
    for (const z of [-30, -300, -3e4]) expect(logH(z)).toBeCloseTo(tail(z), 8);
    // Continuous across the branch points, and the derivative matches finite differences on every branch.
    for (const z of [-10, -1]) expect(Math.abs(logH(z - 1e-9) - logH(z + 1e-9))).toBeLessThan(1e-6);
    for (const z of [-50, -12, -3, 0.5, 4]) expect(logHDeriv(z)).toBeCloseTo((logH(z + 1e-6) - logH(z - 1e-6)) / 2e-6, 4);
  });
});

describe("projected L-BFGS", () => {
  it("minimises a bounded Rosenbrock and stops on a bound when the optimum lies outside", () => {
    const rosen = (x: Float64Array, g: Float64Array) => {
      const a = 1 - x[0]!;
      const b = x[1]! - x[0]! * x[0]!;
      g[0] = -2 * a - 400 * x[0]! * b;
      g[1] = 200 * b;
      return a * a + 100 * b * b;
    };
    const free = minimizeBox(rosen, [-1.2, 1], { lower: [-2, -2], upper: [2, 2], maxIter: 500, pgtol: 1e-8 });
    expect(free.x[0]).toBeCloseTo(1, 4);
    expect(free.x[1]).toBeCloseTo(1, 4);
    const boxed = minimizeBox(rosen, [-1.2, 1], { lower: [-2, -2], upper: [0.5, 2], maxIter: 500, pgtol: 1e-8 });
    expect(boxed.x[0]).toBeCloseTo(0.5, 6);
    expect(boxed.x[1]).toBeCloseTo(0.25, 3);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Whole-sampler behaviour, driving suggest() as Study does.

interface Outcome {
  value?: number;
  constraints?: number[];
  fail?: boolean;
}

function run(spaceJson: unknown, config: SamplerConfig, n: number, evaluate: (p: Params) => Outcome, seed = 1): TrialRecord[] {
  const space = parseSpace(spaceJson);
  const sampler = createSampler(config, seed);
  const trials: TrialRecord[] = [];
  for (let i = 0; i < n; i++) {
    const s = suggest({ space, sampler, trials, objectives: [{ metric: "y", direction: "minimize" }], rng: createRng(seed), number: i, history: historyNeed(config, undefined) });
    const o = evaluate(s.params);
    trials.push({
      number: i,
      state: o.fail ? "failed" : "complete",
      failureKind: o.fail ? "program" : null,
      params: s.params,
      internal: s.internal,
      values: o.fail ? null : [o.value!],
      constraints: o.constraints ?? null,
      intermediate: [],
      systemAttrs: {},
    });
  }
  return trials;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const bestOf = (ts: TrialRecord[]) => Math.min(...ts.filter((t) => t.state === "complete").map((t) => t.values![0]!));

const BRANIN_SPACE = { x1: { type: "uniform", low: -5, high: 10 }, x2: { type: "uniform", low: 0, high: 15 } };
function branin(p: Params): Outcome {
  const x1 = Number(p.x1);
  const x2 = Number(p.x2);
  const v = (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 * x1 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
  return { value: v - 0.39788735772973816 };
}

describe("the gp sampler", () => {
  it("converges on Branin within 60 trials, far better than random", () => {
    const gp = [1, 2, 3].map((seed) => bestOf(run(BRANIN_SPACE, GP(), 60, branin, seed)));
    const random = [1, 2, 3].map((seed) => bestOf(run(BRANIN_SPACE, { name: "random" }, 60, branin, seed)));
    expect(median(gp)).toBeLessThan(0.05);
    expect(median(gp)).toBeLessThan(median(random) / 5);
  });

  it("is deterministic for a seed (with running trials and failures) and differs across seeds", () => {
    const space = { a: { type: "uniform", low: 0, high: 1 }, b: { type: "int", low: 1, high: 20 }, c: { type: "categorical", values: ["x", "y", "z"] } };
    const f = (p: Params): Outcome => (Number(p.a) > 0.8 ? { fail: true } : { value: (Number(p.a) - 0.3) ** 2 + Math.abs(Number(p.b) - 7) / 10 + (p.c === "y" ? 0 : 0.5) });
    const a = run(space, GP({ nStartupTrials: 4 }), 14, f, 5);
    const b = run(space, GP({ nStartupTrials: 4 }), 14, f, 5);
    const c = run(space, GP({ nStartupTrials: 4 }), 14, f, 6);
    expect(a.map((t) => t.params)).toEqual(b.map((t) => t.params));
    expect(a.map((t) => t.params)).not.toEqual(c.map((t) => t.params));
  });

  it("suggests valid integers, steps, log values and categories, and finds a mixed optimum", () => {
    const space = {
      i: { type: "int", low: -4, high: 40, step: 2 },
      lg: { type: "int", low: 1, high: 1000, log: true },
      q: { type: "quniform", low: 0, high: 1, q: 0.05 },
      c: { type: "categorical", values: ["a", "b", "c", "d"] },
    };
    const f = (p: Params): Outcome => ({ value: Math.abs(Number(p.i) - 12) / 10 + Math.abs(Math.log10(Number(p.lg)) - 1) + Math.abs(Number(p.q) - 0.35) + (p.c === "c" ? 0 : 1) });
    const trials = run(space, GP(), 40, f, 3);
    for (const t of trials) {
      const v = validateParams(parseSpace(space), t.params);
      expect(v.params).toEqual(t.params);
      expect(Number.isInteger(t.params.i) && Number(t.params.i) % 2 === 0).toBe(true);
      expect(Number.isInteger(t.params.lg)).toBe(true);
    }
    const best = trials.filter((t) => t.values![0] === bestOf(trials))[0]!;
    expect(best.params.c).toBe("c");
    expect(bestOf(trials)).toBeLessThan(0.5);
  });

  it("steers to the feasible region with constraints, and reports the best feasible value", () => {
    // minimise x^2 + y^2 subject to 1 - x - y <= 0: the optimum is (0.5, 0.5) with value 0.5.
    const space = { x: { type: "uniform", low: -2, high: 2 }, y: { type: "uniform", low: -2, high: 2 } };
    const f = (p: Params): Outcome => ({ value: Number(p.x) ** 2 + Number(p.y) ** 2, constraints: [1 - Number(p.x) - Number(p.y)] });
    const trials = run(space, GP(), 40, f, 2);
    const after = trials.slice(10);
    const feasible = after.filter((t) => t.constraints![0]! <= 0);
    expect(feasible.length / after.length).toBeGreaterThan(0.6);
    const bestFeasible = Math.min(...feasible.map((t) => t.values![0]!));
    expect(bestFeasible).toBeLessThan(0.6);
    // Unconstrained, the sampler would go to (0, 0), which is infeasible.
    const free = run(space, GP(), 30, (p) => ({ value: f(p).value }), 2);
    expect(bestOf(free)).toBeLessThan(0.1);
  });

  it("learns a failing region next to the optimum: at most 15% failures after the start-up", () => {
    // The optimum (0.3, 0.5) lies 0.05 from a slab 0.35 < x < 0.65 where every trial fails.
    const space = { x: { type: "uniform", low: 0, high: 1 }, y: { type: "uniform", low: 0, high: 1 } };
    const f = (p: Params): Outcome => (Number(p.x) > 0.35 && Number(p.x) < 0.65 ? { fail: true } : { value: (Number(p.x) - 0.3) ** 2 + (Number(p.y) - 0.5) ** 2 });
    let failed = 0;
    let total = 0;
    const bests: number[] = [];
    for (const seed of [1, 2, 3]) {
      const trials = run(space, GP(), 50, f, seed);
      const after = trials.slice(10);
      failed += after.filter((t) => t.state === "failed").length;
      total += after.length;
      bests.push(bestOf(trials));
    }
    expect(failed / total).toBeLessThanOrEqual(0.15);
    expect(median(bests)).toBeLessThan(0.01);
  });

  it("spreads parallel workers with the constant liar", () => {
    const space = { x: { type: "uniform", low: 0, high: 1 }, y: { type: "uniform", low: 0, high: 1 } };
    const spread = (constantLiar: boolean) => {
      const sp = parseSpace(space);
      const config = GP({ constantLiar });
      const sampler = createSampler(config, 1);
      // 12 finished trials, then 4 suggestions while the earlier ones are still running.
      const trials = run(space, GP(), 12, (p) => ({ value: (Number(p.x) - 0.7) ** 2 + (Number(p.y) - 0.2) ** 2 }), 4);
      const points: Array<[number, number]> = [];
      for (let i = 0; i < 4; i++) {
        const number = trials.length;
        const s = suggest({ space: sp, sampler, trials, objectives: [{ metric: "y", direction: "minimize" }], rng: createRng(4), number, history: historyNeed(config, undefined) });
        points.push([Number(s.params.x), Number(s.params.y)]);
        trials.push({ number, state: "running", params: s.params, internal: s.internal, values: null, intermediate: [], systemAttrs: {} });
      }
      let closest = Infinity;
      for (let a = 0; a < points.length; a++) for (let b = 0; b < a; b++) closest = Math.min(closest, Math.hypot(points[a]![0] - points[b]![0], points[a]![1] - points[b]![1]));
      return closest;
    };
    const withLiar = spread(true);
    const without = spread(false);
    expect(withLiar).toBeGreaterThan(0.02);
    expect(withLiar).toBeGreaterThan(5 * without);
  });

  it("with several objectives optimises the first (maximize flipped like minimize)", () => {
    const space = parseSpace({ x: { type: "uniform", low: 0, high: 1 } });
    const config = GP({ nStartupTrials: 5 });
    const sampler = createSampler(config, 1);
    const trials: TrialRecord[] = [];
    for (let i = 0; i < 20; i++) {
      const s = suggest({ space, sampler, trials, objectives: [{ metric: "a", direction: "maximize" }, { metric: "b", direction: "minimize" }], rng: createRng(3), number: i, history: historyNeed(config, undefined) });
      const x = Number(s.params.x);
      // The first objective peaks at 0.8; the second would pull towards 0.
      trials.push({ number: i, state: "complete", params: s.params, internal: s.internal, values: [-((x - 0.8) ** 2), x], intermediate: [], systemAttrs: {} });
    }
    const best = Math.max(...trials.map((t) => t.values![0]!));
    expect(best).toBeGreaterThan(-1e-3);
  });

  it("models the parameters every observed trial has and samples conditional ones independently", () => {
    const space = {
      x: { type: "uniform", low: 0, high: 1 },
      m: { type: "choice", options: [{ value: "a", params: { u: { type: "uniform", low: 0, high: 1 } } }, "b"] },
    };
    const sampler = createSampler(GP({ nStartupTrials: 3 }));
    const trials = run(space, GP({ nStartupTrials: 3 }), 8, (p) => ({ value: Number(p.x) + (p.m === "a" ? Number(p["m.a.u"]) : 0.5) }), 9);
    const ctx = { space: compileSpace(space), trials, direction: "minimize" as const, directions: ["minimize" as const], rng: createRng(1), number: 8 };
    const rel = sampler.inferRelativeSearchSpace(ctx).map((s) => s.path);
    expect(rel).toContain("x");
    expect(rel).toContain("m");
    expect(rel.includes("m.a.u")).toBe(trials.every((t) => t.params.m === "a"));
  });
});
