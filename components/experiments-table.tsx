import Link from "next/link";
import type { ExperimentSort, ExperimentSortKey } from "@/lib/client/transforms/experiment-sort";
import type { ExperimentSummary } from "@/lib/schemas/experiment";
import { formatNumber } from "@/lib/shared/format";
import { LocalTime } from "./local-time";
import { TagChips } from "./notes/tag-chips";
import { StatusBadge } from "./status-badge";

export interface ExperimentsTableProps {
  experiments: ExperimentSummary[];
  selected?: ReadonlySet<number>;
  onSelect?: (id: number, selected: boolean) => void;
  onArchive?: (id: number, archive: boolean) => void;
  busy?: boolean;
  /** The list's order; the column headers sort it when onSortChange is given. */
  sort?: ExperimentSort;
  onSortChange?: (key: ExperimentSortKey) => void;
  /** A tag chip was clicked: the list filters by it. */
  onTagPick?: (tag: string) => void;
}

function SortHeader({ label, column, sort, onSortChange, right }: { label: string; column: ExperimentSortKey; sort?: ExperimentSort; onSortChange?: (key: ExperimentSortKey) => void; right?: boolean }) {
  const active = sort?.key === column;
  const ariaSort = active ? (sort.dir === "asc" ? "ascending" : "descending") : "none";
  return (
    <th className={`px-4 py-2 ${right ? "text-right" : ""}`} aria-sort={onSortChange ? ariaSort : undefined}>
      {onSortChange ? (
        <button type="button" onClick={() => onSortChange(column)} className={`inline-flex items-center gap-1 uppercase tracking-wide hover:text-slate-800 ${active ? "text-slate-800" : ""}`} data-testid={`sort-${column}`}>
          {label}
          <span aria-hidden className="w-2 text-[10px]">{active ? (sort.dir === "asc" ? "▲" : "▼") : ""}</span>
        </button>
      ) : (
        label
      )}
    </th>
  );
}

export function ExperimentsTable({ experiments, selected, onSelect, onArchive, busy, sort, onSortChange, onTagPick }: ExperimentsTableProps) {
  const h = { sort, onSortChange };
  if (experiments.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center" data-testid="experiments-empty">
        <p className="font-medium">No sweeps here</p>
        <p className="mt-1 text-sm text-slate-600">
          Start one with <span className="font-medium">New sweep</span>, or <code className="rounded bg-slate-100 px-1">POST /api/v1/experiments</code> (see the README), or run{" "}
          <code className="rounded bg-slate-100 px-1">npm run demo</code>.
        </p>
      </div>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-sm" data-testid="experiments-table">
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            {onSelect && <th className="w-8 px-3 py-2" aria-label="Select" />}
            <SortHeader label="Name" column="name" {...h} />
            <SortHeader label="Status" column="status" {...h} />
            <SortHeader label="Objective" column="objective" {...h} />
            <SortHeader label="Trials done / budget" column="progress" right {...h} />
            <SortHeader label="Running" column="running" right {...h} />
            <SortHeader label="Best" column="best" right {...h} />
            <SortHeader label="Last update" column="updated" {...h} />
            {onArchive && <th className="px-4 py-2" aria-label="Actions" />}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {experiments.map((e) => {
            const objective = e.objectives[0];
            return (
              <tr key={e.id} className="hover:bg-slate-50" data-testid="experiment-row" data-experiment-id={e.id}>
                {onSelect && (
                  <td className="px-3 py-2">
                    <input type="checkbox" aria-label={`Select ${e.name}`} checked={selected?.has(e.id) ?? false} onChange={(ev) => onSelect(e.id, ev.target.checked)} data-testid="experiment-select" />
                  </td>
                )}
                <td className="px-4 py-2 font-medium">
                  <Link href={`/experiments/${e.id}`} className="text-indigo-700 hover:underline" data-testid="experiment-link">
                    {e.name}
                  </Link>
                  {e.tags.length > 0 && (
                    <span className="ml-2 align-middle">
                      <TagChips tags={e.tags} onPick={onTagPick} testId="experiment-tags" />
                    </span>
                  )}
                </td>
                <td className="px-4 py-2">
                  <StatusBadge status={e.status} />
                </td>
                <td className="px-4 py-2 text-slate-600">
                  {objective ? `${objective.direction === "minimize" ? "min" : "max"} ${objective.metric}` : "—"}
                </td>
                <td className="tabular px-4 py-2 text-right" data-testid="experiment-progress">
                  {e.trialsDone} / {e.maxTrials ?? "∞"}
                </td>
                <td className="tabular px-4 py-2 text-right" data-testid="experiment-running">
                  {e.trialsRunning}
                </td>
                <td className="tabular px-4 py-2 text-right font-mono" data-testid="experiment-best">
                  {formatNumber(e.bestValue)}
                </td>
                <td className="tabular px-4 py-2 text-slate-600">
                  <LocalTime iso={e.updatedAt} testId="experiment-updated" />
                </td>
                {onArchive && (
                  <td className="px-4 py-2 text-right">
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => onArchive(e.id, e.status !== "archived")}
                      className="rounded px-2 py-1 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-800 disabled:opacity-50"
                      data-testid="archive-button"
                    >
                      {e.status === "archived" ? "Unarchive" : "Archive"}
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
