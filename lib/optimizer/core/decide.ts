import type { Decision, Failure, Operation, Refusal, SweepSnapshot, TrialEvent, TrialFacts } from "./types";

/**
 * The one place that decides a trial's life: every state change, limit and retry of every path (the
 * in-memory Study, the API, the dashboard, the stale-trial sweep) comes from here. Pure: a driver loads
 * the snapshot inside its transaction, calls decide, and persists the operations it answers with.
 */
export function decide(snapshot: SweepSnapshot | null, event: TrialEvent): Decision {
  if (isSignOfLife(event)) return alive(event.trial, event.type === "report" ? "report metrics" : "send heartbeats");
  if (snapshot === null) throw new Error(`the trial core needs the sweep's snapshot to decide a ${event.type} event`);
  switch (event.type) {
    case "ask":
      return ask(snapshot);
    case "enqueue":
      return enqueue(snapshot);
    case "complete":
      return complete(snapshot, event.trial, event.values, event.constraints);
    case "fail":
      return fail(snapshot, event.trial, { kind: event.kind, message: event.message });
    case "stale":
      return fail(snapshot, event.trial, { kind: "infrastructure", message: event.message });
    case "prune":
      if (event.trial.state !== "running") return wrongState(event.trial, "be pruned");
      return withSweepEnd(snapshot, [{ op: "finish", number: event.trial.number, from: "running", state: "pruned", last: event.last }], { running: -1 });
    case "retry":
      return retry(snapshot, event.trial);
  }
}

/**
 * Whether deciding `event` reads the sweep (counts, limits, the next waiting trial). A sign of life (a report,
 * a heartbeat) is decided from the trial alone, so a driver may skip loading the snapshot for it: the hot path
 * of a training loop that reports every epoch.
 */
export function needsSnapshot(event: TrialEvent): boolean {
  return !isSignOfLife(event);
}

function isSignOfLife(event: TrialEvent): event is Extract<TrialEvent, { type: "report" | "heartbeat" }> {
  return event.type === "report" || event.type === "heartbeat";
}

function refuse(refusal: Refusal): Decision {
  return { ok: false, refusal };
}

function wrongState(trial: TrialFacts, action: string): Decision {
  return refuse({ code: "wrong_state", message: `trial #${trial.number} is ${trial.state}; only a running trial can ${action}` });
}

function budgetLeft({ rules, counts }: SweepSnapshot): boolean {
  return rules.maxTrials === null || counts.budgetUsed < rules.maxTrials;
}

function budgetSpent(s: SweepSnapshot, verb: string): Decision {
  return refuse({ code: "budget_exhausted", message: `the sweep has used its budget of ${s.rules.maxTrials} trials; extend the budget to ${verb}` });
}

function ask(s: SweepSnapshot): Decision {
  const { rules, counts } = s;
  if (rules.status !== "running") {
    if (rules.status === "completed" && !budgetLeft(s)) return budgetSpent(s, "continue");
    return refuse({ code: "experiment_not_running", message: `the sweep is ${rules.status}; resume it to get new trials` });
  }
  if (rules.maxParallel !== null && counts.running >= rules.maxParallel) {
    return refuse({ code: "parallel_limit", message: `${counts.running} trials are running already (the sweep's limit is ${rules.maxParallel}); ask again when one finishes` });
  }
  if (s.nextWaiting !== null) return { ok: true, ops: [{ op: "start", number: s.nextWaiting }] };
  // Retries replace a failed trial: they are handed out before new trials and spend no budget.
  if (s.nextRetry !== null) return { ok: true, ops: [{ op: "rerun", number: newTrialNumber(counts.trials), retryOf: s.nextRetry }] };
  if (!budgetLeft(s)) return budgetSpent(s, "continue");
  return { ok: true, ops: [{ op: "sample", number: newTrialNumber(counts.trials) }] };
}

/**
 * The number a new trial of the sweep gets: numbers are dense from 0, so the count of trials so far; `ahead` more
 * for trials that would be created before it (Suggest's later configurations).
 */
export function newTrialNumber(trials: number, ahead = 0): number {
  return trials + ahead;
}

function enqueue(s: SweepSnapshot): Decision {
  if (s.rules.status === "archived") return refuse({ code: "wrong_state", message: "the sweep is archived; unarchive it to queue trials" });
  // A queued trial is an original trial: it spends the budget like a suggested one.
  if (!budgetLeft(s)) return budgetSpent(s, "queue more");
  return { ok: true, ops: [{ op: "queue", number: newTrialNumber(s.counts.trials), retryOf: null }] };
}

