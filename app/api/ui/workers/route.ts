import { AppError } from "@/lib/http/errors";
import { listWorkers } from "@/lib/server/list-workers";
import { uiHandler } from "@/lib/server/ui-handler";

export const dynamic = "force-dynamic";

/** The Workers page's list, refreshed while it is open. */
export const GET = uiHandler(async ({ access }) => {
  // A share link sees one sweep, not the team's machines.
  if (access.kind === "share") throw new AppError("forbidden", "a share link shows one sweep only");
  return { workers: await listWorkers() };
});
