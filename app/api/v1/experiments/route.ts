import { json } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { listExperimentsQuery } from "@/lib/schemas/api";
import { createExperimentBody } from "@/lib/schemas/experiment";
import { createExperiment } from "@/lib/server/create-experiment";
import { listExperiments } from "@/lib/server/list-experiments";

export const dynamic = "force-dynamic";

export const GET = apiHandler("read", async ({ query }) => {
  const q = query(listExperimentsQuery);
  return { experiments: await listExperiments({ search: q.search, includeArchived: q.archived === "true", tags: q.tag }) };
});

export const POST = apiHandler("write", async ({ body }) => {
  const { experiment, warnings } = await createExperiment({ body: await body(createExperimentBody) });
  return json({ experiment, warnings }, 201);
});
