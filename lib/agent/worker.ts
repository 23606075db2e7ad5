import { ApiError } from "./http-client";
import type { Reporter } from "./progress";
import { sleep } from "./sleep";
import type { Tally } from "./tally";
import { tellOutcome } from "./tell";
import { runTrial, type TrialRunContext } from "./trial-run";
import type { Trial } from "./types";

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
    const final = await runTrial({
      ...w,
      trial,
      events: {
        output: (line, stream) => w.reporter.output(w.index, line, stream),
        metric: (point) => w.reporter.metric(w.index, point),
        warn: (text) => w.reporter.warn(text),
      },
    });
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
        await tellOutcome(w.api, trial, { kind: "interrupted", error: "agent interrupted" }, w.signal);
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
