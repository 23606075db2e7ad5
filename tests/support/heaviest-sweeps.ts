// The heaviest sweeps lib/optimizer/limits.ts allows, each with the finished history it is measured over: one
// definition for tests/integration/ask-bound.test.ts (they are accepted and ask) and bench/server/ask-bound.ts
// (how long one of their asks keeps the server from answering others).

import { MAX_CATEGORIES, MAX_EI_CANDIDATES, MAX_TPE_CANDIDATE_PARAMS } from "../../lib/optimizer";

/** Finished trials each sweep is seeded with before it asks. */
export const HEAVIEST_HISTORY = 300;

/** The values of the largest categorical the limits allow. */
export const LARGEST_CATEGORICAL = Array.from({ length: MAX_CATEGORIES }, (_, i) => `c${i}`);

export interface HeaviestSweep {
  key: "tpe-wide" | "tpe-deep" | "grid" | "hyperband";
  label: string;
  /** Space, sampler and pruner, as POST /experiments takes them. */
  sweep: { space: Record<string, unknown>; sampler: Record<string, unknown>; pruner?: Record<string, unknown> };
  /** The space's parameter names. */
  params: string[];
  /** TPE's candidates per suggestion (the sampler's nEiCandidates), for the TPE sweeps. */
  candidates?: number;
  /** A fresh, deterministic source of the history's parameters: the same sequence on every run. */
  history: () => () => Record<string, unknown>;
  /** Steps each history trial reports (a pruner's rungs), before it is told its value. */
  steps?: number[];
}

/** A deterministic stream of uniform numbers, so the seeded history is the same on every run. */
export function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const NUMERIC: Record<string, object> = {
  u: { type: "uniform", low: -5, high: 5 },
  n: { type: "int", low: 0, high: 1_000 },
  lg: { type: "loguniform", low: 1e-6, high: 1 },
  q: { type: "quniform", low: 0, high: 10, q: 0.5 },
  z: { type: "normal", mu: 0, sigma: 2 },
};

function draw(r: () => number): Record<string, unknown> {
  return {
    cat: LARGEST_CATEGORICAL[Math.floor(r() * LARGEST_CATEGORICAL.length)],
    u: -5 + 10 * r(),
    n: Math.floor(r() * 1_001),
    lg: 10 ** (-6 * r()),
    q: Math.floor(r() * 21) * 0.5,
    z: -4 + 8 * r(),
  };
}

const pick = (o: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

/** TPE's work per ask is candidates x parameters x history: both shapes at the bound on their product. */
function tpeSweep(key: "tpe-wide" | "tpe-deep", candidates: number, names: readonly string[]): HeaviestSweep {
  const params = ["cat", ...names];
  return {
    key,
    label: `tpe ${candidates} candidates x ${params.length} params (a ${MAX_CATEGORIES}-value categorical)`,
    sweep: { space: pick({ cat: { type: "categorical", values: LARGEST_CATEGORICAL }, ...NUMERIC }, params), sampler: { type: "tpe", nEiCandidates: candidates } },
    params,
    candidates,
    history: () => {
      const r = stream(candidates);
      return () => pick(draw(r), params);
    },
  };
}

export const HEAVIEST_SWEEPS: readonly HeaviestSweep[] = [
  tpeSweep("tpe-wide", MAX_EI_CANDIDATES, ["u", "n", "lg"]),
  tpeSweep("tpe-deep", Math.floor(MAX_TPE_CANDIDATE_PARAMS / 6), ["u", "n", "lg", "q", "z"]),
  {
    key: "grid",
    label: "grid of 10,000,000, shuffled",
    sweep: { space: { a: { type: "int", low: 1, high: 10_000 }, b: { type: "int", low: 1, high: 1_000 } }, sampler: { type: "grid", shuffle: true, seed: 3 } },
    params: ["a", "b"],
    history: () => {
      const r = stream(2);
      return () => ({ a: 1 + Math.floor(r() * 10_000), b: 1 + Math.floor(r() * 1_000) });
    },
  },
  {
    key: "hyperband",
    label: `hyperband at its most brackets over tpe ${MAX_EI_CANDIDATES} candidates`,
    sweep: {
      space: { x: { type: "uniform", low: 0, high: 1 }, y: { type: "loguniform", low: 1e-4, high: 1 }, k: { type: "int", low: 1, high: 64 }, w: { type: "int", low: 0, high: 1_000 } },
      sampler: { type: "tpe", nEiCandidates: MAX_EI_CANDIDATES },
      pruner: { type: "hyperband", minResource: 1, maxResource: 3 ** 20 - 1, reductionFactor: 3 },
    },
    params: ["x", "y", "k", "w"],
    history: () => {
      const r = stream(3);
      return () => ({ x: r(), y: 10 ** (-4 * r()), k: 1 + Math.floor(r() * 64), w: Math.floor(r() * 1_001) });
    },
    steps: [1, 3, 9, 27, 81],
  },
];

/** What history trial `i` of `n` reports before it completes (its steps' points, if any) and the value it is told. */
export function historyReport(s: HeaviestSweep, i: number, n: number): { points: Array<{ name: string; step: number; value: number }>; value: number } {
  return { points: (s.steps ?? []).map((step) => ({ name: "loss", step, value: 1 / (step + 1) + i / n })), value: Math.sin(i) };
}

export function heaviestSweep(key: HeaviestSweep["key"]): HeaviestSweep {
  const found = HEAVIEST_SWEEPS.find((s) => s.key === key);
  if (!found) throw new Error(`no heaviest sweep ${key}`);
  return found;
}
