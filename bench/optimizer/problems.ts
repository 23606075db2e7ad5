// The optimizer benchmark suite of /work/shared/bench/SUITE.md, in TypeScript.
// bench/optimizer/optuna_harness.py implements the very same problems in Python; check-parity.ts
// verifies that both agree (spaces exactly, objectives to 1e-9) on fixed points. Beyond the public suite of
// SUITE.md it holds the grown suite of issue 10: more synthetic functions, mixed and nested-conditional spaces,
// HPO lookup tables (hpo/), multi-objective problems and failing-region problems, each in a fixed half.
//
// Each problem is described by a small parameter spec (ParamSpec) from which we derive
//  - the Sweepboard space JSON (what parseSpace accepts; conditional problems use a `choice`
//    whose options carry their own params, so nested params have flat paths such as `model.svm.C`),
//  - uniform sampling in the space's natural measure (used for the clips and parity points).
// Objectives take the flat Params of the CONTRACT (path -> value) and are minimised.

import clipsJson from "./clips.json";
import { GRIDS, lookup, loadTable, tableSpec, tableStats } from "./hpo/tables";
import { BenchRng } from "./rng";

export type Value = number | string | boolean | null;
export type FlatParams = Record<string, Value>;

export type ParamSpec =
  | { type: "float"; low: number; high: number; log?: boolean; step?: number }
  | { type: "int"; low: number; high: number; log?: boolean }
  | { type: "cat"; values: Array<string | number> }
  | { type: "choice"; options: Array<{ value: string; params: Record<string, ParamSpec> }> };

export type SpaceSpec = Record<string, ParamSpec>;

/**
 * Families of the suite; the decide/report split is stratified by family (see HALVES).
 *  - continuous: synthetic functions on boxes of floats;
 *  - mixed: ints, steps, log scales, categoricals and conditional (choice) spaces;
 *  - hpo: lookup tables of real scikit-learn cross-validation results (hpo/);
 *  - multi: several objectives, scored by hypervolume;
 *  - failing: the optimum lies next to a region where the objective fails (throws ProblemFailure).
 */
export type Family = "continuous" | "mixed" | "hpo" | "multi" | "failing";
export const FAMILIES: readonly Family[] = ["continuous", "mixed", "hpo", "multi", "failing"];
export type Half = "decide" | "report";

/** Thrown by an objective in a failing region (the trial fails, as a diverged training run would). */
export class ProblemFailure extends Error {
  constructor(message = "the objective failed here") {
    super(message);
    this.name = "ProblemFailure";
  }
}

export interface Problem {
  id: string;
  family: Family;
  /** Which half of the suite the problem belongs to: rules and constants are decided on "decide" only. */
  half: Half;
  /** conditional: the space has a choice (Optuna's multivariate TPE gets group=True there). */
  kind: "continuous" | "mixed" | "conditional";
  spec: SpaceSpec;
  /** Sweepboard space JSON (input of parseSpace). */
  space: Record<string, unknown>;
  /** Number of objectives (1 except for the multi family); every one is minimised. */
  nObjectives: number;
  /** Every objective value at p; throws ProblemFailure in a failing region. */
  evaluate: (p: FlatParams) => number[];
  /** The first objective (the only one of a single-objective problem). */
  objective: (p: FlatParams) => number;
  /** Single objective: the global minimum (multi: NaN). HPO tables: the table minimum. */
  fStar: number;
  /**
   * Single objective: median of f over 100,000 uniform points (clips.json, written by compute-clips.ts; failing
   * problems: over the points that do not fail); HPO tables: the table median. NaN for multi-objective problems.
   */
  clip: number;
  /** Multi-objective: the hypervolume reference point, on the raw objectives. */
  hvRef?: number[];
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

// Grown suite (issue 10): more synthetic functions of varied character.

export function michalewicz(x: number[], m = 10): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.sin(x[i]!) * Math.sin(((i + 1) * x[i]! * x[i]!) / PI) ** (2 * m);
  return -s;
}

