import { idParam } from "@/lib/http/route";
import { scalarsQuery } from "@/lib/schemas/api";
import { assertCanRead } from "@/lib/server/dashboard-access";
import { getScalars } from "@/lib/server/get-scalars";
import { uiHandler } from "@/lib/server/ui-handler";

export const dynamic = "force-dynamic";

export const GET = uiHandler(async ({ params, query, access }) => {
  const experimentId = idParam(params, "id", "experiment");
  assertCanRead(access, experimentId);
  const q = query(scalarsQuery);
  return { series: await getScalars({ experimentId, metric: q.metric, trialIds: q.trials.split(",").map(Number), maxPoints: q.maxPoints }) };
});
