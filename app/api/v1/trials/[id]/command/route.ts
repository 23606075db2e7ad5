import { idParam } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { trialCommandBody } from "@/lib/schemas/trial-output";
import { saveTrialCommand } from "@/lib/server/save-trial-command";

export const dynamic = "force-dynamic";

/** The command line the trial runs (argv, cwd, host), sent by its agent as the run starts. */
export const POST = apiHandler("write", async ({ params, body }) => saveTrialCommand({ trialId: idParam(params, "id", "trial"), body: await body(trialCommandBody) }));
