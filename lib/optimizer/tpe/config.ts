import { checkKeys, describe, joinPath, readBool, readEnum, readNumber, type Issues } from "../config-util";
import { MAX_EI_CANDIDATES, MAX_PRIOR_WEIGHT, MAX_TRIALS } from "../limits";
import type { GammaRule, TpeConfig } from "../types";

/**
 * What "tpe" means without settings, everywhere (the API's string and object forms, the form, a W&B "bayes"
 * import): the engine's default sampler. Multivariate TPE with group decomposition handles conditional
 * spaces and correlated parameters; the constant liar keeps parallel workers apart; every second trial samples
 * each parameter univariately, which recombines good coordinates of different points (chosen by the
 * benchmark: better than pure multivariate or univariate, never significantly behind Optuna). Settings given
 * override it field by field; `group` and `univariateEvery` follow `multivariate` unless given, so
 * `{"multivariate": false}` alone is plain univariate TPE (Optuna 3.1's TPESampler()).
 */
export const TPE_DEFAULTS: TpeConfig = {
  name: "tpe",
  nStartupTrials: 10,
  nEiCandidates: 24,
  gamma: "optuna",
  weights: "optuna",
  priorWeight: 1,
  considerPrior: true,
  considerMagicClip: true,
  considerEndpoints: false,
  multivariate: true,
  group: true,
  constantLiar: true,
  bandwidth: "gap",
  univariateEvery: 2,
};

const KEYS = Object.keys(TPE_DEFAULTS);
const TRIALS = { max: MAX_TRIALS, limit: "the largest budget" };

export function parseTpeConfig(raw: Record<string, unknown>, issues: Issues): TpeConfig {
  checkKeys(raw, KEYS, "", issues);
  const d = TPE_DEFAULTS;
  const multivariate = readBool(raw, "multivariate", "", issues) ?? d.multivariate;
  const cfg: TpeConfig = {
    name: "tpe",
    nStartupTrials: readNumber(raw, "nStartupTrials", "", issues, { integer: true, min: 0, ...TRIALS }) ?? d.nStartupTrials,
    nEiCandidates: readNumber(raw, "nEiCandidates", "", issues, { integer: true, min: 1, max: MAX_EI_CANDIDATES, limit: "every candidate is scored against every trial on each ask" }) ?? d.nEiCandidates,
    gamma: readGamma(raw.gamma, issues) ?? d.gamma,
    weights: readEnum(raw, "weights", ["optuna", "uniform"] as const, "", issues) ?? d.weights,
    priorWeight: readNumber(raw, "priorWeight", "", issues, { above: 0, max: MAX_PRIOR_WEIGHT, limit: "beyond it the prior outweighs every observation" }) ?? d.priorWeight,
    considerPrior: readBool(raw, "considerPrior", "", issues) ?? d.considerPrior,
    considerMagicClip: readBool(raw, "considerMagicClip", "", issues) ?? d.considerMagicClip,
    considerEndpoints: readBool(raw, "considerEndpoints", "", issues) ?? d.considerEndpoints,
    multivariate,
    group: readBool(raw, "group", "", issues) ?? (multivariate && d.group),
    constantLiar: readBool(raw, "constantLiar", "", issues) ?? d.constantLiar,
    bandwidth: readEnum(raw, "bandwidth", ["gap", "scott"] as const, "", issues) ?? d.bandwidth,
    univariateEvery: readNumber(raw, "univariateEvery", "", issues, { integer: true, min: 0, ...TRIALS }) ?? (multivariate ? d.univariateEvery : 0),
  };
  if (cfg.group && !cfg.multivariate) issues.push({ path: "group", message: "requires multivariate: true" });
  if (cfg.univariateEvery > 0 && !cfg.multivariate) issues.push({ path: "univariateEvery", message: "requires multivariate: true" });
  return cfg;
}

function readGamma(v: unknown, issues: Issues): GammaRule | undefined {
  if (v === undefined) return undefined;
  if (v === "optuna" || v === "hyperopt" || v === "wide") return v;
  if (typeof v === "number" && Number.isFinite(v) && v > 0 && v < 1) return v;
  issues.push({ path: joinPath("", "gamma"), message: `must be "optuna", "hyperopt", "wide" or a fraction in (0, 1), got ${describe(v)}` });
  return undefined;
}

