import "server-only";
import { databaseBackSince } from "@/lib/db/client";
import { storedDate, storedIso } from "@/lib/db/columns";
import { findStaleTrials } from "@/lib/db/trials";
import { AppError } from "@/lib/http/errors";
import { isStale } from "@/lib/optimizer";
import { runTrialEvent } from "./trial-core";

/** When this server process started: time it was down does not count against a trial's grace period. */
const SERVER_UP_SINCE = new Date();

/** The later of this server's start and the end of its last database outage (agents could not report meanwhile). */
function upSinceNow(): Date {
  const back = databaseBackSince();
  return back !== undefined && back > SERVER_UP_SINCE.getTime() ? new Date(back) : SERVER_UP_SINCE;
}

/**
 * Fails running trials whose worker went silent for longer than the experiment's grace period (counted
 * from the later of its last sign of life, this server's start and the end of its last database outage), as infrastructure failures the trial
 * core retries. Runs on ask and on a timer.
 */
export async function failStaleTrials({ experimentId, now = () => new Date(), upSince = upSinceNow() }: { experimentId?: number; now?: () => Date; upSince?: Date } = {}): Promise<number> {
  const at = now();
  let failed = 0;
  for (const s of await findStaleTrials(at.toISOString(), upSince.toISOString(), experimentId)) {
    const message = `no heartbeat since ${storedIso(s.lastSeen)}: the worker is presumed dead`;
    try {
      const { ops } = await runTrialEvent({
        target: { trialId: s.id },
        // Checked again inside the transaction: a heartbeat may have come in since the scan.
        event: ({ trial, experiment }) => {
          if (!trial || trial.facts.state !== "running") return null;
          const seen = trial.row.heartbeatAt ?? trial.row.startedAt ?? trial.row.createdAt;
          const stale = isStale({ lastSeenMs: storedDate(seen).getTime(), upSinceMs: upSince.getTime(), nowMs: at.getTime(), graceSec: experiment.heartbeatGraceSec });
          return stale ? { type: "stale", trial: trial.facts, message } : null;
        },
        now: at,
      });
      if (ops.length > 0) failed++;
    } catch (error) {
      // A trial that finished between the scan and its transaction is not stale any more.
      if (!(error instanceof AppError && error.code === "wrong_state")) throw error;
    }
  }
  return failed;
}
