import "server-only";
import { readMetricNames, readMetricSeries } from "@/lib/db/metrics";
import { downsampleMinMax } from "@/lib/shared/downsample";

export const DEFAULT_TRIAL_MAX_POINTS = 1_000;

export interface TrialMetricSeries {
  name: string;
  /** Ascending by step; wallTime in seconds since the epoch. */
  points: Array<{ step: number; value: number; wallTime: number }>;
  /** How many points the metric really has. */
  total: number;
}

export interface GetTrialChartsOptions {
  trialId: number;
  /** Points kept per metric after min/max downsampling. */
  maxPoints?: number;
}

/** Every metric a trial reported, each downsampled (min/max) to at most `maxPoints` for its chart. */
export async function getTrialCharts({ trialId, maxPoints = DEFAULT_TRIAL_MAX_POINTS }: GetTrialChartsOptions): Promise<TrialMetricSeries[]> {
  const names = await readMetricNames(trialId);
  return Promise.all(
    names.map(async (name) => {
      const points = await readMetricSeries(trialId, name);
      return {
        name,
        total: points.length,
        points: downsampleMinMax(points, maxPoints).map(({ step, value, wallTime }) => ({ step, value, wallTime })),
      };
    }),
  );
}
