import { idParam } from "@/lib/http/route";
import { notesPatchBody } from "@/lib/schemas/notes";
import { apiHandler } from "@/lib/server/api-handler";
import { getExperiment } from "@/lib/server/get-experiment";
import { updateExperimentNotes } from "@/lib/server/update-experiment-notes";

export const dynamic = "force-dynamic";

export const GET = apiHandler("read", async ({ params }) => ({ experiment: await getExperiment({ id: idParam(params, "id", "experiment") }) }));

/** Set the sweep's note and/or tags: `{"note": "…", "tags": ["baseline"]}`. */
export const PATCH = apiHandler("write", async (ctx) => {
  const id = idParam(ctx.params, "id", "experiment");
  return { experiment: await updateExperimentNotes({ id, patch: await ctx.body(notesPatchBody) }) };
});
