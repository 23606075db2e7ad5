"use client";

import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { formatNumber } from "@/lib/shared/format";
import type { TrialRow } from "./rows";
import { numericExtents, setParamRange, type Range, type TrialFilters } from "./table-model";
import { own, setOwn } from "@/lib/shared/own";

export interface RangeFilterPopoverProps {
  rows: ReadonlyArray<TrialRow>;
  paramNames: ReadonlyArray<string>;
  objectiveLabel: string;
  filters: TrialFilters;
  onApply: (filters: TrialFilters) => void;
  onClose: () => void;
}

type Draft = Record<string, [string, string]>;
const VALUE_KEY = "\u0000value";

const toText = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));
const toBound = (s: string): number | null => {
  const t = s.trim();
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
};

/**
 * Min/max inputs for the objective value and every numeric parameter. Edits stay local until applied,
 * so typing does not rewrite the URL (and refilter 100,000 rows) on every keystroke.
 */
export function RangeFilterPopover({ rows, paramNames, objectiveLabel, filters, onApply, onClose }: RangeFilterPopoverProps) {
  const extents = useMemo(() => numericExtents(rows, paramNames), [rows, paramNames]);
  const valueExtent = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const { value } of rows) {
      if (value === null || Number.isNaN(value)) continue;
      lo = Math.min(lo, value);
      hi = Math.max(hi, value);
    }
    return lo <= hi ? ([lo, hi] as const) : null;
  }, [rows]);
  const [draft, setDraft] = useState<Draft>(() => {
    const d: Draft = { [VALUE_KEY]: [toText(filters.valueRange?.[0]), toText(filters.valueRange?.[1])] };
    for (const name of extents.keys()) setOwn(d, name, [toText(own(filters.ranges, name)?.[0]), toText(own(filters.ranges, name)?.[1])]);
    return d;
  });
  const panel = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (panel.current && !panel.current.parentElement?.contains(e.target as Node)) onClose();
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [onClose]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    let next: TrialFilters = { ...filters };
    const [vlo = "", vhi = ""] = draft[VALUE_KEY] ?? [];
    const valueRange: Range = [toBound(vlo), toBound(vhi)];
    if (valueRange[0] === null && valueRange[1] === null) delete next.valueRange;
    else next.valueRange = valueRange;
    for (const name of extents.keys()) {
      const [lo = "", hi = ""] = own(draft, name) ?? [];
      next = setParamRange(next, name, [toBound(lo), toBound(hi)]);
    }
    onApply(next);
    onClose();
  };

  const field = (key: string, label: string, extent: readonly [number, number] | null | undefined, testId: string, mono: boolean) => {
    const [lo = "", hi = ""] = own(draft, key) ?? [];
    const set = (i: 0 | 1, v: string) => setDraft((d) => ({ ...d, [key]: i === 0 ? [v, hi] : [lo, v] }));
    const input = "w-24 rounded border border-slate-200 px-1.5 py-1 text-right font-mono text-xs tabular focus:border-indigo-400 focus:outline-none";
    return (
      <div key={key} className="grid grid-cols-[minmax(0,1fr)_auto_auto] items-center gap-2">
        <span className={`truncate text-xs text-slate-700 ${mono ? "font-mono" : "font-medium"}`} title={label}>
          {label}
        </span>
        <input type="number" step="any" aria-label={`${label} minimum`} data-testid={`${testId}-min`} value={lo} placeholder={extent ? formatNumber(extent[0]) : "min"} onChange={(e) => set(0, e.target.value)} className={input} />
        <input type="number" step="any" aria-label={`${label} maximum`} data-testid={`${testId}-max`} value={hi} placeholder={extent ? formatNumber(extent[1]) : "max"} onChange={(e) => set(1, e.target.value)} className={input} />
      </div>
    );
  };

  return (
    <form
      ref={panel}
      onSubmit={submit}
      data-testid="range-filter-popover"
      className="absolute left-0 top-full z-30 mt-1 w-96 max-w-[calc(100vw-2rem)] space-y-3 rounded-lg border border-slate-200 bg-white p-3 shadow-lg"
    >
      <div className="grid grid-cols-[minmax(0,1fr)_auto_auto] gap-2 text-[10px] font-medium uppercase tracking-wide text-slate-400">
        <span>Column</span>
        <span className="w-24 text-right">Min</span>
        <span className="w-24 text-right">Max</span>
      </div>
      <div className="max-h-72 space-y-1.5 overflow-y-auto pr-1">
        {field(VALUE_KEY, objectiveLabel, valueExtent, "range-value", false)}
        {[...extents.entries()].map(([name, extent]) => field(name, name, extent, `range-${name}`, true))}
        {extents.size === 0 && <p className="text-xs text-slate-500">No numeric parameters to filter.</p>}
      </div>
      <div className="flex items-center justify-end gap-2 border-t border-slate-100 pt-2">
        <button type="button" onClick={() => setDraft((d) => Object.fromEntries(Object.keys(d).map((k) => [k, ["", ""]])))} className="rounded-md px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100">
          Reset
        </button>
        <button type="submit" data-testid="range-filter-apply" className="rounded-md bg-indigo-600 px-3 py-1 text-xs font-medium text-white hover:bg-indigo-700">
          Apply
        </button>
      </div>
    </form>
  );
}
