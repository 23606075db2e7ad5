import { checkKeys, describe, joinPath, readBool, readEnum, readNumber, type Issues } from "../config-util";
import { MAX_CMAES_POPSIZE } from "../limits";
import type { CmaEsConfig } from "../types";
import { CMAES_HISTORY } from "../history";

/**
 * What "cmaes" means without settings: no start-up trials (the first generation is sampled around the centre
 * of the space, which is as spread as random search), sigma0 = 1/6 of every range, the standard population,
 * IPOP restarts (population doubled) when a run stagnates, and CMA-ES with margin for integer and stepped
 * parameters. Optuna 3.1's CmaEsSampler() is {restart: "none", withMargin: false}.
 */
export const CMAES_DEFAULTS: CmaEsConfig = {
  name: "cmaes",
  nStartupTrials: 0,
  sigma0: 1 / 6,
  popsize: "auto",
  restart: "ipop",
  incPopsize: 2,
  withMargin: true,
};

const KEYS = Object.keys(CMAES_DEFAULTS).filter((k) => k !== "name");

export function parseCmaEsConfig(raw: Record<string, unknown>, issues: Issues): CmaEsConfig {
  checkKeys(raw, KEYS, "", issues);
  const d = CMAES_DEFAULTS;
  return {
    name: "cmaes",
    nStartupTrials:
      readNumber(raw, "nStartupTrials", "", issues, { integer: true, min: 0, max: CMAES_HISTORY.recent, limit: "the sampler reads that many finished trials; start-up trials must fit" }) ??
      d.nStartupTrials,
    sigma0: readNumber(raw, "sigma0", "", issues, { above: 0, max: 1, limit: "the whole [0, 1]-scaled range" }) ?? d.sigma0,
    popsize: readPopsize(raw, issues) ?? d.popsize,
    restart: readEnum(raw, "restart", ["ipop", "none"] as const, "", issues) ?? d.restart,
    incPopsize: readNumber(raw, "incPopsize", "", issues, { min: 1, max: 10, limit: "a run's population grows by this factor per restart" }) ?? d.incPopsize,
    withMargin: readBool(raw, "withMargin", "", issues) ?? d.withMargin,
  };
}

function readPopsize(raw: Record<string, unknown>, issues: Issues): CmaEsConfig["popsize"] | undefined {
  const v = raw.popsize;
  if (v === undefined) return undefined;
  if (v === "auto") return v;
  if (typeof v !== "number") {
    issues.push({ path: joinPath("", "popsize"), message: `must be "auto" or an integer from 2 to ${MAX_CMAES_POPSIZE}, got ${describe(v)}` });
    return undefined;
  }
  return readNumber(raw, "popsize", "", issues, { integer: true, min: 2, max: MAX_CMAES_POPSIZE, minLimit: "CMA-ES recombines at least one of two samples", limit: "MAX_CMAES_POPSIZE" });
}
