import "server-only";
import { readSeriesForTrials } from "@/lib/db/metrics";
import { readFinishedTrialIds, readTrialMeta } from "@/lib/db/trials";
import type { InternalParams, Params, TrialRecord, TrialState } from "@/lib/optimizer";

interface Cached {
  metric: string;
  records: Map<number, TrialRecord>;
}

// Finished trials never change, so their intermediate curves are read once per process and kept;
// each prune decision then reads only the trials finished since the last one.
const cache = new Map<number, Cached>();

export function finishedTrialHistory(experimentId: number, metric: string): TrialRecord[] {
  let entry = cache.get(experimentId);
  if (!entry || entry.metric !== metric) {
    entry = { metric, records: new Map() };
    cache.set(experimentId, entry);
  }
  const known = entry.records;
  const missing = readTrialMeta(readFinishedTrialIds(experimentId).filter((id) => !known.has(id)));
  if (missing.length > 0) {
    const series = readSeriesForTrials(missing.map((m) => m.id), metric);
    for (const m of missing) {
      entry.records.set(m.id, {
        number: m.number,
        state: m.state as TrialState,
        params: JSON.parse(m.params) as Params,
        internal: JSON.parse(m.paramsInternal) as InternalParams,
        values: m.values ? (JSON.parse(m.values) as number[]) : null,
        intermediate: series.get(m.id) ?? [],
        systemAttrs: JSON.parse(m.systemAttrs) as Record<string, unknown>,
      });
    }
  }
  return [...entry.records.values()];
}

