import { ConfigError } from "../errors";
import { checkKeys, describe, isPlainObject, readNumber, type Issues } from "../config-util";
import { MAX_BRACKETS, MAX_EARLY_STOPPING_RATE, MAX_REDUCTION_FACTOR, MAX_STEP, MAX_TRIALS } from "../limits";
import type { PrunerConfig, PrunerName } from "../types";
import { bracketsFor } from "./hyperband";

export const PRUNER_NAMES: readonly PrunerName[] = ["none", "median", "percentile", "asha", "hyperband"];

/**
 * Every pruner setting's default: what the API fills in and what the form shows. The percentile pruners
 * follow Optuna's MedianPruner (n_startup_trials 5, n_warmup_steps 0, interval_steps 1, n_min_trials 1):
 * no warm-up by default, because what a step is (an epoch, a batch, a second) is the user's to say, and
 * nStartupTrials already keeps the first trials from being judged against too few others. ASHA and hyperband
 * use Optuna's reduction factors (4 and 3).
 */
const PERCENTILE_DEFAULTS = { nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1 } as const;
export const PRUNER_DEFAULTS = {
  none: {},
  median: { percentile: 50, ...PERCENTILE_DEFAULTS },
  /** `percentile` has no default: it is the one setting this pruner needs. */
  percentile: PERCENTILE_DEFAULTS,
  asha: { minResource: "auto", reductionFactor: 4, minEarlyStoppingRate: 0 },
  hyperband: { minResource: 1, maxResource: "auto", reductionFactor: 3 },
} as const satisfies Record<PrunerName, Record<string, number | string>>;

/** The settings each pruner accepts. */
export const PRUNER_SETTINGS: Readonly<Record<PrunerName, readonly string[]>> = {
  none: [],
  median: ["percentile", "nStartupTrials", "nWarmupSteps", "intervalSteps", "nMinTrials"],
  percentile: ["percentile", "nStartupTrials", "nWarmupSteps", "intervalSteps", "nMinTrials"],
  asha: ["minResource", "reductionFactor", "minEarlyStoppingRate"],
  hyperband: ["minResource", "maxResource", "reductionFactor"],
};

