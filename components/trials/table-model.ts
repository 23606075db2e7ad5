import type { ParamValue, TrialState } from "@/lib/optimizer";
import type { TrialRow } from "./rows";
import { own } from "@/lib/shared/own";

// The trials table's sort, filter and selection rules as pure functions, so the page (which keeps them
// in the URL), tests and the component all agree.

export const TRIAL_STATES: readonly TrialState[] = ["complete", "running", "waiting", "pruned", "failed"];

/** "number", "value", "duration", or `param:<path>` (prefixed so a parameter named "value" cannot clash). */
export type TrialSortKey = "number" | "value" | "duration" | `param:${string}`;
export type SortDir = "asc" | "desc";
export interface TrialSort {
  key: TrialSortKey;
  dir: SortDir;
}

/** Inclusive bounds; null leaves that side open. */
export type Range = [lo: number | null, hi: number | null];

export interface TrialFilters {
  /** States to show; empty shows every state. */
  states: TrialState[];
  /** Per parameter path; a trial without the parameter (or with a non-numeric value) is filtered out. */
  ranges: Record<string, Range>;
  /** On the objective value; trials without a value are filtered out. */
  valueRange?: Range;
}

export const EMPTY_FILTERS: TrialFilters = { states: [], ranges: {} };
export const DEFAULT_SORT: TrialSort = { key: "number", dir: "asc" };

export const paramSortKey = (name: string): TrialSortKey => `param:${name}`;

/** For reading a sort key back from the URL. */
export function isTrialSortKey(s: string): s is TrialSortKey {
  return s === "number" || s === "value" || s === "duration" || (s.startsWith("param:") && s.length > 6);
}

type SortValue = number | string | boolean;

function sortValue(row: TrialRow, key: TrialSortKey): SortValue | null {
  let v: ParamValue | undefined;
  if (key === "number") v = row.number;
  else if (key === "value") v = row.value;
  else if (key === "duration") v = row.durationMs;
  else v = own(row.params, key.slice(6));
  if (v === undefined || v === null || (typeof v === "number" && Number.isNaN(v))) return null;
  return v;
}

const TYPE_RANK = { number: 0, boolean: 1, string: 2 } as const;

function compareValues(a: SortValue, b: SortValue): number {
  const ta = typeof a as keyof typeof TYPE_RANK;
  const tb = typeof b as keyof typeof TYPE_RANK;
  if (ta !== tb) return TYPE_RANK[ta] - TYPE_RANK[tb];
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A sorted copy. Missing keys (no value yet, parameter absent, NaN) go last in both directions; ties and
 * missing keys keep trial-number order. Mixed parameter types sort numbers, then booleans, then strings.
 */
export function sortRows(rows: ReadonlyArray<TrialRow>, sort: TrialSort): TrialRow[] {
  const n = rows.length;
  const keys = new Array<SortValue | null>(n);
  for (let i = 0; i < n; i++) keys[i] = sortValue(rows[i] as TrialRow, sort.key);
  const sign = sort.dir === "asc" ? 1 : -1;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    const ka = keys[a] ?? null;
    const kb = keys[b] ?? null;
    if (ka !== null && kb !== null) {
      const c = compareValues(ka, kb);
      if (c !== 0) return sign * c;
    } else if (ka !== kb) {
      return ka === null ? 1 : -1;
    }
    return (rows[a] as TrialRow).number - (rows[b] as TrialRow).number;
  });
  return Array.from(order, (i) => rows[i] as TrialRow);
}

function isOpen(range: Range | undefined): boolean {
  return !range || (range[0] === null && range[1] === null);
}

function inRange(v: unknown, [lo, hi]: Range): boolean {
  if (typeof v !== "number" || Number.isNaN(v)) return false;
  const min = lo !== null && hi !== null ? Math.min(lo, hi) : lo;
  const max = lo !== null && hi !== null ? Math.max(lo, hi) : hi;
  return (min === null || v >= min) && (max === null || v <= max);
}

/** Whether any filter narrows the rows. */
export function hasActiveFilters(filters: TrialFilters): boolean {
  return filters.states.length > 0 || !isOpen(filters.valueRange) || Object.values(filters.ranges).some((r) => !isOpen(r));
}

