import { idParam } from "@/lib/http/route";
import { assertCanRead } from "@/lib/server/dashboard-access";
import { getImportance } from "@/lib/server/get-importance";
import { uiHandler } from "@/lib/server/ui-handler";

export const dynamic = "force-dynamic";

export const GET = uiHandler(async ({ params, access }) => {
  const experimentId = idParam(params, "id", "experiment");
  assertCanRead(access, experimentId);
  return getImportance({ experimentId });
});
