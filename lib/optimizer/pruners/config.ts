import { ConfigError } from "../errors";
import { checkKeys, describe, isPlainObject, readNumber, type Issues } from "../config-util";
import { MAX_BRACKETS, MAX_EARLY_STOPPING_RATE, MAX_REDUCTION_FACTOR, MAX_STEP, MAX_TRIALS } from "../limits";
import type { PrunerConfig, PrunerName } from "../types";
import { bracketsFor } from "./hyperband";

export const PRUNER_NAMES: readonly PrunerName[] = ["none", "median", "percentile", "asha", "hyperband"];

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
      checkKeys(rest, [], "", issues);
      out = { name: "none" };
      break;
    case "median":
    case "percentile": {
      const isMedian = name === "median";
      checkKeys(rest, ["percentile", "nStartupTrials", "nWarmupSteps", "intervalSteps", "nMinTrials"], "", issues);
      // A parsed median config carries percentile 50, and stored configs are parsed again when read back.
      if (isMedian && rest.percentile !== undefined && rest.percentile !== 50) issues.push({ path: "percentile", message: `must be 50 for the median pruner (use "percentile" for others), got ${describe(rest.percentile)}` });
      const percentile = isMedian ? 50 : readNumber(rest, "percentile", "", issues, { required: true, min: 0, max: 100 }) ?? 50;
      out = {
        name: isMedian ? "median" : "percentile",
        percentile,
        nStartupTrials: readNumber(rest, "nStartupTrials", "", issues, { integer: true, min: 0, ...TRIALS }) ?? 5,
        nWarmupSteps: readNumber(rest, "nWarmupSteps", "", issues, { integer: true, min: 0, ...STEPS }) ?? 0,
        intervalSteps: readNumber(rest, "intervalSteps", "", issues, { integer: true, min: 1, ...STEPS }) ?? 1,
        nMinTrials: readNumber(rest, "nMinTrials", "", issues, { integer: true, min: 1, ...TRIALS }) ?? 1,
      };
      break;
    }
    case "asha":
      checkKeys(rest, ["minResource", "reductionFactor", "minEarlyStoppingRate"], "", issues);
      out = {
        name: "asha",
        minResource: readAuto(rest, "minResource", issues) ?? "auto",
        reductionFactor: readNumber(rest, "reductionFactor", "", issues, { min: 2, ...FACTOR }) ?? 4,
        minEarlyStoppingRate: readNumber(rest, "minEarlyStoppingRate", "", issues, { integer: true, min: 0, max: MAX_EARLY_STOPPING_RATE, limit: "rungs past 2^53 steps are never reached" }) ?? 0,
      };
      break;
    case "hyperband": {
      checkKeys(rest, ["minResource", "maxResource", "reductionFactor"], "", issues);
      const before = issues.length;
      const minResource = readNumber(rest, "minResource", "", issues, RESOURCE) ?? 1;
      const maxResource = readAuto(rest, "maxResource", issues) ?? "auto";
      const reductionFactor = readNumber(rest, "reductionFactor", "", issues, { min: 2, ...FACTOR }) ?? 3;
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
