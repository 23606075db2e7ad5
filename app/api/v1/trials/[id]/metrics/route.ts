import { metricSeriesQuery } from "@/lib/schemas/api";
import { idParam } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { reportMetricsBody } from "@/lib/schemas/trial";
import { getTrialMetrics } from "@/lib/server/get-trial-metrics";
import { reportMetrics } from "@/lib/server/report-metrics";

export const dynamic = "force-dynamic";

/** Without `name`: the trial's metric names; with it: that metric's points by step. */
export const GET = apiHandler("read", async ({ params, query }) => {
  const q = query(metricSeriesQuery);
  return getTrialMetrics({ trialId: idParam(params, "id", "trial"), name: q.name, afterStep: q.afterStep, limit: q.limit });
});

/** Report a batch of points; the answer says whether the pruner wants the trial stopped. */
export const POST = apiHandler("write", async ({ params, body }) =>
  reportMetrics({ trialId: idParam(params, "id", "trial"), body: await body(reportMetricsBody) }),
);
