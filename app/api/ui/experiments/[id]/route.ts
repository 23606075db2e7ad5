import { idParam } from "@/lib/http/route";
import { assertCanRead } from "@/lib/server/dashboard-access";
import { getExperiment } from "@/lib/server/get-experiment";
import { uiHandler } from "@/lib/server/ui-handler";

export const dynamic = "force-dynamic";

export const GET = uiHandler(async ({ params, access }) => {
  const id = idParam(params, "id", "experiment");
  assertCanRead(access, id);
  return { experiment: await getExperiment({ id }) };
});
