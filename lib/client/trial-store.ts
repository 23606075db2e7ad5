import type { ParamValue } from "@/lib/optimizer";
import type { TrialDto } from "@/lib/schemas/trial";
import type { TrialColumns } from "@/lib/schemas/ui";
import { setOwn } from "@/lib/shared/own";

/** A trial as the live page holds it: the API's shape plus where a pruned trial stopped. */
export type LiveTrial = TrialDto & { lastIntermediate: number | null };

/**
 * Turns a columns payload into trial objects and merges them into what the page already holds, by id:
 * a live page fetches only what changed and keeps everything else.
 */
export function mergeTrialColumns(previous: ReadonlyMap<number, LiveTrial> | null, cols: TrialColumns, experimentId: number): ReadonlyMap<number, LiveTrial> {
  // A poll usually brings back only the running trials, unchanged: keep the same map then, so that
  // nothing downstream (charts over 100,000 trials) recomputes or re-renders.
  if (previous && cols.id.every((id, i) => sameTrial(previous.get(id), cols, i))) return previous;
  const next = new Map(previous ?? []);
  const paramEntries = Object.entries(cols.params);
  for (let i = 0; i < cols.id.length; i++) {
    const params: Record<string, ParamValue> = {};
    for (const [key, column] of paramEntries) {
      const v = column[i];
      if (v !== null && v !== undefined) setOwn(params, key, v);
    }
    const value = cols.value[i] ?? null;
    next.set(cols.id[i]!, {
      id: cols.id[i]!,
      experimentId,
      number: cols.number[i]!,
      state: cols.state[i]!,
      params,
      value,
      values: cols.values?.[i] ?? (value === null ? null : [value]),
      userAttrs: {},
      workerId: null,
      heartbeatAt: null,
      createdAt: cols.startedAt[i] ?? "",
      startedAt: cols.startedAt[i] ?? null,
      completedAt: cols.completedAt[i] ?? null,
      error: cols.error[i] ?? null,
      retryOfId: null,
      // The columns carry feasibility, not the constraint values (the trial's own page reads those).
      constraints: null,
      feasible: cols.feasible?.[i] ?? null,
      lastIntermediate: cols.lastIntermediate?.[i] ?? null,
      lastStep: cols.lastStep?.[i] ?? null,
      lastValue: cols.lastIntermediate?.[i] ?? null,
      // The trial's own page shows the pruner's reasons; the columns do not carry them.
      pruneVerdict: null,
      // The note is read on the trial's own page; the table shows the tags.
      note: "",
      tags: cols.tags?.[i] ?? [],
    });
  }
  return next;
}

function sameTrial(t: LiveTrial | undefined, cols: TrialColumns, i: number): boolean {
  return (
    t !== undefined &&
    t.state === cols.state[i] &&
    t.value === (cols.value[i] ?? null) &&
    t.completedAt === (cols.completedAt[i] ?? null) &&
    t.startedAt === (cols.startedAt[i] ?? null) &&
    t.error === (cols.error[i] ?? null) &&
    t.feasible === (cols.feasible?.[i] ?? null) &&
    t.lastIntermediate === (cols.lastIntermediate?.[i] ?? null) &&
    t.lastStep === (cols.lastStep?.[i] ?? null) &&
    sameTags(t.tags, cols.tags?.[i] ?? [])
  );
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

export function sortedTrials(map: ReadonlyMap<number, LiveTrial>): LiveTrial[] {
  return [...map.values()].sort((a, b) => a.number - b.number);
}
