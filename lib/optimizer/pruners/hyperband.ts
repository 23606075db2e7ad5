import { hashSeed } from "../rng";
import type { HyperbandPrunerConfig, Pruner, TrialRecord } from "../types";
import { ashaShouldPrune } from "./asha";
import { maxCompletedStep } from "./steps";

/** Number of brackets, or undefined while an "auto" max resource is still unknown (no complete trial). */
export function bracketCount(cfg: HyperbandPrunerConfig, trials: ReadonlyArray<TrialRecord>): number | undefined {
  const max = cfg.maxResource === "auto" ? maxCompletedStep(trials) : cfg.maxResource;
  if (max === undefined) return undefined;
  const ratio = Math.max(1, max / cfg.minResource);
  return Math.floor(Math.log(ratio) / Math.log(cfg.reductionFactor) + 1e-9) + 1;
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
  return {
    name: "hyperband",
    shouldPrune(study, trial) {
      const n = bracketCount(cfg, study.trials);
      if (n === undefined) return false;
      const bracket = trialBracket(trial, n, cfg.reductionFactor);
      const same = study.trials.filter((t) => t.number !== trial.number && trialBracket(t, n, cfg.reductionFactor) === bracket);
      return ashaShouldPrune(cfg.minResource, cfg.reductionFactor, bracket, { direction: study.direction, trials: same }, trial);
    },
  };
}
