import { idParam } from "@/lib/http/route";
import { notesPatchBody } from "@/lib/schemas/notes";
import { apiHandler } from "@/lib/server/api-handler";
import { toTrialDto } from "@/lib/server/dto";
import { loadTrial } from "@/lib/server/load-trial";
import { updateTrialNotes } from "@/lib/server/update-trial-notes";

export const dynamic = "force-dynamic";

export const GET = apiHandler("read", async ({ params }) => ({ trial: toTrialDto(await loadTrial(idParam(params, "id", "trial"))) }));

/** Set the trial's note and/or tags: `{"note": "…", "tags": ["diverged"]}`. */
export const PATCH = apiHandler("write", async (ctx) => {
  const id = idParam(ctx.params, "id", "trial");
  return { trial: await updateTrialNotes({ id, patch: await ctx.body(notesPatchBody) }) };
});
