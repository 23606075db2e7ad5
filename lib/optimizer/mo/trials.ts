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
  if (directions.length === 1) return rankedSingle(trials, directions[0]!, limit);
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
 * rankedTrials with one objective, by one sort instead of nondominated sorting: a front is then a set of equal
 * values (feasible) or of equal violations (infeasible), so the order is feasible trials by (value, number), then
 * infeasible ones by (violation, number); the list ends with the group that reaches `limit`, as there. Every
 * study with one objective ranks here on each ask (selectHistory), so the keys are read once, without the
 * ScoredTrial objects of the general path.
 */
function rankedSingle(trials: ReadonlyArray<TrialRecord>, direction: Direction, limit: number): TrialRecord[] {
  // scoreTrials without its objects: the complete trials with a finite value, their violation and minimised value.
  const kept: TrialRecord[] = [];
  const viol: number[] = [];
  const key: number[] = [];
  const sign = direction === "maximize" ? -1 : 1;
  for (const t of trials) {
    if (t.state !== "complete") continue;
    const v = t.values?.[0];
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    const violation = constraintViolation(t);
    kept.push(t);
    viol.push(violation);
    key.push(violation === 0 ? sign * v : 0);
  }
  const n = kept.length;
  const num = Float64Array.from(kept, (t) => t.number);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const va = viol[a]!;
    const vb = viol[b]!;
    if (va !== vb) return va < vb ? -1 : 1;
    const ka = key[a]!;
    const kb = key[b]!;
    if (ka !== kb) return ka < kb ? -1 : 1;
    return num[a]! - num[b]! || a - b;
  });
  const out: TrialRecord[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (out.length >= limit) {
      // Past the limit, only the rest of the last group (same violation and value) follows.
      if (k === 0) break;
      const j = order[k - 1]!;
      if (viol[i] !== viol[j] || key[i] !== key[j]) break;
    }
    out.push(kept[i]!);
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
