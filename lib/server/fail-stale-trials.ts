import "server-only";
import { completeExperimentIfDone } from "@/lib/db/experiments";
import { findStaleTrials, finishTrial } from "@/lib/db/trials";
import { loadTrial } from "./load-trial";
import { scheduleRetry } from "./schedule-retry";

/**
 * Fails running trials whose worker went silent for longer than the experiment's grace period and
 * queues their retries, so a sweep never waits forever on a dead worker. Runs on ask and on a timer.
 */
export async function failStaleTrials({ experimentId, now = () => new Date() }: { experimentId?: number; now?: () => Date } = {}): Promise<number> {
  const at = now();
  const stale = findStaleTrials(at.toISOString(), experimentId);
  let failed = 0;
  for (const s of stale) {
    const message = `no heartbeat since ${s.heartbeatAt ?? "the start"}: the worker is presumed dead`;
    if (!(await finishTrial(s.id, ["running"], { state: "failed", error: message, completedAt: at }))) continue;
    failed++;
    await scheduleRetry(await loadTrial(s.id), at);
    await completeExperimentIfDone(s.experimentId, at.toISOString());
  }
  return failed;
}
