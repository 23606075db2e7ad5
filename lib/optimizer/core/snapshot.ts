import type { TrialRecord } from "../types";
import type { SweepRules, SweepSnapshot, TrialFacts } from "./types";

/**
 * The snapshot of a sweep from its whole list of trials: what the in-memory Study gives the core. The
 * database computes the same numbers with aggregate queries; the shared suites check that both agree.
 */
export function snapshotOf(rules: SweepRules, trials: ReadonlyArray<TrialRecord>): SweepSnapshot {
  let budgetUsed = 0;
  let running = 0;
  let waiting = 0;
  let nextWaiting: number | null = null;
  let nextRetry: number | null = null;
  for (const t of trials) {
    if (t.retryOf === undefined || t.retryOf === null) budgetUsed++;
    if (t.state === "running") running++;
    else if (t.state === "waiting") {
      waiting++;
      nextWaiting ??= t.number;
    } else if (t.state === "failed" && t.retryPending) {
      waiting++;
      nextRetry ??= t.number;
    }
  }
  return { rules, counts: { trials: trials.length, budgetUsed, running, waiting }, nextWaiting, nextRetry };
}

/** What the core needs to know about trial `number`, from the whole list. */
export function factsOf(trials: ReadonlyArray<TrialRecord>, number: number): TrialFacts | null {
  const trial = trials[number]?.number === number ? trials[number] : trials.find((t) => t.number === number);
  if (!trial) return null;
  let retryDepth = 0;
  for (let of = trial.retryOf; of !== undefined && of !== null; ) {
    retryDepth++;
    const parent: TrialRecord | undefined = trials[of];
    of = parent?.retryOf;
  }
  const retry = trials.find((t) => t.retryOf === number);
  return {
    number,
    state: trial.state,
    retryDepth,
    failureKind: trial.failureKind ?? null,
    retryPending: trial.retryPending === true,
    retry: retry ? { number: retry.number, state: retry.state } : null,
  };
}
