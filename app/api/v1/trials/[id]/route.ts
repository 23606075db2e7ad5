import { idParam } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { toTrialDto } from "@/lib/server/dto";
import { loadTrial } from "@/lib/server/load-trial";

export const dynamic = "force-dynamic";

export const GET = apiHandler("read", async ({ params }) => ({ trial: toTrialDto(await loadTrial(idParam(params, "id", "trial"))) }));
