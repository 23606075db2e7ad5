import "server-only";
import { downsampleMinMax } from "@/lib/shared/downsample";
import { readMetricNames, readMetricSeries } from "@/lib/db/metrics";
import { findTrial, findTrialByNumber } from "@/lib/db/trials";
import { notFound } from "@/lib/http/errors";
import type { TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";

export const DEFAULT_TRIAL_MAX_POINTS = 1_000;

export interface GetTrialDetailOptions {
  experimentId: number;
  number: number;
  /** Points kept per metric after min/max downsampling. */
  maxPoints?: number;
}

export interface TrialMetricSeries {
  name: string;
  /** Ascending by step; wallTime in seconds since the epoch. */
  points: Array<{ step: number; value: number; wallTime: number }>;
  /** How many points the metric really has. */
  total: number;
}

export interface TrialDetail {
  trial: TrialDto;
  /** The trial this one retries, for a link back along the retry chain. */
  retryOf: { id: number; number: number } | null;
  metrics: TrialMetricSeries[];
}

/** One trial of an experiment by its number, with every metric it reported (downsampled for charts). */
export async function getTrialDetail({ experimentId, number, maxPoints = DEFAULT_TRIAL_MAX_POINTS }: GetTrialDetailOptions): Promise<TrialDetail> {
  const row = await findTrialByNumber(experimentId, number);
  if (!row) throw notFound(`trial #${number} of experiment`, experimentId);
  const previous = row.retryOfId === null ? null : await findTrial(row.retryOfId);
  const metrics = readMetricNames(row.id).map((name) => {
    const points = readMetricSeries(row.id, name);
    return {
      name,
      total: points.length,
      points: downsampleMinMax(points, maxPoints).map(({ step, value, wallTime }) => ({ step, value, wallTime })),
    };
  });
  return { trial: toTrialDto(row), retryOf: previous && { id: previous.id, number: previous.number }, metrics };
}
