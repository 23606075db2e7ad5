import { json } from "@/lib/http/route";
import { registerWorkerBody } from "@/lib/schemas/worker";
import { apiHandler } from "@/lib/server/api-handler";
import { listWorkers } from "@/lib/server/list-workers";
import { registerWorker } from "@/lib/server/register-worker";

export const dynamic = "force-dynamic";

/** The workers: host, slots, busy slots, last seen. */
export const GET = apiHandler("read", async () => ({ workers: await listWorkers() }));

/** `sweepboard worker` registers: `{"name": "gpu-box", "host": "gpu-box", "slots": 2, "gpus": ["0", "1"]}`. */
export const POST = apiHandler("write", async ({ body, principal }) => json(await registerWorker({ body: await body(registerWorkerBody), tokenId: principal.tokenId }), 201));
