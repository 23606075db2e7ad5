// The samplers and pruners the engine knows. The keys each accepts and the settings a type starts with come
// from the engine (lib/optimizer/samplers/config.ts, pruners/config.ts), so the form shows exactly the defaults
// the API fills in; only the labels and help live here.
import { PRUNER_DEFAULTS, PRUNER_SETTINGS } from "@/lib/optimizer/pruners/config";
import { SAMPLER_DEFAULTS, SAMPLER_SETTINGS } from "@/lib/optimizer/samplers/config";

export interface AlgorithmInfo {
  value: string;
  label: string;
  keys: readonly string[];
  /** Settings put in the textarea when the type is picked (unless the user already wrote their own). */
  template: Readonly<Record<string, unknown>>;
  help: string;
}

export const AUTO_SAMPLER = "auto";

export const SAMPLERS: AlgorithmInfo[] = [
  {
    value: AUTO_SAMPLER,
    label: "Default (automatic)",
    keys: [],
    template: {},
    help: "Picks per trial: a Gaussian process while few trials have finished on a numeric space, TPE for conditional or categorical spaces and larger budgets, multi-objective TPE for several objectives.",
  },
  {
    value: "tpe",
    label: "TPE",
    keys: SAMPLER_SETTINGS.tpe,
    template: SAMPLER_DEFAULTS.tpe,
    help: "Tree-structured Parzen estimator: random for the first trials, then models good vs. bad regions (failed trials count as bad). These are its defaults.",
  },
  {
    value: "gp",
    label: "Gaussian process",
    keys: SAMPLER_SETTINGS.gp,
    template: SAMPLER_DEFAULTS.gp,
    help: "Bayesian optimisation with a Matérn-5/2 GP and log expected improvement; strongest on numeric spaces with tens to a few hundred trials.",
  },
  {
    value: "cmaes",
    label: "CMA-ES",
    keys: SAMPLER_SETTINGS.cmaes,
    template: SAMPLER_DEFAULTS.cmaes,
    help: "Covariance matrix adaptation with margin for integers and IPOP restarts; for numeric spaces and budgets in the thousands.",
  },
  {
    value: "nsga2",
    label: "NSGA-II",
    keys: SAMPLER_SETTINGS.nsga2,
    template: SAMPLER_DEFAULTS.nsga2,
    help: "A genetic algorithm for several objectives (nondominated sorting, crowding distance); needs several generations of trials.",
  },
  { value: "random", label: "Random", keys: SAMPLER_SETTINGS.random, template: SAMPLER_DEFAULTS.random, help: "Independent random draws; takes no settings." },
  // A grid has no default resolution: the template is a starting point, not the engine's default.
  { value: "grid", label: "Grid", keys: SAMPLER_SETTINGS.grid, template: { resolution: 5 }, help: "Every combination; continuous parameters need values or a resolution." },
  { value: "qmc", label: "Quasi-Monte Carlo (Sobol)", keys: SAMPLER_SETTINGS.qmc, template: SAMPLER_DEFAULTS.qmc, help: "Low-discrepancy points that cover the space evenly." },
];

// The median pruner's percentile is fixed at 50; a percentile pruner needs one (25 is a starting point).
const { percentile: _fixed, ...MEDIAN_TEMPLATE } = PRUNER_DEFAULTS.median;

export const PRUNERS: AlgorithmInfo[] = [
  { value: "none", label: "None", keys: PRUNER_SETTINGS.none, template: PRUNER_DEFAULTS.none, help: "Every trial runs to the end." },
  {
    value: "median",
    label: "Median",
    keys: PRUNER_SETTINGS.median.filter((k) => k !== "percentile"),
    template: MEDIAN_TEMPLATE,
    help: "Stops a trial whose intermediate value is worse than the median of earlier trials at the same step.",
  },
  {
    value: "percentile",
    label: "Percentile",
    keys: PRUNER_SETTINGS.percentile,
    template: { percentile: 25, ...PRUNER_DEFAULTS.percentile },
    help: "Like median, at another percentile (required).",
  },
  { value: "asha", label: "ASHA", keys: PRUNER_SETTINGS.asha, template: PRUNER_DEFAULTS.asha, help: "Asynchronous successive halving: promotes the top 1/reductionFactor at each rung." },
  { value: "hyperband", label: "Hyperband", keys: PRUNER_SETTINGS.hyperband, template: PRUNER_DEFAULTS.hyperband, help: "Several successive-halving brackets with different trade-offs." },
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
