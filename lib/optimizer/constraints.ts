import type { TrialRecord } from "./types";

// The one place that says what a constraint means (Optuna's constraints_func convention): a trial is
// feasible when every constraint value is <= 0; an infeasible trial's badness is its total violation.
// A trial with no constraint values (a study without constraints) is feasible.

/** Sum of the positive parts of the constraint values; 0 for a feasible trial. NaN counts as infinitely violated. */
export function constraintViolation(trial: Pick<TrialRecord, "constraints">): number {
  const cs = trial.constraints;
  if (!cs) return 0;
  let v = 0;
  for (const c of cs) {
    if (Number.isNaN(c)) return Infinity;
    if (c > 0) v += c;
  }
  return v;
}

export function isFeasible(trial: Pick<TrialRecord, "constraints">): boolean {
  return constraintViolation(trial) === 0;
}
