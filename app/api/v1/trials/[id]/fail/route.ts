import { failTrialBody } from "@/lib/schemas/api";
import { idParam } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { failTrial } from "@/lib/server/fail-trial";

export const dynamic = "force-dynamic";

export const POST = apiHandler("write", async (ctx) => {
  const input = (await ctx.optionalBody(failTrialBody)) ?? failTrialBody.parse({});
  return { trial: await failTrial({ trialId: idParam(ctx.params, "id", "trial"), error: input.error, kind: input.kind }) };
});
