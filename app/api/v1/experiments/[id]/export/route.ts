import { exportQuery } from "@/lib/schemas/api";
import { idParam } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { exportExperiment } from "@/lib/server/export-experiment";

export const dynamic = "force-dynamic";

export const GET = apiHandler("read", async ({ params, query }) => {
  const out = await exportExperiment({ id: idParam(params, "id", "experiment"), format: query(exportQuery).format });
  return new Response(out.body, { headers: { "content-type": out.contentType, "content-disposition": `attachment; filename="${out.filename}"` } });
});
