import { parseSpace, optionPrefix } from "./parse";
import type { ParamValue, Space, SpaceNode, SpaceNodeType } from "../types";

export type SpecKind = "continuous" | "discrete" | "categorical" | "const";

/**
 * One parameter of a space in the form samplers work with. "Model space" is the internal numeric space:
 * log parameters in log space, discrete ones as continuous bins around their grid values, categoricals
 * and choices as indices.
 */
export interface ParamSpec {
  /** Position in CompiledSpace.specs; parents always come before their children. */
  index: number;
  path: string;
  type: SpaceNodeType;
  kind: SpecKind;
  /** Index of the choice spec this parameter hangs under, or -1 when always active. */
  parent: number;
  /** The parent's option index that activates this parameter. */
  parentOption: number;
  log: boolean;
  /** False for the normal family, whose model space is the whole real line. */
  bounded: boolean;
  /** Model-space bounds (bin edges for discrete parameters; ±Infinity when unbounded). */
  low: number;
  high: number;
  /** The prior kernel in model space: mid-range and full width, or the given mu and sigma. */
  priorMu: number;
  priorSigma: number;
  /** Natural-scale step of a discrete parameter (q or int step), else 0. */
  step: number;
  /** First and last grid value on the natural scale (bounded discrete), else the node's bounds. */
  natLow: number;
  natHigh: number;
  /** Number of categories, or of grid values for bounded discrete parameters; Infinity otherwise. */
  count: number;
  /** Labels of categories / choice options; [value] for a const. */
  values: ParamValue[];
  /** Normalised prior probabilities of categories / options, or null for uniform. */
  weights: Float64Array | null;
  node: SpaceNode;
}

export interface CompiledSpace {
  space: Space;
  specs: ParamSpec[];
  byPath: Map<string, ParamSpec>;
  /** Specs that samplers draw (everything but consts). */
  free: ParamSpec[];
}

const cache = new WeakMap<object, CompiledSpace>();

/** Parses (when needed) and compiles a space; cached per object because the server passes the same one often. */
export function compileSpace(input: Space | unknown): CompiledSpace {
  if (typeof input === "object" && input !== null) {
    const hit = cache.get(input);
    if (hit) return hit;
  }
  const space = parseSpace(input);
  const specs: ParamSpec[] = [];
  addParams(space, "", -1, -1, specs);
  const compiled: CompiledSpace = {
    space,
    specs,
    byPath: new Map(specs.map((s) => [s.path, s])),
    free: specs.filter((s) => s.kind !== "const"),
  };
  if (typeof input === "object" && input !== null) cache.set(input, compiled);
  cache.set(space, compiled);
  return compiled;
}

function addParams(space: Space, prefix: string, parent: number, parentOption: number, out: ParamSpec[]): void {
  for (const [name, node] of Object.entries(space)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const spec = makeSpec(node, path, out.length, parent, parentOption);
    out.push(spec);
    if (node.type === "choice") {
      node.options.forEach((opt, i) => addParams(opt.params, optionPrefix(path, opt.value), spec.index, i, out));
    }
  }
}

/** Removes binary representation noise such as 0.30000000000000004 from grid values. */
export function clean(x: number): number {
  return Number(x.toPrecision(15));
}

/** floor(width / step) for integers, exactly (a rounded quotient can reach the next integer). */
function intSteps(width: number, step: number): number {
  let k = Math.floor(width / step);
  while (k > 0 && k * step > width) k--;
  while ((k + 1) * step <= width) k++;
  return k;
}

function normalise(weights: number[] | undefined): Float64Array | null {
  if (!weights) return null;
  const total = weights.reduce((a, b) => a + b, 0);
  return Float64Array.from(weights, (w) => w / total);
}

function makeSpec(node: SpaceNode, path: string, index: number, parent: number, parentOption: number): ParamSpec {
  const base = { index, path, type: node.type, parent, parentOption, node, step: 0, values: [] as ParamValue[], weights: null };
  switch (node.type) {
    case "uniform":
    case "loguniform": {
      const log = node.type === "loguniform";
      const low = log ? Math.log(node.low) : node.low;
      const high = log ? Math.log(node.high) : node.high;
      return { ...base, kind: "continuous", log, bounded: true, low, high, priorMu: (low + high) / 2, priorSigma: high - low, natLow: node.low, natHigh: node.high, count: Infinity };
    }
    case "quniform":
    case "qloguniform":
    case "int": {
      const log = node.type === "qloguniform" || (node.type === "int" && node.log);
      const step = node.type === "int" ? node.step : node.q;
      const k = node.type === "int" ? intSteps(node.high - node.low, step) : Math.floor((node.high - node.low) / step + 1e-9);
      const natLow = node.low;
      // Integers below 2^50 are exact; only fractional steps carry representation noise to clean.
      const natHigh = node.type === "int" ? node.low + k * step : clean(node.low + k * step);
      const lowEdge = natLow - step / 2;
      const low = log ? Math.log(lowEdge > 0 ? lowEdge : natLow) : lowEdge;
      const high = log ? Math.log(natHigh + step / 2) : natHigh + step / 2;
      return { ...base, kind: "discrete", log, bounded: true, low, high, priorMu: (low + high) / 2, priorSigma: high - low, step, natLow, natHigh, count: k + 1 };
    }
    case "normal":
    case "lognormal":
    case "qnormal":
    case "qlognormal": {
      const log = node.type === "lognormal" || node.type === "qlognormal";
      const step = node.type === "qnormal" || node.type === "qlognormal" ? node.q : 0;
      return {
        ...base,
        kind: step > 0 ? "discrete" : "continuous",
        log,
        bounded: false,
        low: -Infinity,
        high: Infinity,
        priorMu: node.mu,
        priorSigma: node.sigma,
        step,
        natLow: log ? 0 : -Infinity,
        natHigh: Infinity,
        count: Infinity,
      };
    }
    case "categorical":
      return catSpec(base, node.values, normalise(node.weights));
    case "choice":
      return catSpec(base, node.options.map((o) => o.value), normalise(node.weights));
    case "const":
      return { ...base, kind: "const", log: false, bounded: true, low: 0, high: 0, priorMu: 0, priorSigma: 1, natLow: 0, natHigh: 0, count: 1, values: [node.value] };
  }
}

function catSpec(base: Omit<ParamSpec, "kind" | "log" | "bounded" | "low" | "high" | "priorMu" | "priorSigma" | "natLow" | "natHigh" | "count">, values: ParamValue[], weights: Float64Array | null): ParamSpec {
  const n = values.length;
  return { ...base, kind: "categorical", log: false, bounded: true, low: 0, high: n - 1, priorMu: 0, priorSigma: 1, natLow: 0, natHigh: n - 1, count: n, values, weights };
}

/**
 * Whether spec is active given internal values by spec index (NaN = not set). Parents come first, so callers
 * that fill values in spec order can ask this for every spec as they go.
 */
export function isActive(specs: ReadonlyArray<ParamSpec>, spec: ParamSpec, values: ArrayLike<number>): boolean {
  let s: ParamSpec | undefined = spec;
  while (s && s.parent >= 0) {
    const v = values[s.parent];
    if (v === undefined || Number.isNaN(v) || Math.round(v) !== s.parentOption) return false;
    s = specs[s.parent];
  }
  return true;
}
