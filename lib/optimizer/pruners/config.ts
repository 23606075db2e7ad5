import { ConfigError } from "../errors";
import { checkKeys, describe, isPlainObject, readNumber, type Issues } from "../config-util";
import type { PrunerConfig, PrunerName } from "../types";

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
        nStartupTrials: readNumber(rest, "nStartupTrials", "", issues, { integer: true, min: 0 }) ?? 5,
        nWarmupSteps: readNumber(rest, "nWarmupSteps", "", issues, { integer: true, min: 0 }) ?? 0,
        intervalSteps: readNumber(rest, "intervalSteps", "", issues, { integer: true, min: 1 }) ?? 1,
        nMinTrials: readNumber(rest, "nMinTrials", "", issues, { integer: true, min: 1 }) ?? 1,
      };
      break;
    }
    case "asha":
      checkKeys(rest, ["minResource", "reductionFactor", "minEarlyStoppingRate"], "", issues);
      out = {
        name: "asha",
        minResource: readAuto(rest, "minResource", issues) ?? "auto",
        reductionFactor: readNumber(rest, "reductionFactor", "", issues, { min: 2 }) ?? 4,
        minEarlyStoppingRate: readNumber(rest, "minEarlyStoppingRate", "", issues, { integer: true, min: 0 }) ?? 0,
      };
      break;
    case "hyperband": {
      checkKeys(rest, ["minResource", "maxResource", "reductionFactor"], "", issues);
      const minResource = readNumber(rest, "minResource", "", issues, { above: 0 }) ?? 1;
      const maxResource = readAuto(rest, "maxResource", issues) ?? "auto";
      if (typeof maxResource === "number" && maxResource < minResource) issues.push({ path: "maxResource", message: `must be >= minResource (${minResource})` });
      out = { name: "hyperband", minResource, maxResource, reductionFactor: readNumber(rest, "reductionFactor", "", issues, { min: 2 }) ?? 3 };
      break;
    }
  }
  if (issues.length > 0) throw new ConfigError(issues, "invalid pruner config");
  return out;
}

function readAuto(raw: Record<string, unknown>, key: string, issues: Issues): "auto" | number | undefined {
  if (raw[key] === "auto") return "auto";
  if (raw[key] !== undefined && typeof raw[key] !== "number") {
    issues.push({ path: key, message: `must be "auto" or a number > 0, got ${describe(raw[key])}` });
    return undefined;
  }
  return readNumber(raw, key, "", issues, { above: 0 });
}
