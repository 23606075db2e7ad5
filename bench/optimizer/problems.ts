// The optimizer benchmark suite of /work/shared/bench/SUITE.md, in TypeScript.
// bench/optimizer/optuna_harness.py implements the very same problems in Python; check-parity.ts
// verifies that both agree (spaces exactly, objectives to 1e-9) on fixed points.
//
// Each problem is described by a small parameter spec (ParamSpec) from which we derive
//  - the Sweepboard space JSON (what parseSpace accepts; conditional problems use a `choice`
//    whose options carry their own params, so nested params have flat paths such as `model.svm.C`),
//  - uniform sampling in the space's natural measure (used for the clips and parity points).
// Objectives take the flat Params of the CONTRACT (path -> value) and are minimised.

import clipsJson from "./clips.json";
import { BenchRng } from "./rng";

export type Value = number | string | boolean | null;
export type FlatParams = Record<string, Value>;

export type ParamSpec =
  | { type: "float"; low: number; high: number; log?: boolean; step?: number }
  | { type: "int"; low: number; high: number; log?: boolean }
  | { type: "cat"; values: Array<string | number> }
  | { type: "choice"; options: Array<{ value: string; params: Record<string, ParamSpec> }> };

export type SpaceSpec = Record<string, ParamSpec>;

export interface Problem {
  id: string;
  kind: "continuous" | "mixed" | "conditional";
  spec: SpaceSpec;
  /** Sweepboard space JSON (input of parseSpace). */
  space: Record<string, unknown>;
  objective: (p: FlatParams) => number;
  fStar: number;
  /** Median of f over 100,000 uniform points (clips.json, written by compute-clips.ts); NaN if not computed yet. */
  clip: number;
  /** Number of (active) parameters, for display. */
  dim: number;
}

// ---------------------------------------------------------------------------------------------
// Space JSON and uniform sampling derived from the spec

function paramToSpaceJson(s: ParamSpec): unknown {
  switch (s.type) {
    case "float":
      if (s.step !== undefined) {
        if (s.log) throw new Error("log+step floats are not used in the suite");
        return { type: "quniform", low: s.low, high: s.high, q: s.step };
      }
      return s.log ? { type: "loguniform", low: s.low, high: s.high } : { type: "uniform", low: s.low, high: s.high };
    case "int":
      return { type: "int", low: s.low, high: s.high, step: 1, log: Boolean(s.log) };
    case "cat":
      return { type: "categorical", values: s.values };
    case "choice":
      return {
        type: "choice",
        options: s.options.map((o) => ({ value: o.value, params: specToSpaceJson(o.params) })),
      };
  }
}

export function specToSpaceJson(spec: SpaceSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(spec)) out[name] = paramToSpaceJson(s);
  return out;
}

/**
 * One point drawn uniformly in the space's natural measure:
 *  - float: uniform on [low, high]; log floats log-uniform (uniform in ln x);
 *  - stepped float: uniform over the grid low + k*step, k = 0..round((high-low)/step);
 *  - int: uniform over the integers low..high; log ints: floor(exp(U(ln low, ln(high+1)))), i.e. integer k
 *    has probability proportional to ln((k+1)/k) (the discrete analogue of log-uniform);
 *  - categorical and choice: each value/option equally likely, then the chosen branch's params.
 */
