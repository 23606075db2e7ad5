import type { AshaPrunerConfig, Direction, Pruner, PrunerStudyView, TrialRecord } from "../types";
import { firstReportFrom, lastReport, maxCompletedStep } from "./steps";

/**
 * Asynchronous successive halving. Rung r sits at step minResource * eta^(minEarlyStoppingRate + r); a trial
 * continues past a rung only when it is within the top floor(n / eta) (at least the best one) of the n trials
 * that reached it. Rung values are re-derived from intermediate values (a trial's value at its first report
 * at or after the rung step), so the pruner needs no storage of its own.
 */
export function createAshaPruner(cfg: AshaPrunerConfig): Pruner {
  return { name: "asha", shouldPrune: (study, trial) => ashaShouldPrune(cfg.minResource, cfg.reductionFactor, cfg.minEarlyStoppingRate, study, trial) };
}

export function ashaShouldPrune(minResourceCfg: "auto" | number, eta: number, rate: number, study: PrunerStudyView, trial: TrialRecord): boolean {
  const last = lastReport(trial);
  if (!last) return false;
  const [step, value] = last;
  let minResource: number;
  if (minResourceCfg === "auto") {
    const maxStep = maxCompletedStep(study.trials);
    if (maxStep === undefined) return false;
    minResource = Math.max(Math.floor(maxStep / 100), 1);
  } else minResource = minResourceCfg;
  const others = study.trials.filter((t) => t.number !== trial.number);
  for (let r = 0; ; r++) {
    const rungStep = minResource * eta ** (rate + r);
    if (step < rungStep) return false;
    // Earlier reports already passed this rung (or it was judged then): only judge on first arrival.
    const first = firstReportFrom(trial, rungStep);
    if (!first || first[0] !== step) continue;
    if (Number.isNaN(value)) return true;
    const competing = [value];
    for (const t of others) {
      const v = firstReportFrom(t, rungStep);
      if (v && !Number.isNaN(v[1])) competing.push(v[1]);
    }
    if (!promotable(value, competing, eta, study.direction)) return true;
  }
}

function promotable(value: number, competing: number[], eta: number, direction: Direction): boolean {
  competing.sort((a, b) => (direction === "minimize" ? a - b : b - a));
  const idx = Math.max(0, Math.floor(competing.length / eta) - 1);
  const cut = competing[idx]!;
  return direction === "minimize" ? value <= cut : value >= cut;
}
