// The samplers and pruners the engine knows (lib/optimizer/samplers/config.ts, pruners/config.ts), with
// the keys each accepts and a starting point for its settings.

export interface AlgorithmInfo {
  value: string;
  label: string;
  keys: string[];
  /** Settings put in the textarea when the type is picked (unless the user already wrote their own). */
  template: Record<string, unknown>;
  help: string;
}

export const AUTO_SAMPLER = "auto";

export const SAMPLERS: AlgorithmInfo[] = [
  { value: AUTO_SAMPLER, label: "Default (multivariate TPE)", keys: [], template: {}, help: "TPE with multivariate, group and constant liar: good for conditional spaces and parallel workers." },
  {
    value: "tpe",
    label: "TPE",
    keys: ["nStartupTrials", "nEiCandidates", "gamma", "weights", "priorWeight", "considerPrior", "considerMagicClip", "considerEndpoints", "multivariate", "group", "constantLiar", "bandwidth"],
    template: { nStartupTrials: 10, multivariate: true, group: true, constantLiar: true },
    help: "Tree-structured Parzen estimator: random for the first trials, then models good vs. bad regions.",
  },
  { value: "random", label: "Random", keys: [], template: {}, help: "Independent random draws; takes no settings." },
  { value: "grid", label: "Grid", keys: ["values", "resolution", "shuffle", "seed"], template: { resolution: 5 }, help: "Every combination; continuous parameters need values or a resolution." },
  { value: "qmc", label: "Quasi-Monte Carlo (Sobol)", keys: ["scramble", "seed"], template: { scramble: true }, help: "Low-discrepancy points that cover the space evenly." },
];

export const PRUNERS: AlgorithmInfo[] = [
  { value: "none", label: "None", keys: [], template: {}, help: "Every trial runs to the end." },
  {
    value: "median",
    label: "Median",
    keys: ["nStartupTrials", "nWarmupSteps", "intervalSteps", "nMinTrials"],
    template: { nStartupTrials: 5, nWarmupSteps: 10 },
    help: "Stops a trial whose intermediate value is worse than the median of earlier trials at the same step.",
  },
  {
    value: "percentile",
    label: "Percentile",
    keys: ["percentile", "nStartupTrials", "nWarmupSteps", "intervalSteps", "nMinTrials"],
    template: { percentile: 25, nWarmupSteps: 10 },
    help: "Like median, at another percentile (required).",
  },
  { value: "asha", label: "ASHA", keys: ["minResource", "reductionFactor", "minEarlyStoppingRate"], template: { minResource: 1, reductionFactor: 4 }, help: "Asynchronous successive halving: promotes the top 1/reductionFactor at each rung." },
  { value: "hyperband", label: "Hyperband", keys: ["minResource", "maxResource", "reductionFactor"], template: { minResource: 1, maxResource: 81, reductionFactor: 3 }, help: "Several successive-halving brackets with different trade-offs." },
];

export function templateText(info: AlgorithmInfo | undefined): string {
  if (!info || Object.keys(info.template).length === 0) return "{}";
  return JSON.stringify(info.template, null, 2);
}

/** The settings text after switching type: the new template, unless the user had written their own. */
export function settingsAfterSwitch(list: AlgorithmInfo[], from: string, to: string, current: string): string {
  const untouched = current.trim() === "" || normalise(current) === normalise(templateText(list.find((a) => a.value === from)));
  return untouched ? templateText(list.find((a) => a.value === to)) : current;
}

function normalise(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.trim();
  }
}
