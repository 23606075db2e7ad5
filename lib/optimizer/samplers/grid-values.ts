import { ConfigError } from "../errors";
import { joinPath, type Issues } from "../config-util";
import { MAX_GRID_AXIS, MAX_GRID_SIZE } from "../limits";
import { normInv } from "../math/normal";
import { own } from "../own";
import { compileSpace, type CompiledSpace, type ParamSpec } from "../space/compile";
import { snap, toInternal } from "../space/convert";
import type { GridConfig, Space } from "../types";

/** The grid values of one parameter, ascending and distinct, computed from their index when that is cheap. */
export interface Axis {
  size: number;
  /** Internal value of grid value i, 0 <= i < size. */
  at(i: number): number;
}

/** A grid as a tree: products of parameters, where a choice sums over its options' own products. */
export type GridNode =
  | { kind: "leaf"; spec: ParamSpec; axis: Axis; size: number }
  | { kind: "choice"; spec: ParamSpec; options: Array<{ index: number; children: GridNode[]; size: number }>; size: number };

export interface Grid {
  space: CompiledSpace;
  roots: GridNode[];
  size: number;
}

export function productSize(nodes: ReadonlyArray<GridNode>): number {
  return nodes.reduce((acc, n) => acc * n.size, 1);
}

/** The part of a grid config that shapes the grid; `values` may be omitted. */
export type GridShape = { values?: GridConfig["values"]; resolution?: number };

/**
 * Builds the grid of a space, reporting every parameter that cannot be enumerated and a grid with more than
 * MAX_GRID_SIZE configurations. Nothing here is proportional to the grid's size: configuration i is decoded from
 * i (see grid.ts), and an axis is a formula except where a resolution's points need de-duplicating.
 */
export function buildGrid(space: Space | unknown, shape: GridShape): Grid {
  const cfg = { values: shape.values ?? {}, resolution: shape.resolution };
  const compiled = compileSpace(space);
  const issues: Issues = [];
  for (const path of Object.keys(cfg.values)) {
    if (!compiled.byPath.has(path)) issues.push({ path: joinPath("values", path), message: "unknown parameter" });
  }
  const children = new Map<string, ParamSpec[]>();
  for (const s of compiled.specs) {
    const key = `${s.parent}:${s.parentOption}`;
    const list = children.get(key);
    if (list) list.push(s);
    else children.set(key, [s]);
  }
  const childrenOf = (parent: number, option: number): ParamSpec[] => children.get(`${parent}:${option}`) ?? [];
  const build = (spec: ParamSpec): GridNode | undefined => {
    const axis = axisOf(spec, cfg, issues);
    if (!axis) return undefined;
    if (spec.node.type !== "choice") return { kind: "leaf", spec, axis, size: axis.size };
    const options = Array.from({ length: axis.size }, (_, i) => {
      const index = axis.at(i);
      const kids = childrenOf(spec.index, index).map(build).filter((n): n is GridNode => n !== undefined);
      return { index, children: kids, size: productSize(kids) };
    });
    return { kind: "choice", spec, options, size: options.reduce((a, o) => a + o.size, 0) };
  };
  const roots = childrenOf(-1, -1).map(build).filter((n): n is GridNode => n !== undefined);
  const size = productSize(roots);
  if (issues.length === 0 && size > MAX_GRID_SIZE) {
    const what = size > 1e15 ? size.toExponential(2) : String(size);
    issues.push({ path: "", message: `the grid has ${what} configurations; at most ${MAX_GRID_SIZE} are allowed (the largest budget): give fewer grid values or a smaller resolution` });
  }
  if (issues.length > 0) throw new ConfigError(issues, "invalid grid");
  return { space: compiled, roots, size };
}

/** Number of configurations of the grid; throws ConfigError when a parameter cannot be enumerated or the grid is too large. */
export function gridSize(space: Space | unknown, cfg: GridShape): number {
  return buildGrid(space, cfg).size;
}

function listAxis(values: number[]): Axis {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  return { size: sorted.length, at: (i) => sorted[i]! };
}

/** Internal values of one parameter on the grid, or undefined with an issue. */
function axisOf(spec: ParamSpec, cfg: { values: GridConfig["values"]; resolution?: number | undefined }, issues: Issues): Axis | undefined {
  const p = joinPath("values", spec.path);
  const given = own(cfg.values, spec.path);
  if (given) {
    const out: number[] = [];
    let ok = true;
    given.forEach((v, i) => {
      const r = toInternal(spec, v);
      if (typeof r === "string") {
        issues.push({ path: joinPath(p, i), message: r });
        ok = false;
      } else out.push(r.internal);
    });
    return ok ? listAxis(out) : undefined;
  }
  if (spec.kind === "const") return { size: 1, at: () => 0 };
  if (spec.kind === "categorical") return { size: spec.count, at: (i) => i };
  const res = cfg.resolution;
  if (spec.kind === "discrete" && spec.bounded && (res === undefined || spec.count <= res)) {
    if (spec.count > MAX_GRID_AXIS) {
      issues.push({ path: p, message: `has ${spec.count} values; at most ${MAX_GRID_AXIS} are enumerated: give grid values or a resolution` });
      return undefined;
    }
    // Grid value k snaps back to index k, so these are distinct and ascending without a table.
    return { size: spec.count, at: (k) => snap(spec, spec.log ? Math.log(spec.natLow + k * spec.step) : spec.natLow + k * spec.step) };
  }
  if (res === undefined) {
    issues.push({ path: p, message: "a continuous parameter needs grid values or a resolution" });
    return undefined;
  }
  // At most MAX_GRID_RESOLUTION points, materialised because snapping can merge neighbours.
  const out: number[] = [];
  for (let i = 0; i < res; i++) {
    if (spec.bounded) {
      const t = res === 1 ? 0.5 : i / (res - 1);
      const lo = spec.kind === "discrete" ? (spec.log ? Math.log(spec.natLow) : spec.natLow) : spec.low;
      const hi = spec.kind === "discrete" ? (spec.log ? Math.log(spec.natHigh) : spec.natHigh) : spec.high;
      out.push(snap(spec, lo + t * (hi - lo)));
    } else {
      // Unbounded normals: equal-probability quantiles of the prior.
      out.push(snap(spec, spec.priorMu + spec.priorSigma * normInv((i + 0.5) / res)));
    }
  }
  return listAxis(out);
}
