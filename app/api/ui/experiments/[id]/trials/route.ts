import { idParam } from "@/lib/http/route";
import { trialSnapshotQuery } from "@/lib/schemas/api";
import { assertCanRead } from "@/lib/server/dashboard-access";
import { getTrialSnapshot } from "@/lib/server/get-trial-snapshot";
import { uiHandler } from "@/lib/server/ui-handler";

export const dynamic = "force-dynamic";

/** Every trial as columns, or with `since` only what changed after that snapshot. */
export const GET = uiHandler(async ({ params, query, access }) => {
  const experimentId = idParam(params, "id", "experiment");
  assertCanRead(access, experimentId);
  return getTrialSnapshot({ experimentId, since: query(trialSnapshotQuery).since });
});
