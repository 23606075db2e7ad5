import { assertCanWrite } from "@/lib/server/dashboard-access";
import { previewExperiment } from "@/lib/server/preview-experiment";
import { uiHandler } from "@/lib/server/ui-handler";
import { readJsonBody } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** Live validation for the new-sweep form: every issue with its path, and a few sample configurations. */
export const POST = uiHandler(async ({ req, access }) => {
  assertCanWrite(access);
  return previewExperiment({ input: await readJsonBody(req) });
});
