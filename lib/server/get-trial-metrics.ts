import "server-only";
import { readMetricNames, readMetricSeriesPage, type MetricPointRow } from "@/lib/db/metrics";
import { loadTrial } from "./load-trial";

export type TrialMetrics =
  | { names: string[] }
  | { name: string; points: Array<Omit<MetricPointRow, "name">>; /** Pass as afterStep for the next page; null on the last. */ nextCursor: number | null };

/** A trial's metric names, or a page of one metric's points by step. */
export async function getTrialMetrics({ trialId, name, afterStep = -1, limit = 10_000 }: { trialId: number; name?: string; afterStep?: number; limit?: number }): Promise<TrialMetrics> {
  await loadTrial(trialId);
  if (name === undefined) return { names: await readMetricNames(trialId) };
  const rows = await readMetricSeriesPage(trialId, name, afterStep, limit + 1);
  const page = rows.slice(0, limit).map(({ step, value, wallTime }) => ({ step, value, wallTime }));
  return { name, points: page, nextCursor: rows.length > limit ? page[page.length - 1]!.step : null };
}
