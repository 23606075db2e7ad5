import { idParam } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { trialOutputBody, trialOutputQuery } from "@/lib/schemas/trial-output";
import { appendTrialOutput } from "@/lib/server/append-trial-output";
import { getTrialOutput } from "@/lib/server/get-trial-output";

export const dynamic = "force-dynamic";

/** The trial's command and its kept output lines after `after` (a seq). */
export const GET = apiHandler("read", async ({ params, query }) => {
  const q = query(trialOutputQuery);
  return getTrialOutput({ trialId: idParam(params, "id", "trial"), after: q.after, limit: q.limit });
});

/** One numbered batch of printed lines; a repeated batch number is not stored twice. */
export const POST = apiHandler("write", async ({ params, body }) => appendTrialOutput({ trialId: idParam(params, "id", "trial"), body: await body(trialOutputBody) }));
