import type { TrialState } from "@/lib/optimizer";
import type { Brushes } from "./transforms/parallel";
import type { ScalarXMode } from "./transforms/scalar";
import { setOwn } from "@/lib/shared/own";

/**
 * Everything about how an experiment page looks that a link should carry: brushes, selection, chart
 * settings, filters. Kept in the URL (`?v=`), and stored in share links, as the diff from the default.
 */
export interface ViewState {
  brushes: Brushes;
  /** Parallel coordinates: axis keys in the user's order ([] = the space's order). */
  axisOrder: string[];
  selected: number[];
  metric: string | null;
  smoothing: number;
  xAxis: ScalarXMode;
  logY: boolean;
  /** Regex over "#<number> <param>=<value> ..." choosing which trials' curves to overlay. */
  curveFilter: string;
  lossLogY: boolean;
  /** The objective chart's x axis: trial number or completion time. */
  lossX: "number" | "time";
  sliceLogY: boolean;
  /** A trial's page: which of its metrics' charts to show (a substring of the name). */
  metricFilter: string;
  slice: string | null;
  /** Several objectives: which one (by index) the objective chart, parallel coordinates and slice show. */
  objective: number;
  states: TrialState[];
  /** Trials table: parameter ranges ([lo, hi], null = open) and the objective's range. */
  ranges: Record<string, [number | null, number | null]>;
  valueRange: [number | null, number | null] | null;
  sort: { key: string; dir: "asc" | "desc" };
}

export const DEFAULT_VIEW: ViewState = {
  brushes: {},
  axisOrder: [],
  selected: [],
  metric: null,
  smoothing: 0.6,
  xAxis: "step",
  logY: false,
  curveFilter: "",
  lossLogY: false,
  lossX: "number",
  sliceLogY: false,
  metricFilter: "",
  slice: null,
  objective: 0,
  states: [],
  ranges: {},
  valueRange: null,
  sort: { key: "number", dir: "asc" },
};

const X_MODES: ScalarXMode[] = ["step", "relative", "wall"];
const STATES: TrialState[] = ["waiting", "running", "complete", "pruned", "failed"];

/** Reads a view from untrusted input (a URL or a stored link), keeping only well-formed fields. */
export function parseView(raw: unknown): ViewState {
  const v: ViewState = structuredClone(DEFAULT_VIEW);
  if (!raw || typeof raw !== "object") return v;
  const r = raw as Record<string, unknown>;
  if (r.brushes && typeof r.brushes === "object") {
    const brushes: Record<string, Brushes[string]> = {};
    for (const [k, b] of Object.entries(r.brushes as Record<string, unknown>)) {
      if (Array.isArray(b) && b.length === 2 && b.every((x) => typeof x === "number" && Number.isFinite(x))) setOwn(brushes, k, [b[0], b[1]] as const);
      else if (Array.isArray(b) && b.every((x) => typeof x === "string")) setOwn(brushes, k, b as string[]);
    }
    v.brushes = brushes;
  }
  if (Array.isArray(r.axisOrder)) v.axisOrder = [...new Set(r.axisOrder.filter((k): k is string => typeof k === "string" && k.length <= 500))].slice(0, 500);
  if (Array.isArray(r.selected)) v.selected = r.selected.filter((x): x is number => Number.isSafeInteger(x)).slice(0, 200);
  if (typeof r.metric === "string") v.metric = r.metric;
  if (typeof r.smoothing === "number" && r.smoothing >= 0 && r.smoothing < 1) v.smoothing = r.smoothing;
  if (typeof r.xAxis === "string" && (X_MODES as string[]).includes(r.xAxis)) v.xAxis = r.xAxis as ScalarXMode;
  if (typeof r.logY === "boolean") v.logY = r.logY;
  if (typeof r.lossLogY === "boolean") v.lossLogY = r.lossLogY;
  if (r.lossX === "number" || r.lossX === "time") v.lossX = r.lossX;
  if (typeof r.sliceLogY === "boolean") v.sliceLogY = r.sliceLogY;
  if (typeof r.metricFilter === "string") v.metricFilter = r.metricFilter.slice(0, 200);
  if (typeof r.curveFilter === "string") v.curveFilter = r.curveFilter.slice(0, 500);
  if (typeof r.slice === "string") v.slice = r.slice;
  if (Number.isSafeInteger(r.objective) && (r.objective as number) >= 0 && (r.objective as number) < 64) v.objective = r.objective as number;
  if (Array.isArray(r.states)) v.states = r.states.filter((s): s is TrialState => (STATES as unknown[]).includes(s));
  const range = (x: unknown): [number | null, number | null] | null =>
    Array.isArray(x) && x.length === 2 && x.every((e) => e === null || (typeof e === "number" && Number.isFinite(e))) ? [x[0] as number | null, x[1] as number | null] : null;
  if (r.ranges && typeof r.ranges === "object") {
    for (const [k, x] of Object.entries(r.ranges as Record<string, unknown>)) {
      const ok = range(x);
      if (ok) setOwn(v.ranges, k, ok);
    }
  }
  v.valueRange = range(r.valueRange);
  if (r.sort && typeof r.sort === "object") {
    const s = r.sort as Record<string, unknown>;
    if (typeof s.key === "string" && (s.dir === "asc" || s.dir === "desc")) v.sort = { key: s.key, dir: s.dir };
  }
  return v;
}

/** The fields that differ from the default, for a short URL. */
export function viewDiff(view: ViewState): Partial<ViewState> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_VIEW) as Array<keyof ViewState>) {
    if (JSON.stringify(view[key]) !== JSON.stringify(DEFAULT_VIEW[key])) out[key] = view[key];
  }
  return out as Partial<ViewState>;
}

export function encodeView(view: ViewState): string {
  const diff = viewDiff(view);
  return Object.keys(diff).length === 0 ? "" : JSON.stringify(diff);
}

export function decodeView(param: string | null): ViewState {
  if (!param) return structuredClone(DEFAULT_VIEW);
  try {
    return parseView(JSON.parse(param));
  } catch {
    return structuredClone(DEFAULT_VIEW);
  }
}