export const SCHWEFEL_C = 418.9828872724338;
export function schwefel(x: number[]): number {
  let s = 0;
  for (const v of x) s += v * Math.sin(Math.sqrt(Math.abs(v)));
  return SCHWEFEL_C * x.length - s;
}

const SHEKEL_A = [
  [4, 4, 4, 4],
  [1, 1, 1, 1],
  [8, 8, 8, 8],
  [6, 6, 6, 6],
  [3, 7, 3, 7],
  [2, 9, 2, 9],
  [5, 5, 3, 3],
  [8, 1, 8, 1],
  [6, 2, 6, 2],
  [7, 3.6, 7, 3.6],
];
const SHEKEL_C = [0.1, 0.2, 0.2, 0.4, 0.4, 0.6, 0.3, 0.7, 0.5, 0.5];
export function shekel10(x: number[]): number {
  let s = 0;
  for (let i = 0; i < 10; i++) {
    let d = 0;
    for (let j = 0; j < 4; j++) d += (x[j]! - SHEKEL_A[i]![j]!) ** 2;
    s += 1 / (d + SHEKEL_C[i]!);
  }
  return -s;
}

export function goldsteinPrice(x1: number, x2: number): number {
  const a = 1 + (x1 + x2 + 1) ** 2 * (19 - 14 * x1 + 3 * x1 * x1 - 14 * x2 + 6 * x1 * x2 + 3 * x2 * x2);
  const b = 30 + (2 * x1 - 3 * x2) ** 2 * (18 - 32 * x1 + 12 * x1 * x1 + 48 * x2 - 36 * x1 * x2 + 27 * x2 * x2);
  return a * b;
}

export function powell(x: number[]): number {
  let s = 0;
  for (let i = 0; i + 3 < x.length; i += 4) {
    const [a, b, c, d] = [x[i]!, x[i + 1]!, x[i + 2]!, x[i + 3]!];
    s += (a + 10 * b) ** 2 + 5 * (c - d) ** 2 + (b - 2 * c) ** 4 + 10 * (a - d) ** 4;
  }
  return s;
}

export function zakharov(x: number[]): number {
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    s1 += x[i]! ** 2;
    s2 += 0.5 * (i + 1) * x[i]!;
  }
  return s1 + s2 ** 2 + s2 ** 4;
}

export function dixonPrice(x: number[]): number {
  let s = (x[0]! - 1) ** 2;
  for (let i = 1; i < x.length; i++) s += (i + 1) * (2 * x[i]! ** 2 - x[i - 1]!) ** 2;
  return s;
}

export function eggholder(x1: number, x2: number): number {
  return -(x2 + 47) * Math.sin(Math.sqrt(Math.abs(x2 + x1 / 2 + 47))) - x1 * Math.sin(Math.sqrt(Math.abs(x1 - (x2 + 47))));
}

/**
 * Rotated ill-conditioned ellipsoid: z = R (x - c) with R the product of the plane rotations (i, i+1) by angle
 * 0.5 + 0.3 i (i = 0..d-2, applied in order), f = sum_i 10^(6 i / (d - 1)) z_i^2 (condition number 1e6);
 * c_i = 1.5 (-1)^i. f* = 0 at x = c.
 */
export function rotatedEllipsoid(x: number[]): number {
  const d = x.length;
  const z = x.map((v, i) => v - 1.5 * (i % 2 === 0 ? 1 : -1));
  for (let i = 0; i + 1 < d; i++) {
    const th = 0.5 + 0.3 * i;
    const c = Math.cos(th);
    const s = Math.sin(th);
    const a = z[i]!;
    const b = z[i + 1]!;
    z[i] = c * a - s * b;
    z[i + 1] = s * a + c * b;
  }
  let f = 0;
  for (let i = 0; i < d; i++) f += 10 ** ((6 * i) / (d - 1)) * z[i]! ** 2;
  return f;
}

