import "server-only";
import { findExperiment } from "@/lib/db/experiments";
import { hasRetry, insertWaitingTrial, retryDepth, type TrialRow } from "@/lib/db/trials";

/**
 * Queues a failed trial again with the same parameters, while its retry chain is shorter than the
 * experiment's retry limit. The copy waits at the front of the queue: the next ask hands it out.
 * Returns the new trial's id, or null when no retry is due.
 */
export async function scheduleRetry(trial: TrialRow, now: Date, opts: { force?: boolean } = {}): Promise<number | null> {
  const experiment = await findExperiment(trial.experimentId);
  if (!experiment || hasRetry(trial.id)) return null;
  if (!opts.force && retryDepth(trial.id) >= experiment.maxRetries) return null;
  return insertWaitingTrial(
    trial.experimentId,
    { params: trial.params, paramsInternal: trial.paramsInternal, systemAttrs: trial.systemAttrs, retryOfId: trial.id },
    now.toISOString(),
  );
}
