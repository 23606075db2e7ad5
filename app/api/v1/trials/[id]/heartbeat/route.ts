import { idParam } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { heartbeatTrial } from "@/lib/server/heartbeat-trial";

export const dynamic = "force-dynamic";

export const POST = apiHandler("write", async ({ params }) => heartbeatTrial({ trialId: idParam(params, "id", "trial") }));
