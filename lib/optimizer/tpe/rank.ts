import { constraintViolation } from "../constraints";
import { toMinimization } from "../mo/dominance";
import { nondominatedRanks } from "../mo/dominance";
import { nadirReference, selectSubset } from "../mo/hypervolume";
import type { Direction, GammaRule, TrialRecord } from "../types";
import { gammaCount } from "./weights";

export interface Ranked {
  /**
   * Best first: complete feasible trials by value (several objectives: front by front), then pruned (later
   * step first, then value), then infeasible complete ones by total violation, then failed, then liars.
   */
  trials: TrialRecord[];
  /** How many leading entries of `trials` succeeded (complete or pruned): only they may be "good". */
  nSucceeded: number;
  /** How many leading entries of `trials` are observations (succeeded or failed); the rest are liars. */
  nFinished: number;
  /** Indices into `trials` in chronological (trial number) order, for the kernels' age weights. */
  chrono: Int32Array;
  /**
   * With several objectives: each entry's objective vector in minimisation form when it is complete and
   * feasible (what hypervolume weights are computed from), else null. Absent with one objective.
   */
  points?: Array<number[] | null>;
}

const COMPLETE = 0;
const PRUNED = 1;
const PRUNED_UNREPORTED = 2;
const INFEASIBLE = 3;
const FAILED = 4;
const LIAR = 5;

interface Row {
  t: TrialRecord;
  tier: number;
  a: number;
  b: number;
  point: number[] | null;
}

/**
 * Orders the history for the good/bad split. A failure of the program (or of unknown kind, from before
 * failures had one) is an observation worse than every success, so the region it came from counts as bad
 * and the sampler steers away from it. Failures of the infrastructure (a dead worker) say nothing about the
 * parameters and are left out, as is a failure that a retry of the same parameters got past, and a complete
 * trial without a finite value for every objective. With constantLiar, running and waiting trials rank last,
 * so the region a parallel worker is exploring counts as bad and other workers look elsewhere.
 *
 * Constraints (as Optuna's constraints_func): a complete trial that violates a constraint (constraints.ts) ranks
 * after every feasible success, infeasible trials by their total violation, so the good group holds feasible
 * trials whenever there are enough of them and otherwise the least violating ones.
 *
 * Several objectives (Optuna's multi-objective TPE): feasible complete trials rank front by front by
 * nondominated sorting. The front that the good group's size gamma(n) cuts is ordered by greedy hypervolume
 * subset selection (reference point 10% beyond the front's worst values), so the good group takes the members
 * that cover the most hypervolume; the other fronts keep trial-number order.
 */