export function sampleUniform(spec: SpaceSpec, rng: { next(): number }, prefix = "", out: FlatParams = {}): FlatParams {
  for (const [name, s] of Object.entries(spec)) {
    const path = prefix + name;
    switch (s.type) {
      case "float": {
        const u = rng.next();
        if (s.log) out[path] = Math.exp(Math.log(s.low) + u * (Math.log(s.high) - Math.log(s.low)));
        else if (s.step !== undefined) {
          const n = Math.round((s.high - s.low) / s.step) + 1;
          out[path] = s.low + Math.min(n - 1, Math.floor(u * n)) * s.step;
        } else out[path] = s.low + u * (s.high - s.low);
        break;
      }
      case "int": {
        const u = rng.next();
        if (s.log) {
          const v = Math.floor(Math.exp(Math.log(s.low) + u * (Math.log(s.high + 1) - Math.log(s.low))));
          out[path] = Math.min(s.high, Math.max(s.low, v));
        } else out[path] = s.low + Math.min(s.high - s.low, Math.floor(u * (s.high - s.low + 1)));
        break;
      }
      case "cat":
        out[path] = s.values[Math.min(s.values.length - 1, Math.floor(rng.next() * s.values.length))]!;
        break;
      case "choice": {
        const o = s.options[Math.min(s.options.length - 1, Math.floor(rng.next() * s.options.length))]!;
        out[path] = o.value;
        sampleUniform(o.params, rng, `${path}.${o.value}.`, out);
        break;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Test functions (vector form)

const PI = Math.PI;
export const BRANIN_MIN = 0.39788735772973816;
export const HARTMANN3_MIN = -3.862779787332663;

export function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * PI * PI);
  const c = 5 / PI;
  const t = 1 / (8 * PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

export function camel6(x1: number, x2: number): number {
  return (4 - 2.1 * x1 * x1 + x1 ** 4 / 3) * x1 * x1 + x1 * x2 + (-4 + 4 * x2 * x2) * x2 * x2;
}

const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H3_A = [
  [3, 10, 30],
  [0.1, 10, 35],
  [3, 10, 30],
  [0.1, 10, 35],
];
const H3_P = [
  [3689, 1170, 2673],
  [4699, 4387, 7470],
  [1091, 8732, 5547],
  [381, 5743, 8828],
].map((r) => r.map((v) => 1e-4 * v));
const H6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((r) => r.map((v) => 1e-4 * v));

function hartmann(x: number[], A: number[][], P: number[][]): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < x.length; j++) inner += A[i]![j]! * (x[j]! - P[i]![j]!) ** 2;
    s += H_ALPHA[i]! * Math.exp(-inner);
  }
  return -s;
}
export const hartmann3 = (x: number[]) => hartmann(x, H3_A, H3_P);
export const hartmann6 = (x: number[]) => hartmann(x, H6_A, H6_P);

export function rosenbrock(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
  return s;
}

export function ackley(x: number[]): number {
  const d = x.length;
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    s1 += v * v;
    s2 += Math.cos(2 * PI * v);
  }
  return -20 * Math.exp(-0.2 * Math.sqrt(s1 / d)) - Math.exp(s2 / d) + 20 + Math.E;
}

export function levy(x: number[]): number {
  const d = x.length;
  const w = x.map((v) => 1 + (v - 1) / 4);
  let s = Math.sin(PI * w[0]!) ** 2;
  for (let i = 0; i < d - 1; i++) s += (w[i]! - 1) ** 2 * (1 + 10 * Math.sin(PI * w[i]! + 1) ** 2);
  const wd = w[d - 1]!;
  s += (wd - 1) ** 2 * (1 + Math.sin(2 * PI * wd) ** 2);
  return s;
}

export function rastrigin(x: number[]): number {
  let s = 10 * x.length;
  for (const v of x) s += v * v - 10 * Math.cos(2 * PI * v);
  return s;
}

export function griewank(x: number[]): number {
  let s = 0;
  let p = 1;
  for (let i = 0; i < x.length; i++) {
    s += x[i]! ** 2 / 4000;
    p *= Math.cos(x[i]! / Math.sqrt(i + 1));
  }
  return s - p + 1;
}

export function styblinski(x: number[]): number {
  let s = 0;
  for (const v of x) s += v ** 4 - 16 * v ** 2 + 5 * v;
  return s / 2;
}

