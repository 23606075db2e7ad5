import { normCdf, normInv } from "../math/normal";
import type { ParamSpec } from "../space/compile";
import { naturalValue, snap } from "../space/convert";

// The GP's input space: every modelled parameter becomes one coordinate. Bounded numeric parameters map their
// model-space range (log space for log parameters, bin edges for discrete ones) linearly onto [0, 1];
// normal-family parameters map through their prior's CDF, so [0, 1] covers the prior's quantiles instead of a
// ±10 sigma box that would be mostly tails. Categoricals (and choices) keep their index: the kernel compares
// them as equal / different. Discrete parameters with at most MAX_GRID values are searched on their grid;
// larger ones are treated as continuous and rounded when suggested.

export type GpDimKind = "continuous" | "grid" | "categorical";

export interface GpDim {
  spec: ParamSpec;
  kind: GpDimKind;
  /** Normalised grid values, ascending (grid), or the category count (categorical). */
  grid: Float64Array | null;
  count: number;
}

/** Discrete parameters with more values than this are modelled as continuous (a 1/256 rounding is noise). */
export const MAX_GRID = 256;

function linear(spec: ParamSpec, x: number): number {
  const w = spec.high - spec.low;
  if (!(w > 0)) return 0.5;
  return Math.min(1, Math.max(0, (x - spec.low) / w));
}

export function makeDim(spec: ParamSpec): GpDim {
  if (spec.kind === "categorical") return { spec, kind: "categorical", grid: null, count: spec.count };
  if (spec.kind === "discrete" && spec.bounded && spec.count <= MAX_GRID) {
    const grid = new Float64Array(spec.count);
    for (let k = 0; k < spec.count; k++) {
      const v = naturalValue(spec, spec.log ? Math.log(spec.natLow + k * spec.step) : spec.natLow + k * spec.step);
      grid[k] = linear(spec, spec.log ? Math.log(v) : v);
    }
    grid.sort();
    return { spec, kind: "grid", grid, count: spec.count };
  }
  return { spec, kind: "continuous", grid: null, count: Infinity };
}

/** Index of the grid value nearest to u. */
export function nearestGridIndex(grid: Float64Array, u: number): number {
  let lo = 0;
  let hi = grid.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (grid[mid]! <= u) lo = mid;
    else hi = mid;
  }
  return Math.abs(u - grid[lo]!) <= Math.abs(grid[hi]! - u) ? lo : hi;
}

/** Normalised coordinate of an internal value (values outside the space are clamped into it). */
export function normalize(dim: GpDim, internal: number): number {
  const spec = dim.spec;
  if (dim.kind === "categorical") return Math.min(dim.count - 1, Math.max(0, Math.round(internal)));
  if (!spec.bounded) return Math.min(1, Math.max(0, normCdf((internal - spec.priorMu) / spec.priorSigma)));
  const u = linear(spec, internal);
  return dim.kind === "grid" ? dim.grid![nearestGridIndex(dim.grid!, u)]! : u;
}

/** Internal value of a normalised coordinate, snapped to a valid value of the parameter. */
export function denormalize(dim: GpDim, u: number): number {
  const spec = dim.spec;
  if (dim.kind === "categorical") return Math.min(dim.count - 1, Math.max(0, Math.round(u)));
  if (!spec.bounded) {
    // Phi(-10) ~ 7.6e-24 and 1 - 1e-16: the prior's ±10 sigma tail range the engine keeps values in.
    const p = Math.min(1 - 1e-16, Math.max(7.6e-24, u));
    return snap(spec, spec.priorMu + spec.priorSigma * normInv(p));
  }
  return snap(spec, spec.low + Math.min(1, Math.max(0, u)) * (spec.high - spec.low));
}

/** Maps a uniform draw in [0, 1) onto the dimension: rounded to the grid, or to a category. */
export function fromUniform(dim: GpDim, u: number): number {
  if (dim.kind === "categorical") return Math.min(dim.count - 1, Math.floor(u * dim.count));
  if (dim.kind === "grid") return dim.grid![Math.min(dim.count - 1, Math.floor(u * dim.count))]!;
  return u;
}
