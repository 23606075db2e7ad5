"use client";

import Link from "next/link";
import { memo } from "react";
import { formatNumber, formatParamValue } from "@/lib/shared/format";
import { StatusBadge } from "@/components/status-badge";
import { formatDuration } from "@/lib/client/transforms/ticks";
import { ROW_HEIGHT } from "./columns";
import type { TrialRow } from "./rows";
import { errorSummary } from "./table-model";
import { own } from "@/lib/shared/own";
import { TagChips } from "@/components/notes/tag-chips";

export interface TrialsTableRowProps {
  row: TrialRow;
  /** Position in the shown rows, for aria-rowindex. */
  index: number;
  experimentId: number;
  paramNames: ReadonlyArray<string>;
  selected: boolean;
  highlighted: boolean;
  best: boolean;
  /** Null in read-only tables (no select column). */
  onToggle: ((id: number, on: boolean, shiftKey: boolean) => void) | null;
}

const CELL = "min-w-0 truncate px-3";

function background(selected: boolean, highlighted: boolean): string {
  if (selected) return "bg-indigo-50 hover:bg-indigo-100/70";
  if (highlighted) return "bg-cyan-50/70 hover:bg-cyan-100/60";
  return "bg-white hover:bg-slate-50";
}

/** One trial; memoized so scrolling only renders the rows entering the window. */
export const TrialsTableRow = memo(function TrialsTableRow({ row, index, experimentId, paramNames, selected, highlighted, best, onToggle }: TrialsTableRowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={onToggle ? selected : undefined}
      data-testid="trial-row"
      data-trial-number={row.number}
      data-highlighted={highlighted || undefined}
      className={`grid grid-cols-(--trial-cols) items-center border-b border-slate-100 text-sm ${background(selected, highlighted)} ${highlighted ? "shadow-[inset_3px_0_0_var(--color-cyan-500)]" : ""}`}
      style={{ height: ROW_HEIGHT }}
    >
      {onToggle && (
        <div role="cell" className="flex justify-center">
          <input
            type="checkbox"
            aria-label={`Select trial ${row.number}`}
            data-testid="trial-select"
            checked={selected}
            onChange={(e) => onToggle(row.id, e.target.checked, (e.nativeEvent as MouseEvent).shiftKey === true)}
            className="size-3.5 cursor-pointer rounded border-slate-300 accent-indigo-600"
          />
        </div>
      )}
      <div role="cell" className={`${CELL} tabular text-right`}>
        <Link prefetch={false} href={`/experiments/${experimentId}/trials/${row.number}`} className="font-medium text-indigo-700 hover:underline" data-testid="trial-link">
          {row.number}
        </Link>
      </div>
      <div role="cell" className={CELL}>
        <StatusBadge status={row.state} />
      </div>
      <div
        role="cell"
        className={`${CELL} tabular text-right font-mono ${best ? "font-semibold text-emerald-700" : row.state === "pruned" ? "text-violet-700" : ""}`}
        data-testid="trial-value"
        title={best ? "best value" : row.state === "pruned" ? `last reported value${row.lastStep === null ? "" : `, at step ${row.lastStep}`}` : undefined}
      >
        {formatNumber(row.value)}
        {row.state === "pruned" && row.lastStep !== null && (
          <span className="ml-1 text-[10px] text-violet-500" data-testid="trial-last-step">
            @{row.lastStep}
          </span>
        )}
      </div>
      <div role="cell" className={`${CELL} tabular text-right text-slate-600`}>
        {row.durationMs === null ? <span className="text-slate-300">—</span> : formatDuration(row.durationMs / 1000)}
      </div>
      {paramNames.map((name) => {
        const v = own(row.params, name);
        return (
          <div role="cell" key={name} className={`${CELL} tabular font-mono text-slate-700`} title={v === undefined ? undefined : String(v)}>
            {v === undefined ? <span className="text-slate-300">—</span> : formatParamValue(v)}
          </div>
        );
      })}
      <div role="cell" className={`${CELL} font-mono text-xs text-rose-700`} title={row.error ?? undefined}>
        {row.tags.length > 0 && (
          <span className="mr-2">
            <TagChips tags={row.tags} testId="trial-tags" />
          </span>
        )}
        {row.error && errorSummary(row.error)}
      </div>
    </div>
  );
});