// Multi-objective test functions (Zitzler-Deb-Thiele, Deb-Thiele-Laumanns-Zitzler), x in [0,1]^n, minimised.
function zdtG(x: number[]): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += x[i]!;
  return 1 + (9 * s) / (x.length - 1);
}
export function zdt1(x: number[]): number[] {
  const g = zdtG(x);
  return [x[0]!, g * (1 - Math.sqrt(x[0]! / g))];
}
export function zdt2(x: number[]): number[] {
  const g = zdtG(x);
  return [x[0]!, g * (1 - (x[0]! / g) ** 2)];
}
export function zdt3(x: number[]): number[] {
  const g = zdtG(x);
  const h = x[0]! / g;
  return [x[0]!, g * (1 - Math.sqrt(h) - h * Math.sin(10 * PI * x[0]!))];
}
/** DTLZ2 with 2 objectives: g = sum_{i>=2} (x_i - 0.5)^2, f = (1 + g) (cos(x_1 pi/2), sin(x_1 pi/2)). */
export function dtlz2(x: number[]): number[] {
  let g = 0;
  for (let i = 1; i < x.length; i++) g += (x[i]! - 0.5) ** 2;
  const t = (x[0]! * PI) / 2;
  return [(1 + g) * Math.cos(t), (1 + g) * Math.sin(t)];
}

// Grown multi-objective suite (standard definitions: Zitzler, Deb and Thiele 2000; Deb, Thiele, Laumanns and
// Zitzler 2002), n = 6 parameters; the DTLZ problems with M = 3 objectives have k = n - M + 1 = 4 distance
// parameters x_M..x_n.

/** ZDT4: x1 in [0, 1], x2..xn in [-5, 5]; g = 1 + 10 (n - 1) + sum_{i>=2} (x_i^2 - 10 cos(4 pi x_i)); many local fronts. */
export function zdt4(x: number[]): number[] {
  let g = 1 + 10 * (x.length - 1);
  for (let i = 1; i < x.length; i++) g += x[i]! ** 2 - 10 * Math.cos(4 * PI * x[i]!);
  return [x[0]!, g * (1 - Math.sqrt(x[0]! / g))];
}
/** ZDT6: f1 = 1 - exp(-4 x1) sin^6(6 pi x1), g = 1 + 9 (sum_{i>=2} x_i / (n - 1))^0.25, f2 = g (1 - (f1 / g)^2); a non-uniform front. */
export function zdt6(x: number[]): number[] {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += x[i]!;
  const g = 1 + 9 * (s / (x.length - 1)) ** 0.25;
  const f1 = 1 - Math.exp(-4 * x[0]!) * Math.sin(6 * PI * x[0]!) ** 6;
  return [f1, g * (1 - (f1 / g) ** 2)];
}
/** DTLZ1, 3 objectives: g = 100 (k + sum_{i>=3} ((x_i - 0.5)^2 - cos(20 pi (x_i - 0.5)))), a linear front sum f = 1/2. */
export function dtlz1x3(x: number[]): number[] {
  let g = 0;
  for (let i = 2; i < x.length; i++) g += (x[i]! - 0.5) ** 2 - Math.cos(20 * PI * (x[i]! - 0.5));
  g = 100 * (x.length - 2 + g);
  const h = 0.5 * (1 + g);
  return [h * x[0]! * x[1]!, h * x[0]! * (1 - x[1]!), h * (1 - x[0]!)];
}
/** DTLZ2, 3 objectives: g = sum_{i>=3} (x_i - 0.5)^2; the front is the positive octant of the unit sphere. */
export function dtlz2x3(x: number[]): number[] {
  let g = 0;
  for (let i = 2; i < x.length; i++) g += (x[i]! - 0.5) ** 2;
  const a = (x[0]! * PI) / 2;
  const b = (x[1]! * PI) / 2;
  return [(1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a)];
}
/** DTLZ7, 3 objectives: f1 = x1, f2 = x2, g = 1 + 9/k sum_{i>=3} x_i, f3 = (1 + g) (3 - sum_{j<3} f_j / (1 + g) (1 + sin(3 pi f_j))); four disconnected front pieces. */
export function dtlz7x3(x: number[]): number[] {
  let s = 0;
  for (let i = 2; i < x.length; i++) s += x[i]!;
  const g = 1 + (9 * s) / (x.length - 2);
  let h = 3;
  for (let j = 0; j < 2; j++) h -= (x[j]! / (1 + g)) * (1 + Math.sin(3 * PI * x[j]!));
  return [x[0]!, x[1]!, (1 + g) * h];
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
  family: Family;
  kind: Problem["kind"];
  spec: SpaceSpec;
  /** Single-objective problems. */
  objective?: (p: FlatParams) => number;
  /** Multi-objective problems. */
  objectives?: (p: FlatParams) => number[];
  fStar: number;
  hvRef?: number[];
}

