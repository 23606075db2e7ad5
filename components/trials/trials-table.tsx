"use client";

import { useCallback, useMemo, useRef, type CSSProperties } from "react";
import { HEADER_HEIGHT, ROW_HEIGHT, gridColumns } from "./columns";
import type { TrialRow } from "./rows";
import { TrialsFilterBar } from "./trials-filter-bar";
import { TrialsTableHeader } from "./trials-table-header";
import { TrialsTableRow } from "./trials-table-row";
import { useVirtualRows } from "./use-virtual-rows";
import {
  EMPTY_FILTERS,
  bestValue,
  countStates,
  filterRows,
  nextSort,
  selectRange,
  selectionState,
  sortRows,
  toggleAllShown,
  type TrialFilters,
  type TrialSort,
  type TrialSortKey,
} from "./table-model";

export interface TrialsTableProps {
  experimentId: number;
  /** Every trial (see rowsFromColumns); the table filters and sorts them itself. */
  rows: ReadonlyArray<TrialRow>;
  /** Parameter columns, in display order. */
  paramNames: ReadonlyArray<string>;
  /** Header of the value column, usually the objective metric's name. */
  objectiveLabel: string;
  /** Decides which value is best (highlighted) and the value column's first sort direction. */
  direction: "minimize" | "maximize";
  sort: TrialSort;
  onSortChange: (sort: TrialSort) => void;
  filters: TrialFilters;
  onFiltersChange: (filters: TrialFilters) => void;
  /** Selected trial ids. */
  selected: ReadonlySet<number>;
  onSelectedChange: (selected: Set<number>) => void;
  /** Trial ids to mark, e.g. brushed in the parallel-coordinates plot. */
  highlight?: ReadonlySet<number>;
  /** Hides the selection column and its controls (share links). */
  readOnly?: boolean;
  /** Maximum height of the scrolling area in pixels. */
  maxHeight?: number;
}

const NO_HIGHLIGHT: ReadonlySet<number> = new Set();

/** The experiment page's trials: virtualized rows under a sticky, sortable header, with a filter bar. */
export function TrialsTable(props: TrialsTableProps) {
  const { experimentId, rows, paramNames, objectiveLabel, direction, sort, onSortChange, filters, onFiltersChange, selected, onSelectedChange, readOnly = false, maxHeight = 600 } = props;
  const highlight = props.highlight ?? NO_HIGHLIGHT;

  const filtered = useMemo(() => filterRows(rows, filters), [rows, filters]);
  const shown = useMemo(() => sortRows(filtered, sort), [filtered, sort]);
  const stateCounts = useMemo(() => countStates(rows), [rows]);
  const best = useMemo(() => bestValue(rows, direction), [rows, direction]);
  const columns = useMemo(() => gridColumns(paramNames, !readOnly), [paramNames, readOnly]);
  const { attach, onScroll, scrollToTop, start, end, totalHeight } = useVirtualRows({ count: shown.length, rowHeight: ROW_HEIGHT, offset: HEADER_HEIGHT, initialHeight: maxHeight });

  const anchor = useRef<number | null>(null);
  const onToggle = useCallback(
    (id: number, on: boolean, shiftKey: boolean) => {
      if (shiftKey && anchor.current !== null) onSelectedChange(selectRange(selected, shown, anchor.current, id, on));
      else {
        const next = new Set(selected);
        if (on) next.add(id);
        else next.delete(id);
        onSelectedChange(next);
      }
      anchor.current = id;
    },
    [selected, shown, onSelectedChange],
  );
  // Memoized: counting the selected rows walks every shown row, which must not happen per scroll frame.
  const selectAll = useMemo(
    () => (readOnly ? undefined : { state: selectionState(selected, shown), disabled: shown.length === 0, onToggle: () => onSelectedChange(toggleAllShown(selected, shown)) }),
    [readOnly, selected, shown, onSelectedChange],
  );
  // A new order or filter starts at the top; new rows from polling keep the scroll position.
  const onSort = useCallback(
    (key: TrialSortKey) => {
      scrollToTop();
      onSortChange(nextSort(sort, key, direction));
    },
    [sort, direction, onSortChange, scrollToTop],
  );
  const changeFilters = useCallback(
    (next: TrialFilters) => {
      scrollToTop();
      onFiltersChange(next);
    },
    [onFiltersChange, scrollToTop],
  );

  if (rows.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600" data-testid="trials-empty">
        No trials yet. Ask for one with <code className="rounded bg-slate-100 px-1">POST /api/v1/experiments/&lt;id&gt;/trials</code>.
      </div>
    );
  }

  const gridVars = { "--trial-cols": columns.template } as CSSProperties;
  return (
    <div className="space-y-2" data-testid="trials-table">
      <TrialsFilterBar rows={rows} paramNames={paramNames} objectiveLabel={objectiveLabel} filters={filters} onFiltersChange={changeFilters} stateCounts={stateCounts} />
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <div ref={attach} onScroll={onScroll} className="overflow-auto overscroll-contain" style={{ maxHeight }} data-testid="trials-scroll">
          <div role="table" aria-label="Trials" aria-rowcount={shown.length + 1} style={{ ...gridVars, minWidth: columns.minWidth }}>
            <TrialsTableHeader
              paramNames={paramNames}
              objectiveLabel={objectiveLabel}
              direction={direction}
              sort={sort}
              onSort={onSort}
              selectAll={selectAll}
            />
            {shown.length === 0 ? (
              <div className="p-8 text-center text-sm text-slate-500" data-testid="trials-no-match">
                No trials match these filters.{" "}
                <button type="button" onClick={() => changeFilters({ ...EMPTY_FILTERS, states: [], ranges: {} })} className="font-medium text-indigo-700 hover:underline">
                  Clear filters
                </button>
              </div>
            ) : (
              <div role="rowgroup" className="relative" style={{ height: totalHeight }}>
                <div className="absolute inset-x-0 top-0" style={{ transform: `translateY(${start * ROW_HEIGHT}px)` }}>
                  {shown.slice(start, end).map((row, i) => (
                    <TrialsTableRow
                      key={row.id}
                      row={row}
                      index={start + i}
                      experimentId={experimentId}
                      paramNames={paramNames}
                      selected={selected.has(row.id)}
                      highlighted={highlight.has(row.id)}
                      best={best !== null && row.value === best}
                      onToggle={readOnly ? null : onToggle}
                    />
                  ))}
                </div>
              </div>
            )}
          </div>
        </div>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 px-1 text-xs text-slate-500">
        <span className="tabular" data-testid="trials-count">
          {shown.length.toLocaleString("en-US")} of {rows.length.toLocaleString("en-US")} trials
        </span>
        {!readOnly && selected.size > 0 && (
          <span className="flex items-center gap-2" data-testid="trials-selection">
            <span className="tabular">{selected.size.toLocaleString("en-US")} selected</span>
            <button type="button" data-testid="selection-clear" onClick={() => onSelectedChange(new Set())} className="font-medium text-indigo-700 hover:underline">
              Clear
            </button>
          </span>
        )}
      </div>
    </div>
  );
}
