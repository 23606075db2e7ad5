import "server-only";
import { launchOnWorkers } from "@/lib/db/workers";
import { AppError, notFound } from "@/lib/http/errors";
import type { LaunchBody, LaunchedSlot } from "@/lib/schemas/worker";
import { launchedSlots } from "./get-launch";
import { freeSlots, pickSlots, workerStatus } from "./worker-slots";

/**
 * Gives a running sweep that stores a command up to `slots` free worker slots (fewer when fewer are free; none
 * is a 409). Each slot then runs the sweep's own command, never one from the request: a launch names only how
 * many slots, and where.
 */
export async function launchExperiment({ id, body, now = () => new Date() }: { id: number; body: LaunchBody; now?: () => Date }): Promise<{ launched: LaunchedSlot[]; requested: number; slots: LaunchedSlot[] }> {
  const at = now();
  const ids = await launchOnWorkers(id, at.toISOString(), (experiment, workers, active) => {
    if (experiment.status !== "running") throw new AppError("experiment_not_running", `experiment ${id} is ${experiment.status}; resume it to launch it`);
    if (experiment.command === null) throw new AppError("conflict", `experiment ${id} stores no command, so a worker has nothing to run: create the sweep with "command" (or run agents by hand)`, { path: "command" });
    let candidates = workers;
    if (body.worker !== undefined) {
      const worker = workers.find((w) => w.id === body.worker);
      if (!worker) throw new AppError("not_found", `worker ${body.worker} not found (or stopped)`, { path: "worker" });
      if (workerStatus(worker, at) !== "online") throw new AppError("no_free_slots", `worker ${body.worker} (${worker.name}) is offline`, { path: "worker" });
      candidates = [worker];
    }
    const picks = pickSlots(freeSlots(candidates, active, at), body.slots);
    if (picks.length === 0) {
      const online = candidates.filter((w) => workerStatus(w, at) === "online");
      const total = online.reduce((n, w) => n + w.slots, 0);
      throw new AppError(
        "no_free_slots",
        online.length === 0
          ? "no worker is online: start one where the GPUs are (node sweepboard.mjs worker --slots N)"
          : `every slot is busy (${online.length} online worker${online.length === 1 ? "" : "s"}, ${total} slot${total === 1 ? "" : "s"})`,
      );
    }
    return picks;
  });
  if (ids === undefined) throw notFound("experiment", id);
  const slots = await launchedSlots(id, at);
  return { launched: slots.filter((s) => ids.includes(s.id)), requested: body.slots, slots };
}