export function sphere(x: number[]): number {
  let s = 0;
  for (const v of x) s += v * v;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Problem definitions

function num(p: FlatParams, k: string): number {
  const v = p[k];
  if (typeof v !== "number") throw new Error(`param ${k} missing or not a number: ${JSON.stringify(v)}`);
  return v;
}
function str(p: FlatParams, k: string): string {
  const v = p[k];
  if (typeof v !== "string") throw new Error(`param ${k} missing or not a string: ${JSON.stringify(v)}`);
  return v;
}

function box(d: number, low: number, high: number): SpaceSpec {
  const s: SpaceSpec = {};
  for (let i = 1; i <= d; i++) s[`x${i}`] = { type: "float", low, high };
  return s;
}
const vec = (p: FlatParams, d: number, prefix = "x") => Array.from({ length: d }, (_, i) => num(p, `${prefix}${i + 1}`));

interface Def {
  id: string;
  kind: Problem["kind"];
  spec: SpaceSpec;
  objective: (p: FlatParams) => number;
  fStar: number;
}

const synthetic = (id: string, spec: SpaceSpec, f: (x: number[]) => number, fStar: number): Def => {
  const d = Object.keys(spec).length;
  return { id, kind: "continuous", spec, objective: (p) => f(vec(p, d)), fStar };
};

const braninSpec = (): SpaceSpec => ({ x1: { type: "float", low: -5, high: 10 }, x2: { type: "float", low: 0, high: 15 } });
const branin20Spec: SpaceSpec = braninSpec();
for (let i = 3; i <= 20; i++) branin20Spec[`x${i}`] = { type: "float", low: 0, high: 1 };

const INT_C = [3, -2, 7, 0, -5, 1];
const LOG_T = [-4, -1, 0.5, 1.7];
const MIXED_OPTS = ["sgd", "momentum", "adam", "rmsprop"];
const MIXED_OFF: Record<string, number> = { sgd: 0.3, momentum: 0.15, adam: 0, rmsprop: 0.05 };
const MIXED_LR: Record<string, number> = { sgd: 1e-1, momentum: 3e-2, adam: 1e-3, rmsprop: 3e-4 };

const DEFS: Def[] = [
  synthetic("branin", braninSpec(), (x) => branin(x[0]!, x[1]!), BRANIN_MIN),
  synthetic(
    "camel6",
    { x1: { type: "float", low: -3, high: 3 }, x2: { type: "float", low: -2, high: 2 } },
    (x) => camel6(x[0]!, x[1]!),
    -1.0316284534898774,
  ),
  synthetic("hartmann3", box(3, 0, 1), hartmann3, HARTMANN3_MIN),
  synthetic("hartmann6", box(6, 0, 1), hartmann6, -3.3223680114155147),
  synthetic("rosenbrock5", box(5, -5, 10), rosenbrock, 0),
  synthetic("ackley5", box(5, -32.768, 32.768), ackley, 0),
  synthetic("ackley10", box(10, -32.768, 32.768), ackley, 0),
  synthetic("levy10", box(10, -10, 10), levy, 0),
  synthetic("rastrigin10", box(10, -5.12, 5.12), rastrigin, 0),
  synthetic("griewank10", box(10, -600, 600), griewank, 0),
  synthetic("styblinski8", box(8, -5, 5), styblinski, -39.16616570377141 * 8),
  synthetic("branin20", branin20Spec, (x) => branin(x[0]!, x[1]!), BRANIN_MIN),
  synthetic("sphere20", box(20, -5, 5), sphere, 0),
  {
    id: "intsphere",
    kind: "mixed",
    spec: Object.fromEntries(INT_C.map((_, i) => [`x${i + 1}`, { type: "int", low: -10, high: 10 } as ParamSpec])),
    objective: (p) => {
      let s = 0;
      for (let i = 0; i < INT_C.length; i++) s += (num(p, `x${i + 1}`) - INT_C[i]!) ** 2;
      return s;
    },
    fStar: 0,
  },
  {
    id: "logquad",
    kind: "mixed",
    spec: Object.fromEntries(LOG_T.map((_, i) => [`x${i + 1}`, { type: "float", low: 1e-6, high: 1e2, log: true } as ParamSpec])),
    objective: (p) => {
      let s = 0;
      for (let i = 0; i < LOG_T.length; i++) s += (Math.log10(num(p, `x${i + 1}`)) - LOG_T[i]!) ** 2;
      return s;
    },
    fStar: 0,
  },
  {
    id: "stepst",
    kind: "mixed",
    spec: Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`x${i}`, { type: "float", low: -5, high: 5, step: 0.25 } as ParamSpec])),
    objective: (p) => styblinski(vec(p, 5)),
    fStar: -195.0,
  },
  {
    id: "mixedhpo",
    kind: "mixed",
    spec: {
      opt: { type: "cat", values: MIXED_OPTS },
      lr: { type: "float", low: 1e-5, high: 1, log: true },
      layers: { type: "int", low: 1, high: 8 },
      dropout: { type: "float", low: 0, high: 0.8, step: 0.1 },
      batch: { type: "int", low: 8, high: 1024, log: true },
    },
    objective: (p) => {
      const opt = str(p, "opt");
      const off = MIXED_OFF[opt];
      const lrStar = MIXED_LR[opt];
      if (off === undefined || lrStar === undefined) throw new Error(`unknown opt ${opt}`);
      return (
        off +
        (Math.log10(num(p, "lr")) - Math.log10(lrStar)) ** 2 +
        0.1 * (num(p, "layers") - 3) ** 2 +
        2 * (num(p, "dropout") - 0.2) ** 2 +
        0.2 * (Math.log2(num(p, "batch")) - 6) ** 2
      );
    },
    fStar: 0,
  },
  {
    id: "condhpo",
    kind: "conditional",
    spec: {
      model: {
        type: "choice",
        options: [
          {
            value: "svm",
            params: {
              C: { type: "float", low: 1e-3, high: 1e3, log: true },
              gamma: { type: "float", low: 1e-4, high: 10, log: true },
            },
          },
          {
            value: "rf",
            params: {
              n_estimators: { type: "int", low: 10, high: 500, log: true },
              max_depth: { type: "int", low: 1, high: 20 },
            },
          },
          { value: "knn", params: { k: { type: "int", low: 1, high: 50 }, p: { type: "cat", values: [1, 2] } } },
        ],
      },
    },
    objective: (p) => {
      const m = str(p, "model");
      if (m === "svm")
        return 0.1 + 0.05 * ((Math.log10(num(p, "model.svm.C")) - 1) ** 2 + (Math.log10(num(p, "model.svm.gamma")) + 2) ** 2);
      if (m === "rf")
        return 0.08 + 0.02 * Math.log2(num(p, "model.rf.n_estimators") / 200) ** 2 + 0.005 * (num(p, "model.rf.max_depth") - 12) ** 2;
      if (m === "knn") return 0.12 + 0.001 * (num(p, "model.knn.k") - 7) ** 2 + (num(p, "model.knn.p") === 2 ? 0.02 : 0);
      throw new Error(`unknown model ${m}`);
    },
    fStar: 0.08,
  },
  {
    id: "condbench",
    kind: "conditional",
    spec: {
      branch: {
        type: "choice",
        options: [
          { value: "A", params: { x1: { type: "float", low: -5, high: 10 }, x2: { type: "float", low: 0, high: 15 } } },
          { value: "B", params: box(3, 0, 1) },
        ],
      },
    },
    objective: (p) => {
      const b = str(p, "branch");
      if (b === "A") return branin(num(p, "branch.A.x1"), num(p, "branch.A.x2")) - BRANIN_MIN + 0.5;
      if (b === "B") return hartmann3(vec(p, 3, "branch.B.x")) - HARTMANN3_MIN;
      throw new Error(`unknown branch ${b}`);
    },
    fStar: 0,
  },
];

function countParams(spec: SpaceSpec): number {
  let n = 0;
  for (const s of Object.values(spec)) {
    n += 1;
    if (s.type === "choice") for (const o of s.options) n += countParams(o.params);
  }
  return n;
}

const clips = clipsJson as { clips: Record<string, number> };

export const PROBLEMS: Problem[] = DEFS.map((d) => ({
  ...d,
  space: specToSpaceJson(d.spec),
  clip: clips.clips[d.id] ?? Number.NaN,
  dim: countParams(d.spec),
}));

export function getProblem(id: string): Problem {
  const p = PROBLEMS.find((q) => q.id === id);
  if (!p) throw new Error(`unknown problem ${id}; known: ${PROBLEMS.map((q) => q.id).join(", ")}`);
  return p;
}

export const SPEED_PROBLEM = "ackley10";

/** Uniform points for clips/parity, deterministic in the seed. */
export function uniformPoints(problem: Problem, n: number, seed: number): FlatParams[] {
  const rng = new BenchRng(seed);
  return Array.from({ length: n }, () => sampleUniform(problem.spec, rng));
}
