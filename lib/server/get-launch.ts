import "server-only";
import { findExperiment } from "@/lib/db/experiments";
import { readActiveAssignments, readWorkers } from "@/lib/db/workers";
import { notFound } from "@/lib/http/errors";
import type { LaunchedSlot } from "@/lib/schemas/worker";
import { STOPPED_SHOWN_SEC, toLaunchedSlot } from "./worker-slots";

/** The worker slots a sweep holds now. */
export async function getLaunch({ id, now = () => new Date() }: { id: number; now?: () => Date }): Promise<{ slots: LaunchedSlot[] }> {
  if (!(await findExperiment(id))) throw notFound("experiment", id);
  return { slots: await launchedSlots(id, now()) };
}

export async function launchedSlots(experimentId: number, at: Date): Promise<LaunchedSlot[]> {
  const active = await readActiveAssignments({ experimentId });
  if (active.length === 0) return [];
  const workers = new Map((await readWorkers(new Date(at.getTime() - STOPPED_SHOWN_SEC * 1000).toISOString())).map((w) => [w.id, w]));
  return active.flatMap((a) => {
    const worker = workers.get(a.workerId);
    return worker ? [toLaunchedSlot(a, worker, at)] : [];
  });
}
