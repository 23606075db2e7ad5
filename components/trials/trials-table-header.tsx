"use client";

import { memo, type ReactNode } from "react";
import { HEADER_HEIGHT } from "./columns";
import { paramSortKey, type TrialSort, type TrialSortKey } from "./table-model";

export interface TrialsTableHeaderProps {
  paramNames: ReadonlyArray<string>;
  objectiveLabel: string;
  direction: "minimize" | "maximize";
  sort: TrialSort;
  onSort: (key: TrialSortKey) => void;
  /** Omitted in read-only tables. */
  selectAll?: { state: "all" | "some" | "none"; disabled: boolean; onToggle: () => void };
}

const CELL = "flex items-center px-3 min-w-0";

function SortHeader({ sortKey, sort, onSort, align = "left", title, children }: { sortKey: TrialSortKey; sort: TrialSort; onSort: (key: TrialSortKey) => void; align?: "left" | "right"; title?: string; children: ReactNode }) {
  const active = sort.key === sortKey;
  return (
    <div role="columnheader" aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"} className={`${CELL} ${align === "right" ? "justify-end" : ""}`}>
      <button
        type="button"
        data-testid={`sort-${sortKey}`}
        title={title}
        onClick={() => onSort(sortKey)}
        className={`group inline-flex min-w-0 items-center gap-1 uppercase tracking-wide hover:text-slate-900 ${active ? "text-indigo-700" : ""} ${align === "right" ? "flex-row-reverse" : ""}`}
      >
        <span className="truncate">{children}</span>
        <span aria-hidden className={`shrink-0 text-[10px] ${active ? "" : "invisible group-hover:visible text-slate-400"}`}>
          {active && sort.dir === "desc" ? "▼" : "▲"}
        </span>
      </button>
    </div>
  );
}

/** The sticky header row: sortable columns and the select-all checkbox. */
export const TrialsTableHeader = memo(function TrialsTableHeader({ paramNames, objectiveLabel, direction, sort, onSort, selectAll }: TrialsTableHeaderProps) {
  return (
    <div
      role="row"
      className="sticky top-0 z-10 grid grid-cols-(--trial-cols) border-b border-slate-200 bg-slate-50 text-xs font-medium text-slate-500"
      style={{ height: HEADER_HEIGHT }}
    >
      {selectAll && (
        <div role="columnheader" className={`${CELL} justify-center`}>
          <input
            type="checkbox"
            aria-label="Select all shown trials"
            data-testid="trial-select-all"
            checked={selectAll.state === "all"}
            disabled={selectAll.disabled}
            ref={(el) => {
              if (el) el.indeterminate = selectAll.state === "some";
            }}
            onChange={selectAll.onToggle}
            className="size-3.5 cursor-pointer rounded border-slate-300 accent-indigo-600"
          />
        </div>
      )}
      <SortHeader sortKey="number" sort={sort} onSort={onSort} align="right">
        #
      </SortHeader>
      <div role="columnheader" className={`${CELL} uppercase tracking-wide`}>
        State
      </div>
      <SortHeader sortKey="value" sort={sort} onSort={onSort} align="right" title={`${direction} ${objectiveLabel}`}>
        <span className="normal-case">{objectiveLabel}</span>
      </SortHeader>
      <SortHeader sortKey="duration" sort={sort} onSort={onSort} align="right">
        Duration
      </SortHeader>
      {paramNames.map((name) => (
        <SortHeader key={name} sortKey={paramSortKey(name)} sort={sort} onSort={onSort} title={name}>
          <span className="font-mono normal-case">{name}</span>
        </SortHeader>
      ))}
      <div role="columnheader" className={`${CELL} uppercase tracking-wide`}>
        Tags · error
      </div>
    </div>
  );
});