/** Validates a pruner config and fills in every default. A `name` key, when present, must match. */
export function parsePrunerConfig(name: string, config: unknown): PrunerConfig {
  const issues: Issues = [];
  const raw = config === undefined || config === null ? {} : config;
  if (!(PRUNER_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError([{ path: "name", message: `must be one of ${PRUNER_NAMES.join(", ")}, got ${describe(name)}` }], "invalid pruner");
  }
  if (!isPlainObject(raw)) throw new ConfigError([{ path: "", message: `must be an object, got ${describe(raw)}` }], "invalid pruner config");
  const { name: given, ...rest } = raw;
  if (given !== undefined && given !== name) issues.push({ path: "name", message: `must be ${describe(name)} (the pruner's name), got ${describe(given)}` });
  let out: PrunerConfig;
  switch (name as PrunerName) {
    case "none":
      checkKeys(rest, PRUNER_SETTINGS.none, "", issues);
      out = { name: "none" };
      break;
    case "median":
    case "percentile": {
      const isMedian = name === "median";
      checkKeys(rest, PRUNER_SETTINGS[name as "median" | "percentile"], "", issues);
      const d = PRUNER_DEFAULTS.percentile;
      // A parsed median config carries percentile 50, and stored configs are parsed again when read back.
      if (isMedian && rest.percentile !== undefined && rest.percentile !== 50) issues.push({ path: "percentile", message: `must be 50 for the median pruner (use "percentile" for others), got ${describe(rest.percentile)}` });
      const percentile = isMedian ? 50 : readNumber(rest, "percentile", "", issues, { required: true, min: 0, max: 100 }) ?? 50;
      out = {
        name: isMedian ? "median" : "percentile",
        percentile,
        nStartupTrials: readNumber(rest, "nStartupTrials", "", issues, { integer: true, min: 0, ...TRIALS }) ?? d.nStartupTrials,
        nWarmupSteps: readNumber(rest, "nWarmupSteps", "", issues, { integer: true, min: 0, ...STEPS }) ?? d.nWarmupSteps,
        intervalSteps: readNumber(rest, "intervalSteps", "", issues, { integer: true, min: 1, ...STEPS }) ?? d.intervalSteps,
        nMinTrials: readNumber(rest, "nMinTrials", "", issues, { integer: true, min: 1, ...TRIALS }) ?? d.nMinTrials,
      };
      break;
    }
    case "asha": {
      checkKeys(rest, PRUNER_SETTINGS.asha, "", issues);
      const d = PRUNER_DEFAULTS.asha;
      out = {
        name: "asha",
        minResource: readAuto(rest, "minResource", issues) ?? d.minResource,
        reductionFactor: readNumber(rest, "reductionFactor", "", issues, { min: 2, ...FACTOR }) ?? d.reductionFactor,
        minEarlyStoppingRate: readNumber(rest, "minEarlyStoppingRate", "", issues, { integer: true, min: 0, max: MAX_EARLY_STOPPING_RATE, limit: "rungs past 2^53 steps are never reached" }) ?? d.minEarlyStoppingRate,
      };
      break;
    }
    case "hyperband": {
      checkKeys(rest, PRUNER_SETTINGS.hyperband, "", issues);
      const d = PRUNER_DEFAULTS.hyperband;
      const before = issues.length;
      const minResource = readNumber(rest, "minResource", "", issues, RESOURCE) ?? d.minResource;
      const maxResource = readAuto(rest, "maxResource", issues) ?? d.maxResource;
      const reductionFactor = readNumber(rest, "reductionFactor", "", issues, { min: 2, ...FACTOR }) ?? d.reductionFactor;
      if (typeof maxResource === "number" && maxResource < minResource) issues.push({ path: "maxResource", message: `must be >= minResource (${minResource})` });
      else if (typeof maxResource === "number" && issues.length === before) checkBrackets(minResource, maxResource, reductionFactor, issues);
      out = { name: "hyperband", minResource, maxResource, reductionFactor };
      break;
    }
  }
  if (issues.length > 0) throw new ConfigError(issues, "invalid pruner config");
  return out;
}

const TRIALS = { max: MAX_TRIALS, limit: "the largest budget" };
const STEPS = { max: MAX_STEP, limit: "the largest step, 2^53 - 1" };
const FACTOR = { max: MAX_REDUCTION_FACTOR, limit: "above it a rung keeps under 1% of its trials" };
// Steps are integers: a resource below 1 only adds rungs that every step passes at once.
const RESOURCE = { min: 1, minLimit: "resources are steps", max: MAX_STEP, limit: "the largest step, 2^53 - 1" };

/** Every ask and every report walks the brackets, so their number must stay small. */
function checkBrackets(minResource: number, maxResource: number, eta: number, issues: Issues): void {
  const n = bracketsFor(minResource, maxResource, eta);
  if (n <= MAX_BRACKETS) return;
  const limit = minResource * eta ** MAX_BRACKETS;
  issues.push({ path: "maxResource", message: `gives ${n} brackets (floor(log_${eta}(maxResource / minResource)) + 1); at most ${MAX_BRACKETS} are allowed, so maxResource must be < ${limit}` });
}

function readAuto(raw: Record<string, unknown>, key: string, issues: Issues): "auto" | number | undefined {
  if (raw[key] === "auto") return "auto";
  if (raw[key] !== undefined && typeof raw[key] !== "number") {
    issues.push({ path: key, message: `must be "auto" or a number >= 1, got ${describe(raw[key])}` });
    return undefined;
  }
  return readNumber(raw, key, "", issues, RESOURCE);
}
