import "server-only";
import { insertWorker } from "@/lib/db/workers";
import type { RegisterWorkerBody } from "@/lib/schemas/worker";
import { toWorkerInfo, WORKER_HEARTBEAT_SEC } from "./worker-slots";

/** A worker starts: it is registered, online, with no work yet, and beats every heartbeatSec. */
export async function registerWorker({ body, tokenId, now = () => new Date() }: { body: RegisterWorkerBody; tokenId: number | null; now?: () => Date }) {
  const at = now();
  const row = await insertWorker(
    { name: body.name, host: body.host, slots: body.slots, gpus: body.gpus ?? Array.from({ length: body.slots }, () => ""), version: body.version ?? "", tokenId },
    at.toISOString(),
  );
  return { worker: toWorkerInfo(row, [], at), heartbeatSec: WORKER_HEARTBEAT_SEC };
}
