import { idParam } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { getExperiment } from "@/lib/server/get-experiment";

export const dynamic = "force-dynamic";

export const GET = apiHandler("read", async ({ params }) => ({ experiment: await getExperiment({ id: idParam(params, "id", "experiment") }) }));
