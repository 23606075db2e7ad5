import { askTrialBody, listTrialsQuery } from "@/lib/schemas/api";
import { idParam, json } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { askTrial } from "@/lib/server/ask-trial";
import { listTrials } from "@/lib/server/list-trials";

export const dynamic = "force-dynamic";

export const GET = apiHandler("read", async ({ params, query }) => {
  const q = query(listTrialsQuery);
  return listTrials({ experimentId: idParam(params, "id", "experiment"), cursor: q.cursor, limit: q.limit, states: q.state?.split(","), order: q.order });
});

/** Ask: the body is optional (`curl -X POST` with nothing works). */
export const POST = apiHandler("write", async ({ params, optionalBody }) => {
  const experimentId = idParam(params, "id", "experiment");
  const input = await optionalBody(askTrialBody);
  const trial = await askTrial({ experimentId, workerId: input?.workerId ?? null });
  return json({ trial }, 201);
});
