import { idParam } from "@/lib/http/route";
import { workerHeartbeatBody } from "@/lib/schemas/worker";
import { apiHandler } from "@/lib/server/api-handler";
import { beatWorker } from "@/lib/server/beat-worker";

export const dynamic = "force-dynamic";

/** A worker's beat: `{"ended": [{"assignment": 3, "exitCode": 0}]}`; answers its slots' work now. */
export const POST = apiHandler("write", async ({ params, optionalBody, principal }) =>
  beatWorker({ id: idParam(params, "id", "worker"), body: (await optionalBody(workerHeartbeatBody)) ?? { ended: [] }, tokenId: principal.tokenId }),
);
