import "server-only";
import type { z } from "zod";
import { insertMetricPoints } from "@/lib/db/metrics";
import { findTrial } from "@/lib/db/trials";
import { AppError, notFound } from "@/lib/http/errors";
import type { ReportMetricsBody } from "@/lib/schemas/trial";
import { MAX_POINTS_PER_REPORT, type reportMetricsResponse } from "@/lib/schemas/trial";
import { shouldPruneTrial } from "./should-prune";
import { runTrialEvent } from "./trial-core";

export interface ReportMetricsOptions {
  trialId: number;
  body: ReportMetricsBody;
  now?: () => number;
}

/** `stored`: the distinct (name, step) points written; a point repeated in the batch counts once. */
export type ReportMetricsResult = z.infer<typeof reportMetricsResponse>;

export async function reportMetrics({ trialId, body, now = Date.now }: ReportMetricsOptions): Promise<ReportMetricsResult> {
  if (body.points.length > MAX_POINTS_PER_REPORT) {
    throw new AppError("payload_too_large", `points: at most ${MAX_POINTS_PER_REPORT} points per report, got ${body.points.length}`, { path: "points" });
  }
  // A report is a sign of life: it keeps the trial alive (a script that reports every epoch needs no
  // separate heartbeat) and brings back one presumed dead whose retry has not been handed out.
  await runTrialEvent({ target: { trialId }, event: ({ trial }) => ({ type: "report", trial: trial!.facts }), now: new Date(now()) });
  const wallTime = now() / 1000;
  const outcome = await insertMetricPoints(
    trialId,
    body.points.map((p) => ({ name: p.name, step: p.step, value: p.value, wallTime: p.wallTime ?? wallTime })),
  );
  if (!outcome.ok) {
    if (outcome.state === null) throw notFound("trial", trialId);
    throw new AppError("wrong_state", `trial ${trialId} is ${outcome.state}; metrics can only be reported while it runs`);
  }
  const trial = await findTrial(trialId);
  return { stored: outcome.stored, shouldPrune: trial ? await shouldPruneTrial(trial) : false };
}
