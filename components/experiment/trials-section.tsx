"use client";

import { useMemo } from "react";
import type { TrialRow } from "@/components/trials/rows";
import { isTrialSortKey, type TrialFilters, type TrialSort } from "@/components/trials/table-model";
import { TrialsTable } from "@/components/trials/trials-table";
import type { ViewState } from "@/lib/client/view-state";
import type { Direction } from "@/lib/optimizer";
import type { TrialDto } from "@/lib/schemas/trial";

function toRow(t: TrialDto): TrialRow {
  const start = t.startedAt ? Date.parse(t.startedAt) : NaN;
  const end = t.completedAt ? Date.parse(t.completedAt) : NaN;
  return { id: t.id, number: t.number, state: t.state, value: t.value, lastStep: t.lastStep, durationMs: Number.isFinite(start) && Number.isFinite(end) ? end - start : null, error: t.error, tags: t.tags, params: t.params };
}

/** The trials table, its sort, filters and selection held in the page's view (the URL). */
export function TrialsSection(props: { experimentId: number; trials: TrialDto[]; total: number; view: ViewState; setView: (p: Partial<ViewState>) => void; objectiveMetric: string; direction: Direction; readOnly: boolean }) {
  const { view, setView } = props;
  const rows = useMemo(() => props.trials.map(toRow), [props.trials]);
  const paramNames = useMemo(() => [...new Set(props.trials.flatMap((t) => Object.keys(t.params)))].sort(), [props.trials]);
  const sort: TrialSort = isTrialSortKey(view.sort.key) ? { key: view.sort.key, dir: view.sort.dir } : { key: "number", dir: "asc" };
  const filters: TrialFilters = useMemo(() => ({ states: view.states, ranges: view.ranges, ...(view.valueRange ? { valueRange: view.valueRange } : {}) }), [view.states, view.ranges, view.valueRange]);
  const selected = useMemo(() => new Set(view.selected), [view.selected]);
  return (
    <TrialsTable
      experimentId={props.experimentId}
      rows={rows}
      paramNames={paramNames}
      objectiveLabel={props.objectiveMetric}
      direction={props.direction}
      sort={sort}
      onSortChange={(s) => setView({ sort: { key: s.key, dir: s.dir } })}
      filters={filters}
      onFiltersChange={(f) => setView({ states: [...f.states], ranges: { ...f.ranges }, valueRange: f.valueRange ?? null })}
      selected={selected}
      onSelectedChange={(next) => setView({ selected: [...next].slice(0, 200) })}
      readOnly={props.readOnly}
    />
  );
}
