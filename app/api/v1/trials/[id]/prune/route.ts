import { pruneTrialBody } from "@/lib/schemas/api";
import { idParam } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { pruneTrial } from "@/lib/server/prune-trial";

export const dynamic = "force-dynamic";

export const POST = apiHandler("write", async (ctx) => {
  await ctx.optionalBody(pruneTrialBody);
  return { trial: await pruneTrial({ trialId: idParam(ctx.params, "id", "trial") }) };
});
