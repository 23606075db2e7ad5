import { describe, expect, it } from "vitest";
import {
  MAX_GRID_AXIS,
  MAX_GRID_SIZE,
  MAX_TPE_CANDIDATE_PARAMS,
  assertSamplerFitsSpace,
  compileSpace,
  createRng,
  parseSamplerConfig,
  parseSpace,
  samplerSpaceIssues,
  type SamplerConfig,
} from "../../../lib/optimizer";
import { buildGrid } from "../../../lib/optimizer/samplers/grid-values";
import { decode } from "../../../lib/optimizer/samplers/grid";
import { buildMixture } from "../../../lib/optimizer/tpe/parzen";
import { catLogP, drawCat, type CatDim } from "../../../lib/optimizer/tpe/categorical";
import { TPE_DEFAULTS } from "../../../lib/optimizer/tpe/config";
import { expectAccepted, expectRefused } from "./limit-helpers";

const fits = (space: unknown, sampler: SamplerConfig) => () => assertSamplerFitsSpace(parseSpace(space), sampler);
const grid = (cfg: object = {}) => parseSamplerConfig("grid", cfg);
const int = (high: number) => ({ type: "int", low: 1, high });

describe("a sampler config checked against its space", () => {
  it("a grid over a continuous parameter needs values or a resolution", () => {
    expectRefused(fits({ x: { type: "uniform", low: 0, high: 1 } }, grid()), "values.x", /a continuous parameter needs grid values or a resolution/);
    expectAccepted(fits({ x: { type: "uniform", low: 0, high: 1 } }, grid({ resolution: 5 })));
    expectAccepted(fits({ x: { type: "uniform", low: 0, high: 1 } }, grid({ values: { x: [0, 0.5] } })));
  });

  it("a grid enumerates at most MAX_GRID_AXIS values of one discrete parameter", () => {
    expectAccepted(fits({ x: int(MAX_GRID_AXIS) }, grid()));
    expectRefused(fits({ x: int(MAX_GRID_AXIS + 1) }, grid()), "values.x", /has 10001 values; at most 10000 are enumerated/);
    expectRefused(fits({ x: { type: "int", low: -1e15, high: 1e15 } }, grid()), "values.x", /has 2000000000000001 values/);
    expectRefused(fits({ x: { type: "quniform", low: 0, high: 1, q: 1e-12 } }, grid()), "values.x", /has 1000000000001 values/);
    expectAccepted(fits({ x: { type: "int", low: -1e15, high: 1e15 } }, grid({ resolution: 100 })));
  });

  it("a grid has at most MAX_GRID_SIZE configurations, choices summing their options", () => {
    const full = { a: int(10_000), b: int(1_000) };
    expect(buildGrid(parseSpace(full), {}).size).toBe(MAX_GRID_SIZE);
    expectAccepted(fits(full, grid()));
    expectAccepted(fits({ a: int(10_000), b: int(999) }, grid()));
    const oneMore = { c: { type: "choice", options: [{ value: "big", params: full }, "small"] } };
    expectRefused(fits(oneMore, grid()), "", /the grid has 10000001 configurations; at most 10000000 are allowed/);
    const huge = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, int(1_000)]));
    expectRefused(fits(huge, grid()), "", /the grid has 1.00e\+120 configurations/);
  });

  it("grid values must name parameters of the space and fit them", () => {
    expect(samplerSpaceIssues(parseSpace({ x: int(3) }), grid({ values: { y: [1], x: [9] } }))).toEqual([
      { path: "values.y", message: "unknown parameter" },
      { path: "values.x[0]", message: "must be <= 3 (the last value on the step grid), got 9" },
    ]);
  });

  it("the largest grid is decoded from its index, never materialised", () => {
    const g = buildGrid(parseSpace({ a: int(10_000), b: int(1_000) }), {});
    expect(decode(g, 0)).toEqual({ a: 1, b: 1 });
    expect(decode(g, MAX_GRID_SIZE - 1)).toEqual({ a: 10_000, b: 1_000 });
    expect(decode(g, 12_345)).toEqual({ a: 2_346, b: 2 });
    // Ten million configurations written out would be hundreds of megabytes: the grid is its axes only.
    expect(JSON.stringify(g).length).toBeLessThan(1_000_000);
  });

  it("TPE: nEiCandidates x parameters <= MAX_TPE_CANDIDATE_PARAMS", () => {
    const space = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { type: "uniform", low: 0, high: 1 }]));
    const tpe = (nEiCandidates: number) => parseSamplerConfig("tpe", { nEiCandidates });
    expectAccepted(fits(space(4), tpe(512)));
    expectAccepted(fits(space(85), tpe(24)));
    expect(512 * 4).toBe(MAX_TPE_CANDIDATE_PARAMS);
    expectRefused(fits(space(86), tpe(24)), "nEiCandidates", /must be <= 23 for this space: nEiCandidates x parameters \(24 x 86\) may be at most 2048/);
    expectRefused(fits(space(256), tpe(24)), "nEiCandidates", /must be <= 8 for this space/);
    expectRefused(fits(space(5), tpe(512)), "nEiCandidates", /must be <= 409 for this space/);
    // Constants cost nothing and do not count.
    expectAccepted(fits({ ...space(4), a: 1, b: "x" }, tpe(512)));
  });
});

