import type { ParamValue, TrialState } from "@/lib/optimizer";
import type { TrialColumns } from "@/lib/schemas/ui";
import { setOwn } from "@/lib/shared/own";

/** One trial as the trials table shows it: only what the columns need. */
export interface TrialRow {
  id: number;
  number: number;
  state: TrialState;
  /** First objective; null until complete. A pruned trial's is its last reported value, at `lastStep`. */
  value: number | null;
  /** The step of the first objective's last report, kept when the trial finished. */
  lastStep: number | null;
  /** Milliseconds from start to completion; null until the trial has both. */
  durationMs: number | null;
  error: string | null;
  /** The trial's tags, shown as chips. */
  tags: readonly string[];
  /** Only the parameters the trial has (a key is missing when the column held null). */
  params: Readonly<Record<string, ParamValue>>;
}

/** Milliseconds from start to completion; null unless both are known. */
export function durationMs(startedAt: string | null | undefined, completedAt: string | null | undefined): number | null {
  if (!startedAt || !completedAt) return null;
  const ms = Date.parse(completedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) ? Math.max(0, ms) : null;
}

/** Turns the page's column snapshot into rows, in column order. Pure: the same columns give equal rows. */
export function rowsFromColumns(cols: TrialColumns): TrialRow[] {
  const paramEntries = Object.entries(cols.params);
  const n = cols.id.length;
  const rows = new Array<TrialRow>(n);
  for (let i = 0; i < n; i++) {
    const params: Record<string, ParamValue> = {};
    for (const [name, column] of paramEntries) {
      const v = column[i];
      if (v !== null && v !== undefined) setOwn(params, name, v);
    }
    rows[i] = {
      id: cols.id[i] as number,
      number: cols.number[i] as number,
      state: cols.state[i] as TrialState,
      value: cols.value[i] ?? null,
      lastStep: cols.lastStep?.[i] ?? null,
      durationMs: durationMs(cols.startedAt[i], cols.completedAt[i]),
      error: cols.error[i] ?? null,
      tags: cols.tags?.[i] ?? [],
      params,
    };
  }
  return rows;
}

/** Parameter names across the columns, sorted, for the table's parameter columns. */
export function paramNamesFromColumns(cols: TrialColumns): string[] {
  return Object.keys(cols.params).sort();
}
