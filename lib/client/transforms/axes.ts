import { compileSpace, type ParamSpec, type ParamValue, type Space } from "@/lib/optimizer";
import type { TrialDto } from "@/lib/schemas/trial";
import { own } from "@/lib/shared/own";

export type AxisKind = "linear" | "log" | "categorical";

/** One dimension of a trial as the parallel-coordinates and slice charts draw it. */
export interface ParamAxis {
  key: string;
  label: string;
  kind: AxisKind;
  /** Numeric axes: [low, high] in data units (both > 0 on log axes). Derived from the data when absent. */
  domain?: readonly [number, number];
  /** Categorical axes: the categories, bottom to top. Derived from the data when absent. */
  categories?: ReadonlyArray<ParamValue>;
  /** Conditional parameter: an "absent" slot at the bottom for trials whose branch does not set it. */
  hasAbsent: boolean;
  /** Where the value comes from: the param named key (default) or the trial's objective value. */
  source?: "param" | "objective";
  /** A discrete numeric parameter's step (1 for integers, q when quantized): its ticks fall on the grid. */
  step?: number;
}

/** The part of a trial the transforms read, so tests and callers can pass lightweight objects. */
export type TrialLike = Pick<TrialDto, "number" | "params" | "value">;

export const OBJECTIVE_KEY = "__objective__";
/** Category key of a trial whose branch does not set the parameter. */
export const ABSENT = "__absent__";

/** The axis's value for a trial; undefined when the parameter is absent (null is a real categorical value). */
export function axisValue(trial: TrialLike, axis: Pick<ParamAxis, "key" | "source">): ParamValue | undefined {
  if (axis.source === "objective") return trial.value ?? undefined;
  return own(trial.params, axis.key);
}

/** String key of a categorical value (brushes hold these); ABSENT for undefined. */
export function categoryKey(v: ParamValue | undefined): string {
  if (v === undefined) return ABSENT;
  return typeof v === "string" ? v : String(v);
}

/** Finite [min, max] of the numbers among values (positive ones only when positive is set), or null. */
export function numericExtent(values: Iterable<unknown>, positive = false): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v) || (positive && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

function axisFromSpec(spec: ParamSpec, trials: ReadonlyArray<TrialLike>): ParamAxis | null {
  const base = { key: spec.path, label: spec.path, hasAbsent: spec.parent >= 0 };
  if (spec.kind === "const") return null;
  if (spec.kind === "categorical") return { ...base, kind: "categorical", categories: spec.values };
  const kind: AxisKind = spec.log ? "log" : "linear";
  const seen = numericExtent(trials.map((t) => own(t.params, spec.path)), spec.log);
  const bounded = Number.isFinite(spec.natLow) && Number.isFinite(spec.natHigh) && (!spec.log || spec.natLow > 0);
  // Spec bounds show where the sampler could have gone; widen to the data when values lie outside.
  const domain: [number, number] | null = bounded
    ? [Math.min(spec.natLow, seen?.[0] ?? Infinity), Math.max(spec.natHigh, seen?.[1] ?? -Infinity)]
    : seen;
  const step = spec.step > 0 ? { step: spec.step } : {};
  return domain ? { ...base, kind, domain, ...step } : { ...base, kind, ...step };
}

/** An axis for the objective, log when asked and every value is positive. */
export function objectiveAxis(trials: ReadonlyArray<TrialLike>, label = "objective", log = false): ParamAxis {
  const all = numericExtent(trials.map((t) => t.value));
  const positive = numericExtent(trials.map((t) => t.value), true);
  const useLog = log && all !== null && positive !== null && all[0] > 0;
  const domain = useLog ? positive : all;
  return { key: OBJECTIVE_KEY, label, kind: useLog ? "log" : "linear", hasAbsent: false, source: "objective", ...(domain ? { domain } : {}) };
}

/** Axes for every non-constant parameter of a search space (spec order), then the objective. */
export function axesFromSpace(space: Space | unknown, trials: ReadonlyArray<TrialLike>, objectiveLabel = "objective"): ParamAxis[] {
  const axes = compileSpace(space).specs.map((s) => axisFromSpec(s, trials)).filter((a): a is ParamAxis => a !== null);
  return [...axes, objectiveAxis(trials, objectiveLabel)];
}

/**
 * Axes inferred from the trials alone (no search space at hand): numbers become linear axes, anything else
 * categorical; a parameter missing from some trials gets an absent slot. Keys sorted for a stable order.
 */
export function axesFromTrials(trials: ReadonlyArray<TrialLike>, objectiveLabel = "objective"): ParamAxis[] {
  const keys = new Map<string, { count: number; numeric: boolean; cats: Map<string, ParamValue> }>();
  for (const t of trials) {
    for (const [k, v] of Object.entries(t.params)) {
      const e = keys.get(k) ?? { count: 0, numeric: true, cats: new Map<string, ParamValue>() };
      e.count++;
      if (typeof v !== "number") e.numeric = false;
      if (!e.cats.has(categoryKey(v))) e.cats.set(categoryKey(v), v);
      keys.set(k, e);
    }
  }
  const axes: ParamAxis[] = [...keys.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, e]) => {
      const hasAbsent = e.count < trials.length;
      if (!e.numeric) return { key, label: key, kind: "categorical", hasAbsent, categories: [...e.cats.values()].sort(compareValues) };
      const values = trials.map((t) => own(t.params, key));
      const domain = numericExtent(values);
      // Without the space, a parameter whose every value is a whole number is taken as an integer.
      const integer = values.every((v) => v === undefined || v === null || (typeof v === "number" && Number.isInteger(v)));
      return { key, label: key, kind: "linear", hasAbsent, ...(domain ? { domain } : {}), ...(integer ? { step: 1 } : {}) };
    });
  return [...axes, objectiveAxis(trials, objectiveLabel)];
}

function compareValues(a: ParamValue, b: ParamValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return categoryKey(a).localeCompare(categoryKey(b));
}

/**
 * The axes in the user's order: keys named in `order` first, as ordered there (unknown keys ignored), then the
 * rest in their own order. An empty order is the space's order.
 */
export function orderAxes<A extends Pick<ParamAxis, "key">>(axes: ReadonlyArray<A>, order: ReadonlyArray<string>): A[] {
  if (order.length === 0) return axes.slice();
  const byKey = new Map(axes.map((a) => [a.key, a]));
  const out: A[] = [];
  const taken = new Set<string>();
  for (const key of order) {
    const axis = byKey.get(key);
    if (axis && !taken.has(key)) {
      out.push(axis);
      taken.add(key);
    }
  }
  for (const a of axes) if (!taken.has(a.key)) out.push(a);
  return out;
}

/** The keys with the one at `from` moved to `to` (both clamped to the list). */
export function moveKey(keys: ReadonlyArray<string>, from: number, to: number): string[] {
  const out = keys.slice();
  if (from < 0 || from >= out.length) return out;
  const [key] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(out.length, to)), 0, key!);
  return out;
}
