import "server-only";
import { readActiveAssignments, readWorkers } from "@/lib/db/workers";
import type { WorkerInfo } from "@/lib/schemas/worker";
import { STOPPED_SHOWN_SEC, toWorkerInfo } from "./worker-slots";

/** The Workers page and GET /workers: every worker not stopped, and those stopped within the last hour. */
export async function listWorkers({ now = () => new Date() }: { now?: () => Date } = {}): Promise<WorkerInfo[]> {
  const at = now();
  const workers = await readWorkers(new Date(at.getTime() - STOPPED_SHOWN_SEC * 1000).toISOString());
  const active = await readActiveAssignments({ workerIds: workers.map((w) => w.id) });
  return workers.map((w) => toWorkerInfo(w, active, at));
}
