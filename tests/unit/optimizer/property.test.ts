// Property tests: random valid spaces (seeded), every sampler, 50 configurations each, validated by round-trip.
import { describe, it, expect } from "vitest";
import { ConfigError, gridSize, parseSamplerConfig, parseSpace, validateParams, type SamplerConfig } from "../../../lib/optimizer";
import { fixtureRng, runStudy } from "./helpers";

type R = () => number;
const pick = <T,>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const round = (x: number, d = 4) => Number(x.toFixed(d));

function randomLiteral(r: R, i: number): unknown {
  return pick(r, [() => `v${i}`, () => i * 1.5, () => (i === 1 ? true : i === 2 ? false : `b${i}`), () => (i === 0 ? null : `n${i}`)])();
}

function randomNode(r: R, depth: number): unknown {
  const types = ["uniform", "loguniform", "quniform", "qloguniform", "normal", "lognormal", "qnormal", "qlognormal", "int", "intlog", "categorical", "pchoice", "const", "literal", ...(depth < 2 ? ["choice", "choice", "choice"] : [])];
  const t = pick(r, types);
  const low = round((r() - 0.5) * 100);
  switch (t) {
    case "uniform":
      return { type: t, low, high: round(low + 0.01 + r() * 50) };
    case "loguniform": {
      const lo = round(10 ** (r() * 6 - 4), 8);
      return { type: t, low: lo, high: round(lo * (1.5 + r() * 1000), 8) };
    }
    case "quniform": {
      const q = round(0.01 + r());
      return { type: t, low, high: round(low + q * (1 + Math.floor(r() * 20)) + r() * q), q };
    }
    case "qloguniform": {
      const q = round(0.05 + r());
      const lo = round(0.1 + r() * 10);
      return { type: t, low: lo, high: round(lo + q * (1 + Math.floor(r() * 30))), q };
    }
    case "normal":
    case "lognormal":
      return { type: t, mu: round((r() - 0.5) * 4), sigma: round(0.1 + r() * 2) };
    case "qnormal":
    case "qlognormal":
      return { type: t, mu: round((r() - 0.5) * 4), sigma: round(0.1 + r() * 2), q: round(0.1 + r()) };
    case "int": {
      const lo = Math.floor((r() - 0.5) * 20);
      const step = 1 + Math.floor(r() * 3);
      return { type: "int", low: lo, high: lo + step * (1 + Math.floor(r() * 10)) + Math.floor(r() * step), step };
    }
    case "intlog": {
      const lo = 1 + Math.floor(r() * 5);
      return { type: "int", low: lo, high: lo + 1 + Math.floor(r() * 500), log: true };
    }
    case "categorical":
    case "pchoice": {
      const n = 1 + Math.floor(r() * 5);
      const values = Array.from({ length: n }, (_, i) => randomLiteral(r, i));
      return t === "pchoice" ? { type: t, values, weights: values.map(() => round(0.1 + r())) } : { type: t, values };
    }
    case "const":
      return { type: "const", value: randomLiteral(r, 3) };
    case "literal":
      return randomLiteral(r, 7);
    default: {
      const n = 1 + Math.floor(r() * 3);
      return { type: "choice", options: Array.from({ length: n }, (_, i) => (r() < 0.3 ? `opt${i}` : { value: `opt${i}`, params: randomSpace(r, depth + 1) })) };
    }
  }
}

function randomSpace(r: R, depth = 0): Record<string, unknown> {
  const n = 1 + Math.floor(r() * (depth === 0 ? 5 : 3));
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, randomNode(r, depth)]));
}

const SAMPLERS: Array<[string, SamplerConfig]> = [
  ["random", { name: "random" }],
  ["qmc", parseSamplerConfig("qmc", { seed: 1 })],
  ["tpe univariate", parseSamplerConfig("tpe", { nStartupTrials: 5, multivariate: false })],
  ["tpe multivariate", parseSamplerConfig("tpe", { nStartupTrials: 5, group: false, univariateEvery: 0 })],
  ["tpe grouped (the default)", parseSamplerConfig("tpe", { nStartupTrials: 5 })],
];

const r = fixtureRng(2024);
const SPACES = Array.from({ length: 20 }, () => randomSpace(r));

describe("random spaces", () => {
  it("parse, and parse to themselves", () => {
    for (const raw of SPACES) {
      const s = parseSpace(raw);
      expect(parseSpace(s)).toEqual(s);
      expect(parseSpace(JSON.parse(JSON.stringify(s)))).toEqual(s);
    }
  });

  it("report a broken field at its path", () => {
    for (const raw of SPACES) {
      const broken = { ...raw, zz: { type: "uniform", low: "a", high: 1 } };
      try {
        parseSpace(broken);
        throw new Error("expected ConfigError");
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).issues).toEqual([{ path: "zz.low", message: 'must be a finite number, got "a"' }]);
      }
    }
  });

  SPACES.forEach((raw, si) => {
    it(`space ${si}: 50 configs per sampler survive validateParams round-trips`, async () => {
      const space = parseSpace(raw);
      const objective = (p: Record<string, unknown>) => Object.values(p).reduce<number>((acc, v, i) => acc + Math.sin((typeof v === "number" ? v : String(v).length) * 1.7 + i), 0);
      const configs: Array<[string, SamplerConfig]> = [...SAMPLERS, ["grid", parseSamplerConfig("grid", { resolution: 2 })]];
      for (const [, cfg] of configs) {
        const n = cfg.name === "grid" ? Math.min(50, gridSize(space, { values: {}, resolution: 2 })) : 50;
        const trials = await runStudy({ space, sampler: cfg, n, objective, seed: si });
        for (const t of trials) {
          const v = validateParams(space, t.params);
          expect(v.params).toEqual(t.params);
          expect(Object.keys(v.internal).sort()).toEqual(Object.keys(t.internal).sort());
          for (const [path, x] of Object.entries(v.internal)) expect(Math.abs(t.internal[path]! - x)).toBeLessThan(1e-9 * Math.max(1, Math.abs(x)));
        }
      }
    });
  });
});
