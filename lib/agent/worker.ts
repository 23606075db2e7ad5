import { ApiError, type ApiClient } from "./http-client";
import type { Reporter } from "./progress";
import { sleep } from "./sleep";
import type { Tally } from "./tally";
import { runTrial, type TrialRunContext } from "./trial-run";
import type { Trial, TrialOutcome } from "./types";

/** State all workers share: why asking stopped, and whether that is an error for the exit status. */
export interface Shared {
  stopAsking?: { reason: string; error: boolean };
}

export interface WorkerContext extends Omit<TrialRunContext, "trial" | "events"> {
  index: number;
  workerId: string;
  tally: Tally;
  reporter: Reporter;
  shared: Shared;
}

/** Ask, run, tell, until the budget, --count, a setup error or Ctrl-C ends it. Throws when the server is gone. */
export async function runWorker(w: WorkerContext): Promise<void> {
  try {
    await workerLoop(w);
  } finally {
    w.reporter.workerDone(w.index);
  }
}

async function workerLoop(w: WorkerContext): Promise<void> {
  while (!w.shared.stopAsking && !w.signal.aborted) {
    if (!w.tally.takeSlot()) return;
    const trial = await askForTrial(w);
    if (!trial) {
      w.tally.releaseSlot();
      return;
    }
    w.reporter.trialStarted(w.index, trial);
    const started = Date.now();
    const outcome = await runTrial({
      ...w,
      trial,
      events: {
        output: (line, stream) => w.reporter.output(w.index, line, stream),
        metric: (point) => w.reporter.metric(w.index, point),
        warn: (text) => w.reporter.warn(text),
      },
    });
    const told = await tell(w.api, trial, outcome, w.signal);
    const final: TrialOutcome = told === "already-finished" && outcome.kind !== "lost" ? { kind: "lost", reason: "it was already finished on the server (by the script itself?)" } : outcome;
    w.tally.record(trial, final);
    w.reporter.trialEnded(w.index, trial, final, Date.now() - started);
    if (final.kind === "failed" && final.setup && !w.shared.stopAsking) {
      // A typo in the command fails every trial the same way: stop rather than burn the budget.
      w.shared.stopAsking = { reason: `stopped after trial ${trial.number} could not run: ${final.error.split("\n")[0]}`, error: true };
    }
  }
}

/** One trial, or null when there is nothing (more) to do; waits while the parallel limit is reached. */
async function askForTrial(w: WorkerContext): Promise<Trial | null> {
  let wait = w.tuning.slotWaitBaseMs;
  let announced = false;
  for (;;) {
    if (w.shared.stopAsking || w.signal.aborted) return null;
    try {
      const trial = await w.api.ask(w.options.experimentId, w.workerId, { signal: w.signal });
      if (w.signal.aborted) {
        await tell(w.api, trial, { kind: "interrupted", error: "agent interrupted" }, w.signal);
        return null;
      }
      return trial;
    } catch (error) {
      if (w.signal.aborted) return null;
      if (!(error instanceof ApiError)) throw error;
      if (error.code === "parallel_limit") {
        if (!announced) w.reporter.waiting(w.index, "the experiment's parallel limit is reached");
        announced = true;
        await sleep(wait, w.signal);
        wait = Math.min(w.tuning.slotWaitCapMs, wait * 1.5);
      } else if (error.code === "budget_exhausted" || error.code === "experiment_not_running") {
        w.shared.stopAsking ??= { reason: error.message || error.code, error: false };
        return null;
      } else throw error;
    }
  }
}

/**
 * Reports the outcome. After Ctrl-C the retry window is short: the user wants out, and the server
 * marks an untold trial dead after its heartbeat grace anyway. 409 wrong_state means the trial
 * already ended there (the script told it, or a retried tell had already landed).
 */
async function tell(api: ApiClient, trial: Trial, outcome: TrialOutcome, signal: AbortSignal): Promise<"told" | "already-finished"> {
  const opts = signal.aborted ? { giveUpMs: 5_000 } : {};
  try {
    if (outcome.kind === "complete") await api.complete(trial.id, outcome.value, opts);
    else if (outcome.kind === "pruned") await api.prune(trial.id, outcome.step, opts);
    else if (outcome.kind === "failed" || outcome.kind === "interrupted") await api.fail(trial.id, interruptedError(outcome, signal), opts);
    return "told";
  } catch (error) {
    if (error instanceof ApiError && error.code === "wrong_state") return "already-finished";
    if (signal.aborted) return "told"; // best effort while shutting down
    throw error;
  }
}

function interruptedError(outcome: Extract<TrialOutcome, { kind: "failed" | "interrupted" }>, signal: AbortSignal): string {
  if (outcome.kind === "failed") return outcome.error;
  return typeof signal.reason === "string" ? signal.reason : outcome.error;
}
