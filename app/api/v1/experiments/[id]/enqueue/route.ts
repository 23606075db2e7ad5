import { idParam, json } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { enqueueTrialBody } from "@/lib/schemas/experiment";
import { enqueueTrial } from "@/lib/server/enqueue-trial";

export const dynamic = "force-dynamic";

/** Queue a trial with given parameters (validated against the space): `{"params": {...}}`. */
export const POST = apiHandler("write", async (ctx) => {
  const { params } = await ctx.body(enqueueTrialBody);
  return json({ trial: await enqueueTrial({ experimentId: idParam(ctx.params, "id", "experiment"), params }) }, 201);
});