/** Failed only because its worker was presumed dead, and not yet replaced by a retry: it may come back. */
function presumedDead(trial: TrialFacts): boolean {
  return trial.state === "failed" && trial.failureKind === "infrastructure" && trial.retry === null;
}

/**
 * Whether a trial in this state can never take another report: `alive` accepts one only from a running trial or
 * a failed one presumed dead, so a complete or pruned trial's reported series is final.
 */
export function reportsClosed(state: TrialFacts["state"]): boolean {
  return state === "complete" || state === "pruned";
}

function alive(trial: TrialFacts, action: string): Decision {
  if (trial.state === "running") return { ok: true, ops: [{ op: "touch", number: trial.number }] };
  if (presumedDead(trial)) return { ok: true, ops: [{ op: "revive", number: trial.number }, { op: "touch", number: trial.number }] };
  return wrongState(trial, action);
}

function complete(s: SweepSnapshot, trial: TrialFacts, values: readonly number[], constraints: readonly number[] | undefined): Decision {
  const late = presumedDead(trial);
  if (trial.state !== "running" && !late) return wrongState(trial, "be completed");
  const names = s.rules.objectives;
  if (values.length !== names.length) {
    return refuse({ code: "validation_error", path: "values", message: `values: expected ${names.length} value(s), one per objective (${names.join(", ")}), got ${values.length}` });
  }
  const limits = s.rules.constraints ?? [];
  if ((constraints?.length ?? 0) !== limits.length) {
    const message = limits.length === 0 ? "the sweep has no constraints" : `expected ${limits.length} value(s), one per constraint (${limits.join(", ")})`;
    return refuse({ code: "validation_error", path: "constraints", message: `constraints: ${message}, got ${constraints?.length ?? 0}` });
  }
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    const failure: Failure = { kind: "program", message: `objective ${names[bad]} was ${String(values[bad])}, not a finite number` };
    if (late) return refuse({ code: "wrong_state", message: `trial #${trial.number} was failed as presumed dead, and its late result is not a finite number` });
    return fail(s, trial, failure);
  }
  // A constraint value that is NaN (not reported) makes the trial infeasible; it still completes.
  const finish: Operation = { op: "finish", number: trial.number, from: trial.state, state: "complete", values: [...values], constraints: constraints ? [...constraints] : null };
  // A late result takes the place of the pending retry, if one was due.
  return withSweepEnd(s, [finish], late ? { waiting: trial.retryPending ? -1 : 0 } : { running: -1 });
}

function fail(s: SweepSnapshot, trial: TrialFacts, failure: Failure): Decision {
  if (trial.state !== "running") return wrongState(trial, "fail");
  const retry = trial.retry === null && trial.retryDepth < s.rules.maxRetries && (failure.kind === "infrastructure" || s.rules.retryOn === "any");
  return withSweepEnd(s, [{ op: "finish", number: trial.number, from: "running", state: "failed", failure, retry }], { running: -1, waiting: retry ? 1 : 0 });
}

function retry(s: SweepSnapshot, trial: TrialFacts): Decision {
  if (trial.state !== "failed") return refuse({ code: "wrong_state", message: `trial #${trial.number} is ${trial.state}; only a failed trial can be retried` });
  if (trial.retry !== null) return refuse({ code: "conflict", message: `trial #${trial.number} was already retried (as #${trial.retry.number})` });
  if (s.rules.status === "archived") return refuse({ code: "wrong_state", message: "the sweep is archived; unarchive it to retry trials" });
  return { ok: true, ops: [{ op: "queue", number: newTrialNumber(s.counts.trials), retryOf: trial.number }] };
}

/** Appends completeSweep when, after `ops`, the budget is spent and nothing runs, waits or is due a retry. */
function withSweepEnd(s: SweepSnapshot, ops: Operation[], delta: { running?: number; waiting?: number }): Decision {
  const running = s.counts.running + (delta.running ?? 0);
  const waiting = s.counts.waiting + (delta.waiting ?? 0);
  const done = s.rules.status === "running" && !budgetLeft(s) && running <= 0 && waiting <= 0;
  return { ok: true, ops: done ? [...ops, { op: "completeSweep" }] : ops };
}
