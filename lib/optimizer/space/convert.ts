import { clean, type ParamSpec } from "./compile";
import { describe, valueKey } from "../config-util";
import { TAIL_SIGMAS } from "../limits";
import type { ParamValue } from "../types";

// Conversions between the value users see and the internal (model-space) number samplers use.

/** Index of the nearest grid value of a discrete parameter for a natural-scale value. */
function gridIndex(spec: ParamSpec, v: number): number {
  const k = Math.round((v - spec.natLow) / spec.step);
  return Math.min(spec.count - 1, Math.max(0, k));
}

/** Grid value k of a bounded discrete parameter; integers are exact and need no cleaning. */
function gridValue(spec: ParamSpec, k: number): number {
  const v = spec.natLow + k * spec.step;
  return spec.type === "int" ? v : clean(v);
}

/**
 * Model-space range of an unbounded (normal-family) parameter: mu +- TAIL_SIGMAS sigma. The parser keeps it where
 * exp() and v / q are finite, and a prior draw never leaves it; a TPE kernel's tail is cut there.
 */
export function tailRange(spec: ParamSpec): [number, number] {
  const reach = TAIL_SIGMAS * spec.priorSigma;
  return [spec.priorMu - reach, spec.priorMu + reach];
}

function clampTail(spec: ParamSpec, x: number): number {
  const [lo, hi] = tailRange(spec);
  return Math.min(hi, Math.max(lo, x));
}

/** The natural-scale value nearest to a model-space point, respecting bounds and steps. */
export function naturalValue(spec: ParamSpec, x: number): number {
  const m = spec.bounded ? x : clampTail(spec, x);
  const v = spec.log ? Math.exp(m) : m;
  if (spec.kind === "continuous") {
    // exp(log(high)) can overshoot high by an ulp; users must never see a value out of bounds.
    return spec.bounded ? Math.min(spec.natHigh, Math.max(spec.natLow, v)) : v;
  }
  if (spec.bounded) return gridValue(spec, gridIndex(spec, v));
  const snapped = clean(Math.round(v / spec.step) * spec.step);
  // A quantised log-normal could round to 0, whose log is -Infinity; the smallest positive grid value stands in.
  return spec.log ? Math.max(spec.step, snapped) : snapped;
}

export function toExternal(spec: ParamSpec, x: number): ParamValue {
  if (spec.kind === "categorical" || spec.kind === "const") {
    const i = Math.min(spec.values.length - 1, Math.max(0, Math.round(x)));
    return spec.values[i] ?? null;
  }
  return naturalValue(spec, x);
}

/** Snaps a model-space point to the internal form of the nearest valid value. */
export function snap(spec: ParamSpec, x: number): number {
  if (spec.kind === "categorical") return Math.min(spec.count - 1, Math.max(0, Math.round(x)));
  if (spec.kind === "const") return 0;
  if (spec.kind === "continuous") {
    if (!spec.bounded) return clampTail(spec, x);
    return Math.min(spec.high, Math.max(spec.low, x));
  }
  const v = naturalValue(spec, x);
  return spec.log ? Math.log(v) : v;
}

/** Model-space bin [lo, hi] of a discrete parameter's value given in internal form. */
export function binEdges(spec: ParamSpec, internal: number, out: Float64Array): void {
  const v = spec.log ? Math.exp(internal) : internal;
  const half = spec.step / 2;
  let lo = v - half;
  let hi = v + half;
  if (spec.bounded) {
    const k = gridIndex(spec, v);
    out[0] = k === 0 ? spec.low : spec.log ? Math.log(lo) : lo;
    out[1] = k === spec.count - 1 ? spec.high : spec.log ? Math.log(hi) : hi;
    return;
  }
  if (spec.log) {
    lo = lo > 0 ? Math.log(lo) : -Infinity;
    hi = Math.log(hi);
  }
  out[0] = lo;
  out[1] = hi;
}

/** Relative tolerance for "on the step grid": user values come through JSON and decimal printing. */
const GRID_TOL = 1e-6;

/** Internal form of a user-given value, or an error message. Returns the canonical external value too. */
export function toInternal(spec: ParamSpec, value: unknown): { internal: number; value: ParamValue } | string {
  if (spec.kind === "categorical" || spec.kind === "const") {
    const key = isLiteralKey(value);
    const i = key === undefined ? -1 : spec.values.findIndex((v) => valueKey(v) === key);
    if (i < 0) {
      if (spec.kind === "const") return `must be ${describe(spec.values[0])}, got ${describe(value)}`;
      return `must be one of ${spec.values.map(describe).join(", ")}, got ${describe(value)}`;
    }
    return { internal: spec.kind === "const" ? 0 : i, value: spec.values[i] ?? null };
  }
  if (typeof value !== "number" || !Number.isFinite(value)) return `must be a finite number, got ${describe(value)}`;
  const node = spec.node;
  if (node.type === "int" && !Number.isInteger(value)) return `must be an integer, got ${value}`;
  if (spec.log && !(value > 0)) return `must be > 0, got ${value}`;
  if (spec.bounded) {
    const lo = spec.natLow;
    const hi = spec.natHigh;
    if (value < lo) return `must be >= ${lo}, got ${value}`;
    if (value > hi) return spec.kind === "discrete" ? `must be <= ${hi} (the last value on the step grid), got ${value}` : `must be <= ${hi}, got ${value}`;
  } else {
    // Sampled values are cut at the tail, then rounded to q: they may lie up to one step beyond it.
    const [a, b] = tailRange(spec);
    const lo = (spec.log ? Math.exp(a) : a) - spec.step;
    const hi = (spec.log ? Math.exp(b) : b) + spec.step;
    if (value < lo || value > hi) return `must be within mu +- ${TAIL_SIGMAS} sigma (${lo} to ${hi}), got ${value}`;
  }
  if (spec.kind === "continuous") return { internal: spec.log ? Math.log(value) : value, value };
  const origin = spec.bounded ? spec.natLow : 0;
  const k = (value - origin) / spec.step;
  if (Math.abs(k - Math.round(k)) > GRID_TOL * Math.max(1, Math.abs(k))) {
    return spec.bounded ? `must be on the step grid ${spec.natLow} + k * ${spec.step}, got ${value}` : `must be a multiple of ${spec.step}, got ${value}`;
  }
  const snapped = node.type === "int" ? origin + Math.round(k) * spec.step : clean(origin + Math.round(k) * spec.step);
  if (spec.log && !(snapped > 0)) return `must be >= ${spec.step}, got ${value}`;
  return { internal: spec.log ? Math.log(snapped) : snapped, value: snapped };
}

function isLiteralKey(v: unknown): string | undefined {
  if (v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))) return valueKey(v);
  return undefined;
}
