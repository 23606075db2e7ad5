import { idParam } from "@/lib/http/route";
import { trialOutputQuery } from "@/lib/schemas/trial-output";
import { assertCanRead } from "@/lib/server/dashboard-access";
import { getTrialOutput } from "@/lib/server/get-trial-output";
import { uiHandler } from "@/lib/server/ui-handler";

export const dynamic = "force-dynamic";

/** The trial page's live Output panel. */
export const GET = uiHandler(async ({ params, query, access }) => {
  const q = query(trialOutputQuery);
  return getTrialOutput({ trialId: idParam(params, "id", "trial"), after: q.after, limit: q.limit, checkExperiment: (experimentId) => assertCanRead(access, experimentId) });
});