/** The rows passing every filter, in input order; the input itself when no filter is active. */
export function filterRows(rows: ReadonlyArray<TrialRow>, filters: TrialFilters): ReadonlyArray<TrialRow> {
  if (!hasActiveFilters(filters)) return rows;
  const states = filters.states.length > 0 ? new Set<TrialState>(filters.states) : null;
  const ranges = Object.entries(filters.ranges).filter(([, r]) => !isOpen(r));
  const valueRange = isOpen(filters.valueRange) ? null : (filters.valueRange as Range);
  return rows.filter(
    (row) =>
      (!states || states.has(row.state)) &&
      (!valueRange || inRange(row.value, valueRange)) &&
      ranges.every(([name, range]) => inRange(own(row.params, name), range)),
  );
}

/** Clicking a header: the same key flips direction; a new key starts best-first for the value, else ascending. */
export function nextSort(current: TrialSort, key: TrialSortKey, direction: "minimize" | "maximize"): TrialSort {
  if (current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: key === "value" && direction === "maximize" ? "desc" : "asc" };
}

export function toggleState(filters: TrialFilters, state: TrialState): TrialFilters {
  const states = filters.states.includes(state) ? filters.states.filter((s) => s !== state) : [...filters.states, state];
  return { ...filters, states };
}

/** Sets (or with an open range, removes) one parameter's range. */
export function setParamRange(filters: TrialFilters, name: string, range: Range): TrialFilters {
  const { [name]: _old, ...rest } = filters.ranges;
  return { ...filters, ranges: isOpen(range) ? rest : { ...rest, [name]: range } };
}

export function countStates(rows: ReadonlyArray<TrialRow>): Record<TrialState, number> {
  const counts: Record<TrialState, number> = { waiting: 0, running: 0, complete: 0, pruned: 0, failed: 0 };
  for (const row of rows) counts[row.state]++;
  return counts;
}

/** Min and max of each parameter's numeric values; parameters without any number are left out. */
export function numericExtents(rows: ReadonlyArray<TrialRow>, paramNames: ReadonlyArray<string>): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const name of paramNames) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of rows) {
      const v = own(row.params, name);
      if (typeof v !== "number" || Number.isNaN(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo <= hi) out.set(name, [lo, hi]);
  }
  return out;
}

/** The best objective value among the rows (null when none has one). */
export function bestValue(rows: ReadonlyArray<TrialRow>, direction: "minimize" | "maximize"): number | null {
  let best: number | null = null;
  for (const row of rows) {
    const v = row.value;
    if (v === null || Number.isNaN(v)) continue;
    if (best === null || (direction === "minimize" ? v < best : v > best)) best = v;
  }
  return best;
}

/** Header checkbox: "all" when every shown row is selected, "some" when a few are, else "none". */
export function selectionState(selected: ReadonlySet<number>, shown: ReadonlyArray<TrialRow>): "all" | "some" | "none" {
  if (selected.size === 0 || shown.length === 0) return "none";
  let count = 0;
  for (const row of shown) if (selected.has(row.id)) count++;
  return count === shown.length ? "all" : count > 0 ? "some" : "none";
}

/** Header checkbox click: deselects the shown rows when all are selected, else adds them all. */
export function toggleAllShown(selected: ReadonlySet<number>, shown: ReadonlyArray<TrialRow>): Set<number> {
  const next = new Set(selected);
  if (selectionState(selected, shown) === "all") for (const row of shown) next.delete(row.id);
  else for (const row of shown) next.add(row.id);
  return next;
}

/** A shift-click: sets every shown row between the anchor and the target (inclusive) to `on`. */
export function selectRange(selected: ReadonlySet<number>, shown: ReadonlyArray<TrialRow>, anchorId: number, targetId: number, on: boolean): Set<number> {
  const a = shown.findIndex((r) => r.id === anchorId);
  const b = shown.findIndex((r) => r.id === targetId);
  const next = new Set(selected);
  if (b < 0) return next;
  const [from, to] = a < 0 ? [b, b] : [Math.min(a, b), Math.max(a, b)];
  for (let i = from; i <= to; i++) {
    const id = (shown[i] as TrialRow).id;
    if (on) next.add(id);
    else next.delete(id);
  }
  return next;
}

/** One line for the table's error cell: a Python traceback's last line (the exception), else the first line. */
export function errorSummary(error: string): string {
  const lines = error.split("\n").map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return "";
  return (/^Traceback \(most recent call last\)/.test(lines[0] as string) ? lines.at(-1) : lines[0]) as string;
}