export function rankTrials(trials: ReadonlyArray<TrialRecord>, directions: Direction | ReadonlyArray<Direction>, constantLiar: boolean, gamma: GammaRule = "optuna"): Ranked {
  const dirs: ReadonlyArray<Direction> = typeof directions === "string" ? [directions] : directions.length > 0 ? directions : ["minimize"];
  const multi = dirs.length > 1;
  const recovered = recoveredFailures(trials);
  const rows: Row[] = [];
  for (const t of trials) {
    if (t.state === "complete") {
      const point = toMinimization(t.values, dirs);
      if (!point) continue;
      const violation = constraintViolation(t);
      if (violation > 0) rows.push({ t, tier: INFEASIBLE, a: violation, b: 0, point: null });
      else rows.push({ t, tier: COMPLETE, a: multi ? 0 : point[0]!, b: 0, point });
    } else if (t.state === "pruned") {
      const violation = constraintViolation(t);
      if (violation > 0) {
        rows.push({ t, tier: INFEASIBLE, a: violation, b: 0, point: null });
        continue;
      }
      const sign = dirs[0] === "maximize" ? -1 : 1;
      let last: readonly [number, number] | undefined;
      for (let i = t.intermediate.length - 1; i >= 0; i--) {
        const r = t.intermediate[i]!;
        if (Number.isFinite(r[1])) {
          last = r;
          break;
        }
      }
      if (last) rows.push({ t, tier: PRUNED, a: -last[0], b: sign * last[1], point: null });
      else rows.push({ t, tier: PRUNED_UNREPORTED, a: 0, b: 0, point: null });
    } else if (t.state === "failed") {
      if (isObservedFailure(t, recovered)) rows.push({ t, tier: FAILED, a: 0, b: 0, point: null });
    } else if (constantLiar && (t.state === "running" || t.state === "waiting")) {
      rows.push({ t, tier: LIAR, a: 0, b: 0, point: null });
    }
  }
  if (multi) orderFronts(rows, gammaCount(gamma, rows.length));
  rows.sort((x, y) => x.tier - y.tier || x.a - y.a || x.b - y.b || x.t.number - y.t.number);
  let nSucceeded = 0;
  let nFinished = 0;
  for (const r of rows) {
    if (r.tier < FAILED) nSucceeded++;
    if (r.tier < LIAR) nFinished++;
  }
  const ranked = rows.map((r) => r.t);
  const chrono = Int32Array.from(ranked.keys()).sort((x, y) => ranked[x]!.number - ranked[y]!.number);
  const out: Ranked = { trials: ranked, nSucceeded, nFinished, chrono };
  if (multi) out.points = rows.map((r) => r.point);
  return out;
}

/**
 * Sets a = front and b = position inside the front for the feasible complete rows: trial-number order, except
 * in the front that the first `nBelow` rows end in, which is ordered by greedy hypervolume subset selection.
 */
function orderFronts(rows: Row[], nBelow: number): void {
  const complete = rows.filter((r) => r.tier === COMPLETE);
  if (complete.length === 0) return;
  const ranks = nondominatedRanks(complete.map((r) => r.point!));
  complete.forEach((r, i) => (r.a = ranks[i]!));
  const cut = Math.min(nBelow, complete.length);
  if (cut === 0 || cut === complete.length) return;
  const sizes: number[] = [];
  for (const r of ranks) sizes[r] = (sizes[r] ?? 0) + 1;
  let before = 0;
  let front = 0;
  while (before + (sizes[front] ?? 0) <= cut) before += sizes[front++] ?? 0;
  if (before === cut) return;
  const members = complete.filter((r) => r.a === front).sort((x, y) => x.t.number - y.t.number);
  const points = members.map((r) => r.point!);
  // Only the first (cut - before) picks matter for the split; the rest of the front keeps number order.
  const picks = selectSubset(points, cut - before, nadirReference(points));
  members.forEach((r) => (r.b = picks.length));
  picks.forEach((k, pos) => (members[k]!.b = pos));
}

/**
 * Whether a failed trial is an observation (worse than every success) for a model-based sampler: a failure of
 * the program or of unknown kind that no retry got past. `recovered` is recoveredFailures(all trials). The one rule
 * TPE, the GP and CMA-ES share.
 */
export function isObservedFailure(t: TrialRecord, recovered: ReadonlySet<number>): boolean {
  return t.state === "failed" && t.failureKind !== "infrastructure" && !recovered.has(t.number);
}

/** Failed trials with a retry (of the same parameters, possibly after further retries) that completed or was pruned. */
export function recoveredFailures(trials: ReadonlyArray<TrialRecord>): Set<number> {
  const out = new Set<number>();
  let byNumber: Map<number, TrialRecord> | undefined;
  for (const t of trials) {
    if ((t.state !== "complete" && t.state !== "pruned") || t.retryOf === null || t.retryOf === undefined) continue;
    byNumber ??= new Map(trials.map((x) => [x.number, x]));
    let of: number | null | undefined = t.retryOf;
    // Retry chains are short and acyclic (a retry is always newer than its original); the guard is for bad data.
    while (of !== null && of !== undefined && !out.has(of)) {
      out.add(of);
      of = byNumber.get(of)?.retryOf;
    }
  }
  return out;
}
