import { listExperimentsQuery } from "@/lib/schemas/api";
import { assertCanWrite } from "@/lib/server/dashboard-access";
import { listExperiments } from "@/lib/server/list-experiments";
import { uiHandler } from "@/lib/server/ui-handler";

export const dynamic = "force-dynamic";

export const GET = uiHandler(async ({ query, access }) => {
  // A share link sees one experiment, never the list.
  if (access.kind === "share") assertCanWrite(access);
  const q = query(listExperimentsQuery);
  return { experiments: await listExperiments({ search: q.search, includeArchived: q.archived === "true", tags: q.tag }) };
});
