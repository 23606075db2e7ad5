import { experimentStatusBody } from "@/lib/schemas/api";
import { idParam } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { changeExperimentStatus } from "@/lib/server/change-experiment-status";

export const dynamic = "force-dynamic";

/** Pause, resume, finish or archive a sweep: `{"action": "pause"}`. */
export const POST = apiHandler("write", async (ctx) => {
  const { action } = await ctx.body(experimentStatusBody);
  return { experiment: await changeExperimentStatus({ id: idParam(ctx.params, "id", "experiment"), action }) };
});
