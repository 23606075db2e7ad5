import { own, setOwn } from "../own";
import { ConfigError } from "../errors";
import { describe, isPlainObject, type Issues } from "../config-util";
import { compileSpace, isActive } from "./compile";
import { toInternal } from "./convert";
import { flattenParams } from "./nest";
import type { InternalParams, Params, Space } from "../types";

/**
 * Checks user-given parameters (e.g. an enqueued trial) against a space and converts them to internal form.
 * Accepts the flat form ("optimizer.adam.lr") or the nested form of nestParams. Consts may be omitted.
 */
export function validateParams(space: Space, input: Record<string, unknown>): { params: Params; internal: InternalParams } {
  const compiled = compileSpace(space);
  const flat: Record<string, unknown> = Object.values(input).some(isPlainObject) ? flattenParams(input) : input;
  const issues: Issues = [];
  const values = new Float64Array(compiled.specs.length).fill(NaN);
  const params: Params = {};
  const internal: InternalParams = {};
  for (const spec of compiled.specs) {
    const given = Object.hasOwn(flat, spec.path);
    if (!isActive(compiled.specs, spec, values)) {
      if (given) {
        const parent = compiled.specs[spec.parent];
        const chosen = parent ? own(params, parent.path) : undefined;
        const why = parent ? (chosen === undefined ? `${parent.path} is not set` : `${parent.path} is ${describe(chosen)}`) : "";
        issues.push({ path: spec.path, message: `is not active (${why})` });
      }
      continue;
    }
    if (!given) {
      if (spec.kind === "const") {
        setOwn(params, spec.path, spec.values[0] ?? null);
        setOwn(internal, spec.path, 0);
        values[spec.index] = 0;
      } else issues.push({ path: spec.path, message: "is required" });
      continue;
    }
    const r = toInternal(spec, own(flat, spec.path));
    if (typeof r === "string") {
      issues.push({ path: spec.path, message: r });
      continue;
    }
    setOwn(params, spec.path, r.value);
    setOwn(internal, spec.path, r.internal);
    values[spec.index] = r.internal;
  }
  for (const key of Object.keys(flat)) {
    if (!compiled.byPath.has(key)) issues.push({ path: key, message: "unknown parameter" });
  }
  if (issues.length > 0) throw new ConfigError(issues, "invalid parameters");
  return { params, internal };
}
