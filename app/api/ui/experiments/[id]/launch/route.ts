import { idParam } from "@/lib/http/route";
import { assertCanRead } from "@/lib/server/dashboard-access";
import { getLaunch } from "@/lib/server/get-launch";
import { uiHandler } from "@/lib/server/ui-handler";

export const dynamic = "force-dynamic";

/** The worker slots the sweep holds, for its Launch panel. */
export const GET = uiHandler(async ({ params, access }) => {
  const id = idParam(params, "id", "experiment");
  assertCanRead(access, id);
  return getLaunch({ id });
});
