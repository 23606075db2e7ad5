import { ApiError, ServerUnreachableError, type ApiClient } from "./http-client";
import type { Trial, TrialOutcome } from "./types";

const TOLD_STATE = { complete: "complete", pruned: "pruned", failed: "failed", interrupted: "failed" } as const;

/**
 * Tells the server how the trial ended and returns what the agent should count. The call rides out
 * outages like every other (after Ctrl-C only for the shutdown grace: the user wants out, and the
 * server marks an untold trial dead after its heartbeat grace anyway).
 *
 * 409 wrong_state means the trial already ended there: told by the script itself, marked dead, or
 * our own earlier try landed and only its answer was lost; the trial's state tells those apart.
 */
export async function tellOutcome(api: ApiClient, trial: Trial, outcome: TrialOutcome, signal: AbortSignal): Promise<TrialOutcome> {
  if (outcome.kind === "lost") return outcome;
  const opts = { signal };
  try {
    if (outcome.kind === "complete") await api.complete(trial.id, outcome.values, opts);
    else if (outcome.kind === "pruned") await api.prune(trial.id, outcome.step, opts);
    else if (outcome.kind === "failed") await api.fail(trial.id, outcome.error, outcome.failure, opts);
    else await api.fail(trial.id, typeof signal.reason === "string" ? signal.reason : outcome.error, "infrastructure", opts);
    return outcome;
  } catch (error) {
    if (error instanceof ApiError && error.code === "wrong_state") {
      const state = error.retried ? await api.trialState(trial.id, opts).catch(() => undefined) : undefined;
      if (state === TOLD_STATE[outcome.kind]) return outcome;
      return { kind: "lost", reason: `it was already ${state ?? "finished"} on the server (told by the script itself, or marked dead?)` };
    }
    if (error instanceof ApiError && error.status !== 401 && error.status !== 403) {
      // One refused result (a server bug, a limit) must not stop the other workers' runs.
      return { kind: "lost", reason: `the server refused the result: ${error.status} ${error.code}: ${error.message}` };
    }
    if (signal.aborted && error instanceof ServerUnreachableError) return outcome; // best effort while shutting down
    throw error;
  }
}
