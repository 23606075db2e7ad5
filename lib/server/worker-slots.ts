import "server-only";
import { parseConfig, storedIso } from "@/lib/db/columns";
import type { AssignmentWithName, SlotPick, WorkerRow } from "@/lib/db/workers";
import type { Assignment, LaunchedSlot, WorkerInfo } from "@/lib/schemas/worker";

// The one place that decides about workers: how often they beat, when one counts as lost, which slots are
// free, and how a launch spreads over them.

/** The beat interval the server asks workers for. */
export const WORKER_HEARTBEAT_SEC = 5;
/** A worker silent this long is offline: launches skip it and the Workers page says so. */
export const WORKER_LOST_AFTER_SEC = 30;
/** Stopped workers stay on the Workers page this long. */
export const STOPPED_SHOWN_SEC = 3600;

export type WorkerStatus = WorkerInfo["status"];

export function workerStatus(row: Pick<WorkerRow, "stoppedAt" | "lastSeenAt">, now: Date): WorkerStatus {
  if (row.stoppedAt !== null) return "stopped";
  const silentMs = now.getTime() - new Date(storedIso(row.lastSeenAt)).getTime();
  return silentMs > WORKER_LOST_AFTER_SEC * 1000 ? "offline" : "online";
}

/** The GPU ids of each slot, as the worker registered them ("" for a slot without one). */
export function slotGpus(row: Pick<WorkerRow, "gpus" | "slots">): string[] {
  const gpus = parseConfig(row.gpus);
  const list = Array.isArray(gpus) ? gpus.map(String) : [];
  return Array.from({ length: row.slots }, (_, i) => list[i] ?? "");
}

export function toAssignment(a: AssignmentWithName, worker: Pick<WorkerRow, "gpus" | "slots">): Assignment {
  return { id: a.id, slot: a.slot, experimentId: a.experimentId, experimentName: a.experimentName, gpus: slotGpus(worker)[a.slot] ?? "", createdAt: storedIso(a.createdAt) };
}

export function toWorkerInfo(row: WorkerRow, active: AssignmentWithName[], now: Date): WorkerInfo {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    slots: row.slots,
    gpus: slotGpus(row),
    version: row.version,
    createdAt: storedIso(row.createdAt),
    lastSeenAt: storedIso(row.lastSeenAt),
    stoppedAt: storedIso(row.stoppedAt),
    status: workerStatus(row, now),
    assignments: active.filter((a) => a.workerId === row.id).map((a) => toAssignment(a, row)),
  };
}

export function toLaunchedSlot(a: AssignmentWithName, worker: WorkerRow, now: Date): LaunchedSlot {
  return { ...toAssignment(a, worker), workerId: worker.id, workerName: worker.name, host: worker.host, online: workerStatus(worker, now) === "online" };
}

/** Free slots of online workers: a slot is busy while an assignment on it is active. */
export function freeSlots(workers: WorkerRow[], active: Pick<AssignmentWithName, "workerId" | "slot">[], now: Date): SlotPick[][] {
  const busy = new Set(active.map((a) => `${a.workerId}:${a.slot}`));
  return workers
    .filter((w) => workerStatus(w, now) === "online")
    .map((w) => Array.from({ length: w.slots }, (_, slot) => ({ workerId: w.id, slot })).filter((p) => !busy.has(`${p.workerId}:${p.slot}`)));
}

/**
 * Up to `count` free slots, spread over the workers (the one with the most free slots first, then in turn), so
 * that a launch of two on two idle machines runs one trial on each rather than two on one.
 */
export function pickSlots(free: SlotPick[][], count: number): SlotPick[] {
  const queues = free.filter((q) => q.length > 0).map((q) => [...q]);
  queues.sort((a, b) => b.length - a.length || a[0]!.workerId - b[0]!.workerId);
  const picks: SlotPick[] = [];
  while (picks.length < count && queues.some((q) => q.length > 0)) {
    for (const q of queues) {
      const next = q.shift();
      if (next) picks.push(next);
      if (picks.length >= count) break;
    }
  }
  return picks;
}
