import type { AshaPrunerConfig, Direction, Pruner, PrunerStudyView, PruneVerdict, TrialRecord } from "../types";
import { firstReportFrom, lastReport, maxCompletedStep } from "./steps";

/**
 * Asynchronous successive halving. Rung r sits at step minResource * eta^(minEarlyStoppingRate + r); a trial
 * continues past a rung only when it is within the top floor(n / eta) (at least the best one) of the n trials
 * that reached it. Rung values are re-derived from intermediate values (a trial's value at its first report
 * at or after the rung step), so the pruner needs no storage of its own.
 */
export function createAshaPruner(cfg: AshaPrunerConfig): Pruner {
  const verdict = (study: PrunerStudyView, trial: TrialRecord) => ashaVerdict(cfg.minResource, cfg.reductionFactor, cfg.minEarlyStoppingRate, study, trial);
  return { name: "asha", verdict, shouldPrune: (study, trial) => verdict(study, trial)?.prune ?? false };
}

/** The judgement at the rung the trial's last report reached first, or null when it reached none anew. */
export function ashaVerdict(minResourceCfg: "auto" | number, eta: number, rate: number, study: PrunerStudyView, trial: TrialRecord): PruneVerdict | null {
  const last = lastReport(trial);
  if (!last) return null;
  const [step, value] = last;
  let minResource: number;
  if (minResourceCfg === "auto") {
    const maxStep = maxCompletedStep(study.trials);
    if (maxStep === undefined) return null;
    minResource = Math.max(Math.floor(maxStep / 100), 1);
  } else minResource = minResourceCfg;
  const others = study.trials.filter((t) => t.number !== trial.number);
  let judged: PruneVerdict | null = null;
  for (let r = 0; ; r++) {
    const rungStep = minResource * eta ** (rate + r);
    if (step < rungStep) return judged;
    // Earlier reports already passed this rung (or it was judged then): only judge on first arrival.
    const first = firstReportFrom(trial, rungStep);
    if (!first || first[0] !== step) continue;
    if (Number.isNaN(value)) return { prune: true, step, value, threshold: null, rule: `it reported NaN at the rung of step ${rungStep}` };
    const competing = [value];
    for (const t of others) {
      const v = firstReportFrom(t, rungStep);
      if (v && !Number.isNaN(v[1])) competing.push(v[1]);
    }
    const cut = promotionCut(competing, eta, study.direction);
    const keep = Math.max(1, Math.floor(competing.length / eta));
    const rule = `value at the rung of step ${rungStep} against the ${keep === 1 ? "best" : `${keep}th best`} of ${competing.length} trial${competing.length === 1 ? "" : "s"} there (the top 1/${eta} go on)`;
    judged = { prune: study.direction === "minimize" ? value > cut : value < cut, step, value, threshold: cut, rule };
    if (judged.prune) return judged;
  }
}

/** The worst value that is still promoted: the floor(n / eta)-th best (at least the best). */
function promotionCut(competing: number[], eta: number, direction: Direction): number {
  competing.sort((a, b) => (direction === "minimize" ? a - b : b - a));
  const idx = Math.max(0, Math.floor(competing.length / eta) - 1);
  return competing[idx]!;
}
