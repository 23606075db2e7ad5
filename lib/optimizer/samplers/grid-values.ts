import { ConfigError } from "../errors";
import { joinPath, type Issues } from "../config-util";
import { normInv } from "../math/normal";
import { compileSpace, type CompiledSpace, type ParamSpec } from "../space/compile";
import { snap, toInternal } from "../space/convert";
import type { GridConfig, Space } from "../types";

/** A grid as a tree: products of parameters, where a choice sums over its options' own products. */
export type GridNode =
  | { kind: "leaf"; spec: ParamSpec; values: number[]; size: number }
  | { kind: "choice"; spec: ParamSpec; options: Array<{ index: number; children: GridNode[]; size: number }>; size: number };

export interface Grid {
  space: CompiledSpace;
  roots: GridNode[];
  size: number;
}

/** Discrete parameters with more values than this need explicit values or a resolution. */
const MAX_ENUMERATED = 10000;

export function productSize(nodes: ReadonlyArray<GridNode>): number {
  return nodes.reduce((acc, n) => acc * n.size, 1);
}

/** The part of a grid config that shapes the grid; `values` may be omitted. */
export type GridShape = { values?: GridConfig["values"]; resolution?: number };

/** Builds the grid of a space, reporting every parameter that cannot be enumerated. */
export function buildGrid(space: Space | unknown, shape: GridShape): Grid {
  const cfg = { values: shape.values ?? {}, resolution: shape.resolution };
  const compiled = compileSpace(space);
  const issues: Issues = [];
  for (const path of Object.keys(cfg.values)) {
    if (!compiled.byPath.has(path)) issues.push({ path: joinPath("values", path), message: "unknown parameter" });
  }
  const childrenOf = (parent: number, option: number): ParamSpec[] => compiled.specs.filter((s) => s.parent === parent && s.parentOption === option);
  const build = (spec: ParamSpec): GridNode | undefined => {
    const values = axisValues(spec, cfg, issues);
    if (!values) return undefined;
    if (spec.node.type !== "choice") return { kind: "leaf", spec, values, size: values.length };
    const options = values.map((index) => {
      const children = childrenOf(spec.index, index).map(build).filter((n): n is GridNode => n !== undefined);
      return { index, children, size: productSize(children) };
    });
    return { kind: "choice", spec, options, size: options.reduce((a, o) => a + o.size, 0) };
  };
  const roots = compiled.specs.filter((s) => s.parent < 0).map(build).filter((n): n is GridNode => n !== undefined);
  if (issues.length > 0) throw new ConfigError(issues, "invalid grid");
  return { space: compiled, roots, size: productSize(roots) };
}

/** Number of configurations of the grid; throws ConfigError when a parameter cannot be enumerated. */
export function gridSize(space: Space | unknown, cfg: GridShape): number {
  return buildGrid(space, cfg).size;
}

/** Internal values of one parameter on the grid (sorted, distinct), or undefined with an issue. */
function axisValues(spec: ParamSpec, cfg: { values: GridConfig["values"]; resolution?: number | undefined }, issues: Issues): number[] | undefined {
  const p = joinPath("values", spec.path);
  const given = cfg.values[spec.path];
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
    return ok ? dedupe(out) : undefined;
  }
  if (spec.kind === "const") return [0];
  if (spec.kind === "categorical") return Array.from({ length: spec.count }, (_, i) => i);
  const res = cfg.resolution;
  if (spec.kind === "discrete" && spec.bounded && (res === undefined || spec.count <= res)) {
    if (spec.count > MAX_ENUMERATED) {
      issues.push({ path: p, message: `has ${spec.count} values; give grid values or a resolution` });
      return undefined;
    }
    return Array.from({ length: spec.count }, (_, k) => snap(spec, spec.log ? Math.log(spec.natLow + k * spec.step) : spec.natLow + k * spec.step));
  }
  if (res === undefined) {
    issues.push({ path: p, message: "a continuous parameter needs grid values or a resolution" });
    return undefined;
  }
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
  return dedupe(out);
}

function dedupe(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