describe("TPE's categorical kernels", () => {
  it("draw each kernel's categories with the probabilities they score, in O(categories) memory", () => {
    const spec = compileSpace({ c: { type: "pchoice", values: ["a", "b", "c", "d"], weights: [4, 3, 2, 1] } }).specs[0]!;
    const m = buildMixture([spec], [Float64Array.of(2, 0, 9)], 3, TPE_DEFAULTS);
    const dim = m.dims[0] as CatDim;
    expect(dim.lpOther).toHaveLength(4);
    const rng = createRng(11);
    for (const k of [0, 1, 2, 3]) {
      const counts = [0, 0, 0, 0];
      for (let i = 0; i < 40_000; i++) counts[drawCat(dim, k, rng)]! += 1;
      const probs = [0, 1, 2, 3].map((j) => Math.exp(catLogP(dim, k, j)));
      expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      counts.forEach((c, j) => expect(c / 40_000).toBeCloseTo(probs[j]!, 2));
    }
    // Kernel 2 observed 9, outside the categories: it is the smoothed prior alone.
    expect(catLogP(dim, 2, 0)).toBeCloseTo(Math.log(0.4), 12);
  });

  it("a large categorical over a long history stays small", () => {
    const values = Array.from({ length: 2_000 }, (_, i) => i);
    const spec = compileSpace({ c: { type: "categorical", values } }).specs[0]!;
    const n = 100_000;
    const col = Float64Array.from({ length: n }, (_, i) => i % 2_000);
    const dim = buildMixture([spec], [col], n, TPE_DEFAULTS).dims[0] as CatDim;
    // A kernels x categories table would be 200,000,000 numbers.
    expect(dim.obs.length + dim.lpOther.length * 7).toBeLessThan(200_000);
  });
});

describe("spaces at the limits sample finite, in-range values with every sampler", () => {
  const extreme = {
    u: { type: "uniform", low: -1e300, high: 1e300 },
    lu: { type: "loguniform", low: 5e-324, high: 1e300 },
    n: { type: "normal", mu: 1e300, sigma: 1e300 },
    ln: { type: "lognormal", mu: 0, sigma: 70 },
    qn: { type: "qnormal", mu: 0, sigma: 1, q: 1e-11 },
    qln: { type: "qlognormal", mu: -600, sigma: 10, q: Math.exp(-500) / 1e12 },
    i: { type: "int", low: -(2 ** 50), high: 2 ** 50 },
    q: { type: "quniform", low: 0, high: 1, q: 1e-12 },
  };
  const samplers: SamplerConfig[] = [
    parseSamplerConfig("random", {}),
    parseSamplerConfig("qmc", {}),
    parseSamplerConfig("tpe", { nStartupTrials: 3 }),
    parseSamplerConfig("tpe", { nStartupTrials: 3, multivariate: false }),
    parseSamplerConfig("grid", { resolution: 3 }),
    parseSamplerConfig("gp", { nStartupTrials: 3 }),
  ];
  for (const sampler of samplers) {
    it(`${sampler.name} ${JSON.stringify(sampler).slice(0, 60)}`, async () => {
      const { runStudy } = await import("./helpers");
      const trials = await runStudy({ space: extreme, sampler, n: 12, objective: (p) => Math.abs(Number(p.q) - 0.3) + (Number(p.i) % 7) });
      expect(trials.length).toBeGreaterThan(0);
      for (const t of trials) {
        for (const [name, v] of Object.entries(t.params)) expect(Number.isFinite(v), `${name}=${String(v)}`).toBe(true);
        for (const [name, v] of Object.entries(t.internal)) expect(Number.isFinite(v), `internal ${name}=${v}`).toBe(true);
        expect(Number(t.params.lu)).toBeGreaterThan(0);
        expect(Number(t.params.ln)).toBeGreaterThan(0);
        expect(Number(t.params.qln)).toBeGreaterThan(0);
        expect(Number.isInteger(t.params.i)).toBe(true);
      }
    });
  }
});

describe("a Study checks its sampler against its space when it is made", () => {
  it("not on its first ask", async () => {
    const { Study, InMemoryStorage, ConfigError } = await import("../../../lib/optimizer");
    const make = (sampler: SamplerConfig) => new Study({ storage: new InMemoryStorage(), space: { x: { type: "uniform", low: 0, high: 1 } }, sampler, objectives: [{ metric: "y", direction: "minimize" }], seed: 1 });
    expect(() => make(grid())).toThrow(ConfigError);
    expect(() => make(grid())).toThrow(/values\.x: a continuous parameter needs grid values or a resolution/);
    expect((await make(grid({ resolution: 2 })).ask()).params.x).toBe(0);
  });
});