const synthetic = (id: string, spec: SpaceSpec, f: (x: number[]) => number, fStar: number): Def => {
  const d = Object.keys(spec).length;
  return { id, family: "continuous", kind: "continuous", spec, objective: (p) => f(vec(p, d)), fStar };
};
/** A multi-objective problem on [0, 1]^d (or the given box); as many objectives as the reference point has coordinates. */
const multi = (id: string, d: number, f: (x: number[]) => number[], hvRef: number[], spec: SpaceSpec = box(d, 0, 1)): Def => ({
  id,
  family: "multi",
  kind: "continuous",
  spec,
  objectives: (p) => f(vec(p, d)),
  fStar: Number.NaN,
  hvRef,
});
/** ZDT4's box: x1 in [0, 1], the others in [-5, 5]. */
const zdt4Spec: SpaceSpec = { ...box(6, -5, 5), x1: { type: "float", low: 0, high: 1 } };

const braninSpec = (): SpaceSpec => ({ x1: { type: "float", low: -5, high: 10 }, x2: { type: "float", low: 0, high: 15 } });
const branin20Spec: SpaceSpec = braninSpec();
for (let i = 3; i <= 20; i++) branin20Spec[`x${i}`] = { type: "float", low: 0, high: 1 };

const INT_C = [3, -2, 7, 0, -5, 1];
const LOG_T = [-4, -1, 0.5, 1.7];
const MIXED_OPTS = ["sgd", "momentum", "adam", "rmsprop"];
const MIXED_OFF: Record<string, number> = { sgd: 0.3, momentum: 0.15, adam: 0, rmsprop: 0.05 };
const MIXED_LR: Record<string, number> = { sgd: 1e-1, momentum: 3e-2, adam: 1e-3, rmsprop: 3e-4 };

const INTCAT_T: Record<string, number[]> = { a: [2, 15, 8, 5], b: [12, 4, 17, 9], c: [6, 6, 6, 6], d: [18, 1, 3, 14] };
const INTCAT_OFF: Record<string, number> = { a: 0.4, b: 0, c: 0.8, d: 0.2 };
const INTCAT_PEN: Record<string, number> = { u: 0.5, v: 0.25, w: 0 };
export const OOM_LIMIT = 2 ** 19;
export const oomLoss = (b: number, w: number, l: number) => 0.2 * (Math.log2(b) - 8) ** 2 + 0.1 * (Math.log2(w) - 9) ** 2 + 0.05 * (l - 6) ** 2;

