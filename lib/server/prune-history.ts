import "server-only";
import { parseAttrs, parseInternalParams, parseParams, parseValues } from "@/lib/db/columns";
import { readSeriesForTrials } from "@/lib/db/metrics";
import { countTrialsInStates, readTrialIdsInStates, readTrialMeta } from "@/lib/db/trials";
import type { TrialRecord, TrialState } from "@/lib/optimizer";
import { BoundedCache } from "./bounded-cache";

// Finished trials never change, so their intermediate curves are read once and kept (for the 64 most
// recently pruned sweeps); each prune decision then reads only the trials finished since the last one,
// plus the current curves of the trials still running.
const finished = new BoundedCache<Map<number, TrialRecord>>(64);

type TrialMeta = Awaited<ReturnType<typeof readTrialMeta>>[number];

function toRecord(m: TrialMeta, series: Map<number, Array<readonly [number, number]>>): TrialRecord {
  return {
    number: m.number,
    state: m.state as TrialState,
    params: parseParams(m.params),
    internal: parseInternalParams(m.paramsInternal),
    values: parseValues(m.values),
    intermediate: series.get(m.id) ?? [],
    systemAttrs: parseAttrs(m.systemAttrs),
  };
}

/**
 * What a pruner sees of a sweep: every other trial, finished or running, with its curve of `metric` (the
 * engine's contract, which the in-memory Study follows too). `exceptId` is the trial being judged.
 */
export async function prunerHistory(experimentId: number, metric: string, exceptId: number): Promise<TrialRecord[]> {
  let known = finished.get(experimentId, metric);
  if (!known) finished.set(experimentId, (known = new Map()), metric);
  const cache = known;
  // A finished trial stays finished: when the sweep has as many as are cached, the cache holds them all, and
  // the ids (a row per finished trial, on every report) need not be read.
  const FINISHED = ["complete", "pruned"];
  const complete = (await countTrialsInStates(experimentId, FINISHED)) === cache.size;
  const missing = complete ? [] : await readTrialMeta((await readTrialIdsInStates(experimentId, FINISHED)).filter((id) => !cache.has(id)));
  if (missing.length > 0) {
    const series = await readSeriesForTrials(missing.map((m) => m.id), metric);
    for (const m of missing) cache.set(m.id, toRecord(m, series));
  }
  const running = await readTrialMeta((await readTrialIdsInStates(experimentId, ["running"])).filter((id) => id !== exceptId));
  const runningSeries = await readSeriesForTrials(running.map((m) => m.id), metric);
  return [...cache.values(), ...running.map((m) => toRecord(m, runningSeries))];
}
