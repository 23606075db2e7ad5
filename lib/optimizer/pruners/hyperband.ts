import { MAX_BRACKETS } from "../limits";
import { hashSeed } from "../rng";
import type { HyperbandPrunerConfig, Pruner, TrialRecord } from "../types";
import { ashaVerdict } from "./asha";
import { maxCompletedStep } from "./steps";

/**
 * floor(log_eta(max / min)) + 1, the brackets a resource range gives: one per rung min * eta^k <= max. Counted by
 * multiplying (at most 54 steps: resources are >= 1 and <= 2^53, eta >= 2), so an exact power counts and one just
 * below it does not.
 */
export function bracketsFor(minResource: number, maxResource: number, eta: number): number {
  let n = 1;
  for (let rung = minResource * eta; rung <= maxResource * (1 + 1e-12) && n <= 64; rung *= eta) n++;
  return n;
}

/**
 * Number of brackets, or undefined while an "auto" max resource is still unknown (no complete trial). An "auto"
 * maximum comes from reported steps, which the parser cannot see: it is capped here, so the extra range goes to
 * the last bracket's rungs instead of to more brackets.
 */
export function bracketCount(cfg: HyperbandPrunerConfig, trials: ReadonlyArray<TrialRecord>): number | undefined {
  const max = cfg.maxResource === "auto" ? maxCompletedStep(trials) : cfg.maxResource;
  if (max === undefined) return undefined;
  return Math.min(MAX_BRACKETS, bracketsFor(cfg.minResource, max, cfg.reductionFactor));
}

/**
 * Bracket of a trial number: a hash of the number picks a slot in the total budget, where bracket i (early-
 * stopping rate i) gets ceil(n eta^s / (s + 1)) slots, s = n - 1 - i, so aggressive brackets get more trials.
 */
export function bracketOf(number: number, n: number, eta: number): number {
  const budgets: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const s = n - 1 - i;
    const b = Math.ceil((n * eta ** s) / (s + 1));
    budgets.push(b);
    total += b;
  }
  let slot = hashSeed(number, 0x68796270) % total;
  for (let i = 0; i < n; i++) {
    slot -= budgets[i]!;
    if (slot < 0) return i;
  }
  return n - 1;
}

/** The stored bracket of a trial, else the one its number hashes to. */
export function trialBracket(trial: Pick<TrialRecord, "number" | "systemAttrs">, n: number, eta: number): number {
  const b = trial.systemAttrs.bracket;
  return typeof b === "number" && Number.isInteger(b) && b >= 0 ? b : bracketOf(trial.number, n, eta);
}

/** Hyperband: one successive-halving pruner per bracket; a trial only competes within its bracket. */
export function createHyperbandPruner(cfg: HyperbandPrunerConfig): Pruner {
  const verdict: Pruner["verdict"] = (study, trial) => {
    const n = bracketCount(cfg, study.trials);
    if (n === undefined) return null;
    const bracket = trialBracket(trial, n, cfg.reductionFactor);
    const same = study.trials.filter((t) => t.number !== trial.number && trialBracket(t, n, cfg.reductionFactor) === bracket);
    const judged = ashaVerdict(cfg.minResource, cfg.reductionFactor, bracket, { direction: study.direction, trials: same }, trial);
    return judged && { ...judged, rule: `${judged.rule}, in bracket ${bracket}` };
  };
  return { name: "hyperband", verdict, shouldPrune: (study, trial) => verdict(study, trial)?.prune ?? false };
}
