"use client";

import { memo, useCallback, useState } from "react";
import { formatNumber } from "@/lib/shared/format";
import type { TrialState } from "@/lib/optimizer";
import { RangeFilterPopover } from "./range-filter-popover";
import type { TrialRow } from "./rows";
import { EMPTY_FILTERS, TRIAL_STATES, hasActiveFilters, setParamRange, toggleState, type Range, type TrialFilters } from "./table-model";

export interface TrialsFilterBarProps {
  rows: ReadonlyArray<TrialRow>;
  paramNames: ReadonlyArray<string>;
  objectiveLabel: string;
  filters: TrialFilters;
  onFiltersChange: (filters: TrialFilters) => void;
  stateCounts: Record<TrialState, number>;
}

const DOT: Record<TrialState, string> = {
  complete: "bg-emerald-500",
  running: "bg-sky-500",
  waiting: "bg-slate-400",
  pruned: "bg-violet-500",
  failed: "bg-rose-500",
};

function rangeText([lo, hi]: Range): string {
  if (lo !== null && hi !== null) return `${formatNumber(Math.min(lo, hi))} – ${formatNumber(Math.max(lo, hi))}`;
  return lo !== null ? `≥ ${formatNumber(lo)}` : `≤ ${formatNumber(hi)}`;
}

function RangeChip({ label, range, mono, testId, onRemove }: { label: string; range: Range; mono: boolean; testId: string; onRemove: () => void }) {
  return (
    <span data-testid={testId} className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-0.5 pl-2.5 pr-1 text-xs text-indigo-800 ring-1 ring-inset ring-indigo-200">
      <span className={mono ? "font-mono" : "font-medium"}>{label}</span>
      <span className="tabular font-mono">{rangeText(range)}</span>
      <button type="button" aria-label={`Remove ${label} filter`} onClick={onRemove} className="rounded-full px-1 text-indigo-500 hover:bg-indigo-100 hover:text-indigo-900">
        ×
      </button>
    </span>
  );
}

/** State toggles, the range-filter popover and the active ranges as removable chips. */
export const TrialsFilterBar = memo(function TrialsFilterBar({ rows, paramNames, objectiveLabel, filters, onFiltersChange, stateCounts }: TrialsFilterBarProps) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const rangeCount = Object.keys(filters.ranges).length + (filters.valueRange ? 1 : 0);
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="trials-filter-bar">
      <div role="group" aria-label="Filter by state" className="flex flex-wrap items-center gap-1.5">
        {TRIAL_STATES.map((state) => {
          const on = filters.states.includes(state);
          return (
            <button
              key={state}
              type="button"
              aria-pressed={on}
              data-testid={`state-filter-${state}`}
              onClick={() => onFiltersChange(toggleState(filters, state))}
              className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset transition-colors ${
                on ? "bg-indigo-600 text-white ring-indigo-600 hover:bg-indigo-700" : "bg-white text-slate-600 ring-slate-200 hover:bg-slate-50 hover:text-slate-900"
              }`}
            >
              <span aria-hidden className={`size-1.5 rounded-full ${on ? "bg-white" : DOT[state]}`} />
              {state}
              <span className={`tabular ${on ? "text-indigo-100" : "text-slate-400"}`}>{stateCounts[state].toLocaleString("en-US")}</span>
            </button>
          );
        })}
      </div>
      <span aria-hidden className="mx-1 h-5 w-px bg-slate-200" />
      <div className="relative">
        <button
          type="button"
          aria-expanded={open}
          data-testid="range-filter-button"
          onClick={() => setOpen((o) => !o)}
          className={`inline-flex items-center gap-1 rounded-md px-2.5 py-1 text-xs font-medium ring-1 ring-inset ${open ? "bg-slate-100 text-slate-900 ring-slate-300" : "bg-white text-slate-600 ring-slate-200 hover:bg-slate-50 hover:text-slate-900"}`}
        >
          Ranges{rangeCount > 0 && <span className="tabular rounded bg-indigo-100 px-1 text-indigo-700">{rangeCount}</span>}
          <span aria-hidden className="text-[10px] text-slate-400">▾</span>
        </button>
        {open && <RangeFilterPopover rows={rows} paramNames={paramNames} objectiveLabel={objectiveLabel} filters={filters} onApply={onFiltersChange} onClose={close} />}
      </div>
      {filters.valueRange && (
        <RangeChip
          label={objectiveLabel}
          range={filters.valueRange}
          mono={false}
          testId="range-chip-value"
          onRemove={() => {
            const { valueRange: _v, ...rest } = filters;
            onFiltersChange(rest);
          }}
        />
      )}
      {Object.entries(filters.ranges).map(([name, range]) => (
        <RangeChip key={name} label={name} range={range} mono testId={`range-chip-${name}`} onRemove={() => onFiltersChange(setParamRange(filters, name, [null, null]))} />
      ))}
      {hasActiveFilters(filters) && (
        <button type="button" data-testid="filters-clear" onClick={() => onFiltersChange({ ...EMPTY_FILTERS, states: [], ranges: {} })} className="text-xs font-medium text-slate-500 hover:text-slate-900">
          Clear filters
        </button>
      )}
    </div>
  );
});
