import { idParam } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { completeTrialBody } from "@/lib/schemas/trial";
import { completeTrial } from "@/lib/server/complete-trial";

export const dynamic = "force-dynamic";

export const POST = apiHandler("write", async ({ params, body }) => ({
  trial: await completeTrial({ trialId: idParam(params, "id", "trial"), body: await body(completeTrialBody) }),
}));
