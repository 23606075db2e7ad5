import "server-only";
import { readExperimentMetricNames, readExperimentSeriesDownsampled } from "@/lib/db/metrics";
import { findExperiment } from "@/lib/db/experiments";
import { notFound } from "@/lib/http/errors";
import type { ScalarSeries } from "@/lib/schemas/ui";

export const DEFAULT_MAX_POINTS = 1_000;

export async function listExperimentMetrics({ experimentId }: { experimentId: number }) {
  if (!(await findExperiment(experimentId))) throw notFound("experiment", experimentId);
  return await readExperimentMetricNames(experimentId);
}

/**
 * One metric's curves for the chosen trials, each cut down to about `maxPoints` points by keeping every step
 * bucket's minimum and maximum, so spikes and dips survive as TensorBoard shows them. The database does the
 * cutting (lib/shared/downsample.ts's rule in SQL): only the kept points are read.
 */
export async function getScalars({ experimentId, metric, trialIds, maxPoints = DEFAULT_MAX_POINTS }: { experimentId: number; metric: string; trialIds: number[]; maxPoints?: number }): Promise<ScalarSeries[]> {
  if (!(await findExperiment(experimentId))) throw notFound("experiment", experimentId);
  // One query: the requested trials' kept points with their numbers (not every trial of a 100k sweep).
  const series = await readExperimentSeriesDownsampled(experimentId, trialIds, metric, maxPoints);
  const out: ScalarSeries[] = [];
  for (const id of trialIds) {
    const entry = series.get(id);
    if (!entry) continue;
    out.push({ trialId: id, trialNumber: entry.number, total: entry.total, points: entry.points.map(({ step, value, wallTime }) => ({ step, value, wallTime })) });
  }
  return out;
}
