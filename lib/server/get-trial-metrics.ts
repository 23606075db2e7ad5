import "server-only";
import { readMetricNames, readMetricSeries, type MetricPointRow } from "@/lib/db/metrics";
import { loadTrial } from "./load-trial";

export type TrialMetrics = { names: string[] } | { name: string; points: Array<Omit<MetricPointRow, "name">> };

/** A trial's metric names, or one metric's points by step. */
export async function getTrialMetrics({ trialId, name }: { trialId: number; name?: string }): Promise<TrialMetrics> {
  await loadTrial(trialId);
  if (name === undefined) return { names: readMetricNames(trialId) };
  return { name, points: readMetricSeries(trialId, name).map(({ step, value, wallTime }) => ({ step, value, wallTime })) };
}