const hpo = (id: string): Def => ({
  id,
  family: "hpo",
  kind: GRIDS[id]!.axes.some((a) => a.kind === "cat") ? "mixed" : "continuous",
  spec: tableSpec(GRIDS[id]!),
  objective: (p) => lookup(loadTable(id), p),
  fStar: Number.NaN, // the table minimum, read when the table is (see PROBLEMS)
});

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
    family: "mixed",
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
    family: "mixed",
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
    family: "mixed",
    kind: "mixed",
    spec: Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`x${i}`, { type: "float", low: -5, high: 5, step: 0.25 } as ParamSpec])),
    objective: (p) => styblinski(vec(p, 5)),
    fStar: -195.0,
  },
  {
    id: "mixedhpo",
    family: "mixed",
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
    family: "mixed",
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
    family: "mixed",
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
  // --- grown suite (issue 10) -------------------------------------------------------------------
  synthetic("michalewicz5", box(5, 0, PI), (x) => michalewicz(x), -4.6876581790881335),
  synthetic("schwefel5", box(5, -500, 500), schwefel, 0),
  synthetic("shekel10", box(4, 0, 10), shekel10, -10.536409816692034),
  synthetic(
    "goldstein",
    { x1: { type: "float", low: -2, high: 2 }, x2: { type: "float", low: -2, high: 2 } },
    (x) => goldsteinPrice(x[0]!, x[1]!),
    3,
  ),
  synthetic("powell8", box(8, -4, 5), powell, 0),
  synthetic("zakharov10", box(10, -5, 10), zakharov, 0),
  synthetic("dixonprice10", box(10, -10, 10), dixonPrice, 0),
  synthetic("eggholder", box(2, -512, 512), (x) => eggholder(x[0]!, x[1]!), -959.6406627208507),
  synthetic("hartmann6x16", box(16, 0, 1), (x) => hartmann6(x.slice(0, 6)), -3.3223680114155147),
  synthetic("ellipsoid8r", box(8, -5, 5), rotatedEllipsoid, 0),
  {
    id: "intcat",
    family: "mixed",
    kind: "mixed",
    spec: {
      ...Object.fromEntries([1, 2, 3, 4].map((i) => [`x${i}`, { type: "int", low: 0, high: 20 } as ParamSpec])),
      c1: { type: "cat", values: ["a", "b", "c", "d"] },
      c2: { type: "cat", values: ["u", "v", "w"] },
    },
    objective: (p) => {
      const c1 = str(p, "c1");
      const c2 = str(p, "c2");
      const target = INTCAT_T[c1];
      const off = INTCAT_OFF[c1];
      const pen = INTCAT_PEN[c2];
      if (!target || off === undefined || pen === undefined) throw new Error(`unknown category ${c1}/${c2}`);
      let s = off + pen;
      for (let i = 0; i < 4; i++) s += (num(p, `x${i + 1}`) - target[i]!) ** 2 / 40;
      return s;
    },
    fStar: 0,
  },
  {
    id: "nestedcond",
    family: "mixed",
    kind: "conditional",
    spec: {
      model: {
        type: "choice",
        options: [
          { value: "linear", params: { C: { type: "float", low: 1e-4, high: 1e2, log: true } } },
          { value: "tree", params: { depth: { type: "int", low: 1, high: 16 }, criterion: { type: "cat", values: ["gini", "entropy"] } } },
          {
            value: "net",
            params: {
              layers: { type: "int", low: 1, high: 6 },
              opt: {
                type: "choice",
                options: [
                  { value: "sgd", params: { lr: { type: "float", low: 1e-5, high: 1, log: true }, momentum: { type: "float", low: 0, high: 0.99 } } },
                  { value: "adam", params: { lr: { type: "float", low: 1e-5, high: 1, log: true }, beta1: { type: "float", low: 0.5, high: 0.999 } } },
                ],
              },
            },
          },
        ],
      },
    },
    objective: (p) => {
      const m = str(p, "model");
      if (m === "linear") return 0.3 + 0.05 * Math.log10(num(p, "model.linear.C")) ** 2;
      if (m === "tree") return 0.12 + 0.004 * (num(p, "model.tree.depth") - 7) ** 2 + (str(p, "model.tree.criterion") === "gini" ? 0.03 : 0);
      if (m !== "net") throw new Error(`unknown model ${m}`);
      const base = 0.01 * (num(p, "model.net.layers") - 3) ** 2;
      const o = str(p, "model.net.opt");
      if (o === "sgd")
        return base + 0.06 + 0.1 * (Math.log10(num(p, "model.net.opt.sgd.lr")) + 1.5) ** 2 + 0.5 * (num(p, "model.net.opt.sgd.momentum") - 0.9) ** 2;
      if (o === "adam")
        return base + 0.1 * (Math.log10(num(p, "model.net.opt.adam.lr")) + 3) ** 2 + 2 * (num(p, "model.net.opt.adam.beta1") - 0.9) ** 2;
      throw new Error(`unknown optimizer ${o}`);
    },
    fStar: 0,
  },
  // Failing regions next to the optimum (our design).
  {
    // SGD whose effective step lr / (1 - momentum) diverges past 1; the loss is best at 0.5, right below.
    id: "divergelr",
    family: "failing",
    kind: "mixed",
    spec: {
      lr: { type: "float", low: 1e-5, high: 1, log: true },
      momentum: { type: "float", low: 0, high: 0.99 },
      wd: { type: "float", low: 1e-6, high: 1e-1, log: true },
    },
    objective: (p) => {
      const eff = num(p, "lr") / (1 - num(p, "momentum"));
      if (eff > 1) throw new ProblemFailure("diverged: lr / (1 - momentum) > 1");
      return (Math.log10(eff) - Math.log10(0.5)) ** 2 + 2 * (num(p, "momentum") - 0.9) ** 2 + 0.1 * (Math.log10(num(p, "wd")) + 4) ** 2;
    },
    fStar: 0,
  },
  {
    // Out of memory when batch * width * layers > 2^19; the unconstrained optimum (256, 512, 6) is past the
    // limit, so the best runnable point sits on its edge. f* by enumerating every integer point (unit test).
    id: "oomcliff",
    family: "failing",
    kind: "mixed",
    spec: {
      batch: { type: "int", low: 8, high: 1024, log: true },
      width: { type: "int", low: 16, high: 1024, log: true },
      layers: { type: "int", low: 1, high: 8 },
    },
    objective: (p) => {
      const b = num(p, "batch");
      const w = num(p, "width");
      const l = num(p, "layers");
      if (b * w * l > OOM_LIMIT) throw new ProblemFailure("out of memory: batch * width * layers > 2^19");
      return oomLoss(b, w, l);
    },
    fStar: 0.022841373461084325,
  },
  // Several objectives: hypervolume against a reference point on the raw objectives.
  multi("zdt1", 6, zdt1, [11, 11]),
  multi("zdt2", 6, zdt2, [11, 11]),
  multi("zdt3", 6, zdt3, [11, 11]),
  multi("dtlz2", 6, dtlz2, [3, 3]),
  // Grown multi-objective suite: reference points about 1.1 x each objective's largest value on the box (as (11, 11)
  // on ZDT1-3), so that random search scores above 0.
  multi("zdt4", 6, zdt4, [1.1, 250], zdt4Spec),
  multi("zdt6", 6, zdt6, [1.1, 11]),
  multi("dtlz1-3", 6, dtlz1x3, [500, 500, 500]),
  multi("dtlz2-3", 6, dtlz2x3, [3, 3, 3]),
  multi("dtlz7-3", 6, dtlz7x3, [1.1, 1.1, 33]),
  // HPO lookup tables (hpo/grids.json)
  ...Object.keys(GRIDS).map(hpo),
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

/**
 * The half of every problem, fixed in batches by splitHalves(batch, SPLIT_SEED) and written out here so that adding
 * a problem later never moves an existing one: the first batch (2025-12-02) is the suite of issue 10, each later
 * batch holds the problems added together, split alone (tests/unit/bench-problems.test.ts checks that every batch is
 * still what the split gives, that every problem has a half, and that each family is in both halves).
 */
export const HALF_BATCHES: ReadonlyArray<Record<string, Half>> = [
  {
    // continuous
    hartmann3: "decide", rosenbrock5: "decide", levy10: "decide", rastrigin10: "decide", styblinski8: "decide", sphere20: "decide", michalewicz5: "decide", schwefel5: "decide", powell8: "decide", dixonprice10: "decide", hartmann6x16: "decide", ellipsoid8r: "decide",
    branin: "report", camel6: "report", hartmann6: "report", ackley5: "report", ackley10: "report", griewank10: "report", branin20: "report", shekel10: "report", goldstein: "report", zakharov10: "report", eggholder: "report",
    // mixed
    intsphere: "decide", stepst: "decide", mixedhpo: "decide", intcat: "decide",
    logquad: "report", condhpo: "report", condbench: "report", nestedcond: "report",
    // hpo
    svc_digits: "decide", et_wine: "decide", hgb_breast: "decide", mlp_wine: "decide",
    rf_breast: "report", gb_diabetes: "report", knn_digits: "report", enet_diabetes: "report",
    // multi
    zdt1: "decide", zdt3: "decide",
    zdt2: "report", dtlz2: "report",
    // failing
    divergelr: "decide",
    oomcliff: "report",
  },
  // More multi-objective problems (ZDT4, ZDT6, and DTLZ1/2/7 with 3 objectives), split alone.
  { zdt4: "decide", "dtlz1-3": "decide", zdt6: "report", "dtlz2-3": "report", "dtlz7-3": "report" },
];

export const HALVES: Record<string, Half> = Object.assign({}, ...HALF_BATCHES) as Record<string, Half>;

export const SPLIT_SEED = 20251202;

/** FNV-1a over a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/**
 * Seeded stratified split: within each family (in FAMILIES order), problems sorted by FNV-1a(seed + ":" + id) go
 * alternately to decide and report; the first problem of the k-th family goes to decide when k is even and to
 * report when k is odd, so families of odd size do not all tip the same way. Each family of >= 2 problems is in
 * both halves and the halves of a family differ in size by at most 1.
 */
export function splitHalves(items: ReadonlyArray<{ id: string; family: Family }>, seed: number): Record<string, Half> {
  const out: Record<string, Half> = {};
  FAMILIES.forEach((f, k) => {
    const ids = items
      .filter((p) => p.family === f)
      .map((p) => p.id)
      .sort((a, b) => fnv1a(`${seed}:${a}`) - fnv1a(`${seed}:${b}`) || (a < b ? -1 : 1));
    ids.forEach((id, i) => (out[id] = (i + k) % 2 === 0 ? "decide" : "report"));
  });
  return out;
}

function makeProblem(d: Def): Problem {
  const nObjectives = d.objectives ? d.hvRef!.length : 1;
  const evaluate = d.objectives ?? ((p: FlatParams) => [d.objective!(p)]);
  const objective = d.objective ?? ((p: FlatParams) => d.objectives!(p)[0]!);
  const base = {
    id: d.id,
    family: d.family,
    half: HALVES[d.id] ?? ("decide" as Half),
    kind: d.kind,
    spec: d.spec,
    space: specToSpaceJson(d.spec),
    nObjectives,
    evaluate,
    objective,
    hvRef: d.hvRef,
    dim: countParams(d.spec),
  };
  if (d.family === "hpo")
    // f* and clip come from the table, which is built on the bench's first run: read them only when asked.
    return Object.defineProperties(base, {
      fStar: { get: () => tableStats(d.id).min, enumerable: true },
      clip: { get: () => tableStats(d.id).median, enumerable: true },
    }) as Problem;
  return { ...base, fStar: d.fStar, clip: d.family === "multi" ? Number.NaN : (clips.clips[d.id] ?? Number.NaN) };
}

export const PROBLEMS: Problem[] = DEFS.map(makeProblem);

export function getProblem(id: string): Problem {
  const p = PROBLEMS.find((q) => q.id === id);
  if (!p) throw new Error(`unknown problem ${id}; known: ${PROBLEMS.map((q) => q.id).join(", ")}`);
  return p;
}

/** Every objective value at pt, or null where the objective fails (ProblemFailure). */
export function evaluateOrNull(p: Problem, pt: FlatParams): number[] | null {
  try {
    return p.evaluate(pt);
  } catch (e) {
    if (e instanceof ProblemFailure) return null;
    throw e;
  }
}

export const SPEED_PROBLEM = "ackley10";
/** The speed test of the multi-objective arms. */
export const SPEED_PROBLEM_MO = "zdt1";

/** Uniform points for clips/parity, deterministic in the seed. */
export function uniformPoints(problem: Problem, n: number, seed: number): FlatParams[] {
  const rng = new BenchRng(seed);
  return Array.from({ length: n }, () => sampleUniform(problem.spec, rng));
}
