import "server-only";
import type { z } from "zod";
import { writeMetricPoints } from "@/lib/db/metrics";
import { AppError } from "@/lib/http/errors";
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
  const at = now();
  const wallTime = at / 1000;
  const points = body.points.map((p) => ({ name: p.name, step: p.step, value: p.value, wallTime: p.wallTime ?? wallTime }));
  // A report is a sign of life: it keeps the trial alive (a script that reports every epoch needs no
  // separate heartbeat) and brings back one presumed dead whose retry has not been handed out. The core
  // decides that, and the points are written in the same transaction only when it accepted the report, so
  // a trial that finished meanwhile gets none (a wrong_state refusal instead).
  const { stored, trial, experiment } = await runTrialEvent(
    { target: { trialId }, event: ({ trial }) => ({ type: "report", trial: trial!.facts }), now: new Date(at), lock: "trial" },
    async ({ tx, trial, experiment }) => ({ stored: await writeMetricPoints(tx, trialId, points), trial: trial!.row, experiment }),
  );
  // Accepted means running now (a revived trial included).
  return { stored, shouldPrune: await shouldPruneTrial({ ...trial, state: "running" }, experiment) };
}
