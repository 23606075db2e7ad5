import { describe, readNumber, type Issues } from "../config-util";
import { MAX_NSGA2_POPULATION } from "../limits";
import type { Nsga2Config } from "../types";

/** What "nsga2" means without settings: Optuna's NSGAIISampler defaults. */
export const NSGA2_DEFAULTS: Nsga2Config = {
  name: "nsga2",
  populationSize: 50,
  crossoverProb: 0.9,
  swappingProb: 0.5,
  mutationProb: "auto",
};

export const NSGA2_SETTINGS = ["populationSize", "crossoverProb", "swappingProb", "mutationProb"] as const;

const PROB = { min: 0, max: 1, limit: "a probability" };

export function parseNsga2Config(raw: Record<string, unknown>, issues: Issues): Nsga2Config {
  const d = NSGA2_DEFAULTS;
  let mutationProb: Nsga2Config["mutationProb"] = d.mutationProb;
  if (raw.mutationProb !== undefined && raw.mutationProb !== "auto") {
    if (typeof raw.mutationProb === "number") mutationProb = readNumber(raw, "mutationProb", "", issues, PROB) ?? d.mutationProb;
    else issues.push({ path: "mutationProb", message: `must be "auto" or a probability in [0, 1], got ${describe(raw.mutationProb)}` });
  }
  return {
    name: "nsga2",
    populationSize: readNumber(raw, "populationSize", "", issues, { integer: true, min: 2, max: MAX_NSGA2_POPULATION, limit: "parents come from the model history's 100 best trials" }) ?? d.populationSize,
    crossoverProb: readNumber(raw, "crossoverProb", "", issues, PROB) ?? d.crossoverProb,
    swappingProb: readNumber(raw, "swappingProb", "", issues, PROB) ?? d.swappingProb,
    mutationProb,
  };
}
