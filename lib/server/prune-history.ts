import "server-only";
import { readSeriesForTrials } from "@/lib/db/metrics";
import { readTrialIdsInStates, readTrialMeta } from "@/lib/db/trials";
import type { InternalParams, Params, TrialRecord, TrialState } from "@/lib/optimizer";
import { BoundedCache } from "./bounded-cache";

// Finished trials never change, so their intermediate curves are read once and kept (for the 64 most
// recently pruned sweeps); each prune decision then reads only the trials finished since the last one,
// plus the current curves of the trials still running.
const finished = new BoundedCache<Map<number, TrialRecord>>(64);

function toRecord(m: ReturnType<typeof readTrialMeta>[number], series: Map<number, Array<readonly [number, number]>>): TrialRecord {
  return {
    number: m.number,
    state: m.state as TrialState,
    params: JSON.parse(m.params) as Params,
    internal: JSON.parse(m.paramsInternal) as InternalParams,
    values: m.values ? (JSON.parse(m.values) as number[]) : null,
    intermediate: series.get(m.id) ?? [],
    systemAttrs: JSON.parse(m.systemAttrs) as Record<string, unknown>,
  };
}

/**
 * What a pruner sees of a sweep: every other trial, finished or running, with its curve of `metric` (the
 * engine's contract, which the in-memory Study follows too). `exceptId` is the trial being judged.
 */
export function prunerHistory(experimentId: number, metric: string, exceptId: number): TrialRecord[] {
  let known = finished.get(experimentId, metric);
  if (!known) finished.set(experimentId, (known = new Map()), metric);
  const cache = known;
  const missing = readTrialMeta(readTrialIdsInStates(experimentId, ["complete", "pruned"]).filter((id) => !cache.has(id)));
  if (missing.length > 0) {
    const series = readSeriesForTrials(missing.map((m) => m.id), metric);
    for (const m of missing) cache.set(m.id, toRecord(m, series));
  }
  const running = readTrialMeta(readTrialIdsInStates(experimentId, ["running"]).filter((id) => id !== exceptId));
  const runningSeries = readSeriesForTrials(running.map((m) => m.id), metric);
  return [...cache.values(), ...running.map((m) => toRecord(m, runningSeries))];
}
