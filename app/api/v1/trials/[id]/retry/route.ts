import { idParam, json } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { retryTrial } from "@/lib/server/retry-trial";

export const dynamic = "force-dynamic";

/** Queue a failed trial again with the same parameters; answers with the new waiting trial. */
export const POST = apiHandler("write", async ({ params }) => json({ trial: await retryTrial({ trialId: idParam(params, "id", "trial") }) }, 201));
