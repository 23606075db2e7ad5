import "server-only";
import { beatWorker as beat } from "@/lib/db/workers";
import { AppError, notFound } from "@/lib/http/errors";
import type { WorkerHeartbeatBody } from "@/lib/schemas/worker";
import { ownWorker } from "./worker-access";
import { toAssignment, WORKER_HEARTBEAT_SEC } from "./worker-slots";

/**
 * A worker's beat: it is seen, the slots it says have ended free up, and it gets its slots' work now (new
 * assignments to start; one missing from the answer was taken back, and its run stops).
 */
export async function beatWorker({ id, body, tokenId, now = () => new Date() }: { id: number; body: WorkerHeartbeatBody; tokenId: number | null; now?: () => Date }) {
  const worker = await ownWorker(id, tokenId);
  if (worker.stoppedAt !== null) throw new AppError("wrong_state", `worker ${id} has stopped; register again (restart sweepboard worker)`);
  const result = await beat(id, body.ended.map((e) => e.assignment), now().toISOString());
  if (!result) throw notFound("worker", id);
  return { assignments: result.assignments.map((a) => toAssignment(a, result.worker)), heartbeatSec: WORKER_HEARTBEAT_SEC };
}
