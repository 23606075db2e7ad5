import { checkKeys, readBool, readNumber, type Issues } from "../config-util";
import { MAX_GP_CANDIDATES, MAX_GP_LOCAL_SEARCH, MAX_TRIALS } from "../limits";
import type { GpConfig } from "../types";

/**
 * What "gp" means without settings: Optuna's GPSampler defaults (10 random start-up trials, noise fitted)
 * with 256 Sobol' candidates and 5 local searches per suggestion (Optuna scores 2,048 and refines 10; fewer
 * keep an ask under 50 ms at 200 trials in JavaScript on a busy 2-core machine), and the constant liar for
 * parallel workers.
 */
export const GP_DEFAULTS: GpConfig = {
  name: "gp",
  nStartupTrials: 10,
  deterministicObjective: false,
  nCandidates: 256,
  nLocalSearch: 5,
  constantLiar: true,
};

const KEYS = Object.keys(GP_DEFAULTS).filter((k) => k !== "name");

export function parseGpConfig(raw: Record<string, unknown>, issues: Issues): GpConfig {
  checkKeys(raw, KEYS, "", issues);
  const d = GP_DEFAULTS;
  return {
    name: "gp",
    nStartupTrials: readNumber(raw, "nStartupTrials", "", issues, { integer: true, min: 0, max: MAX_TRIALS, limit: "the largest budget" }) ?? d.nStartupTrials,
    deterministicObjective: readBool(raw, "deterministicObjective", "", issues) ?? d.deterministicObjective,
    nCandidates: readNumber(raw, "nCandidates", "", issues, { integer: true, min: 1, max: MAX_GP_CANDIDATES, limit: "every candidate costs a posterior on each ask" }) ?? d.nCandidates,
    nLocalSearch: readNumber(raw, "nLocalSearch", "", issues, { integer: true, min: 1, max: MAX_GP_LOCAL_SEARCH, limit: "every local search costs up to a few hundred posteriors on each ask" }) ?? d.nLocalSearch,
    constantLiar: readBool(raw, "constantLiar", "", issues) ?? d.constantLiar,
  };
}
