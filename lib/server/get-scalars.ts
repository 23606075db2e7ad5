import "server-only";
import { readExperimentMetricNames, readExperimentSeriesDownsampled, type DownsampledSeries } from "@/lib/db/metrics";
import { findExperiment } from "@/lib/db/experiments";
import { notFound } from "@/lib/http/errors";
import { reportsClosed } from "@/lib/optimizer";
import type { ScalarSeries } from "@/lib/schemas/ui";
import { BoundedCache } from "./bounded-cache";

export const DEFAULT_MAX_POINTS = 1_000;

export async function listExperimentMetrics({ experimentId }: { experimentId: number }) {
  if (!(await findExperiment(experimentId))) throw notFound("experiment", experimentId);
  return await readExperimentMetricNames(experimentId);
}

/**
 * One metric's curves for the chosen trials, each cut down to about `maxPoints` points by keeping every step
 * bucket's minimum and maximum, so spikes and dips survive as TensorBoard shows them. The database does the
 * cutting (lib/shared/downsample.ts's rule in SQL): only the kept points are read.
 *
 * A trial whose reports are closed (reportsClosed: complete or pruned, as the trial core decides) takes no
 * more points, so its cut-down series is kept and served again without the database: downsampling 100 series of
 * 10,000 points takes seconds of SQLite, and a dashboard asks for the same curves on every load.
 */
export async function getScalars({ experimentId, metric, trialIds, maxPoints = DEFAULT_MAX_POINTS }: { experimentId: number; metric: string; trialIds: number[]; maxPoints?: number }): Promise<ScalarSeries[]> {
  if (!(await findExperiment(experimentId))) throw notFound("experiment", experimentId);
  const key = (id: number) => `${id}\u0000${maxPoints}\u0000${metric}`;
  const series = new Map<number, DownsampledSeries>();
  const missing: number[] = [];
  for (const id of trialIds) {
    const hit = finishedSeries.get(experimentId, key(id));
    if (hit) series.set(id, hit);
    else missing.push(id);
  }
  // One query: the requested trials' kept points with their numbers (not every trial of a 100k sweep).
  if (missing.length > 0) {
    for (const [id, entry] of await readExperimentSeriesDownsampled(experimentId, missing, metric, maxPoints)) {
      series.set(id, entry);
      if (reportsClosed(entry.state)) finishedSeries.set(experimentId, entry, key(id));
    }
  }
  const out: ScalarSeries[] = [];
  for (const id of trialIds) {
    const entry = series.get(id);
    if (!entry) continue;
    out.push({ trialId: id, trialNumber: entry.number, total: entry.total, points: entry.points.map(({ step, value, wallTime }) => ({ step, value, wallTime })) });
  }
  return out;
}

// About 1,000 points a series (DEFAULT_MAX_POINTS): a few tens of MB at most. Keyed by database, experiment,
// trial, size and metric.
const finishedSeries = new BoundedCache<DownsampledSeries>(1_000);
