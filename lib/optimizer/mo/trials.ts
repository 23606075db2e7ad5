// Trial-level views of the Pareto machinery: what "best" means for a study with several objectives and
// constraints. The engine, the API and the dashboard all go through these.

import { constraintViolation } from "../constraints";
import type { Direction, TrialRecord } from "../types";
import { constrainedSort, nondominatedSort, toMinimization } from "./dominance";

/** A complete trial with a finite value for every objective, in minimisation form. */
export interface ScoredTrial {
  trial: TrialRecord;
  point: number[];
  /** Total constraint violation (constraints.ts); 0 when feasible. */
  violation: number;
}

/** The complete trials that have a finite value for every objective, with their points and violations. */
export function scoreTrials(trials: ReadonlyArray<TrialRecord>, directions: ReadonlyArray<Direction>): ScoredTrial[] {
  const out: ScoredTrial[] = [];
  for (const trial of trials) {
    if (trial.state !== "complete") continue;
    const point = toMinimization(trial.values, directions);
    if (point) out.push({ trial, point, violation: constraintViolation(trial) });
  }
  return out;
}

/**
 * The Pareto front of a study: its complete, feasible trials (every constraint <= 0, constraints.ts) with a
 * finite value for every objective that no other such trial dominates, by trial number. Trials with equal
 * values are all on it. With one objective: every feasible trial with the best value.
 */
export function paretoFront(trials: ReadonlyArray<TrialRecord>, directions: ReadonlyArray<Direction>): TrialRecord[] {
  const feasible = scoreTrials(trials, directions).filter((s) => s.violation === 0);
  const [front] = nondominatedSort(feasible.map((s) => s.point), 1);
  return (front ?? []).map((i) => feasible[i]!.trial).sort((a, b) => a.number - b.number);
}

/**
 * The complete trials ordered best first under constrained domination: feasible trials front by front, then
 * infeasible ones by total violation; inside a front (or a group of equal violation) by trial number. Stops
 * after the front that reaches `limit` trials. Used for the bounded model history (history.ts).
 */
export function rankedTrials(trials: ReadonlyArray<TrialRecord>, directions: ReadonlyArray<Direction>, limit = Infinity): TrialRecord[] {
  const scored = scoreTrials(trials, directions);
  const fronts = constrainedSort(
    scored.map((s) => s.point),
    scored.map((s) => s.violation),
    limit,
  );
  const out: TrialRecord[] = [];
  for (const f of fronts) {
    if (out.length >= limit) break;
    for (const i of f.map((k) => scored[k]!.trial).sort((a, b) => a.number - b.number)) out.push(i);
  }
  return out;
}

/**
 * The study's single best trial: among complete feasible trials, the best by the first objective, ties broken
 * by the next objectives in order, then by the lower number. With several objectives this is the Pareto-front
 * trial that is best on the first objective (it is always on the front); use paretoFront for the whole
 * trade-off. Null when no trial is complete and feasible.
 */
export function bestTrialOf(trials: ReadonlyArray<TrialRecord>, directions: ReadonlyArray<Direction>): TrialRecord | null {
  let best: ScoredTrial | null = null;
  for (const s of scoreTrials(trials, directions)) {
    if (s.violation !== 0) continue;
    if (!best || lexLess(s.point, best.point) || (!lexLess(best.point, s.point) && s.trial.number < best.trial.number)) best = s;
  }
  return best?.trial ?? null;
}

function lexLess(a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}
