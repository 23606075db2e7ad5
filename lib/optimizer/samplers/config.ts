import { ConfigError } from "../errors";
import { checkKeys, describe, isLiteral, isPlainObject, joinPath, readBool, readNumber, type Issues } from "../config-util";
import { setOwn } from "../own";
import { MAX_CATEGORIES, MAX_GRID_RESOLUTION, MAX_SEED } from "../limits";
import { parseTpeConfig, TPE_DEFAULTS } from "../tpe/config";
import type { GridConfig, ParamValue, SamplerConfig, SamplerName } from "../types";

export const SAMPLER_NAMES: readonly SamplerName[] = ["random", "grid", "qmc", "tpe"];

/**
 * What a new study uses unless told otherwise. Multivariate TPE with group decomposition handles
 * conditional spaces and correlated parameters; the constant liar keeps parallel workers apart; every
 * second trial samples each parameter univariately, which recombines good coordinates of different points
 * (chosen by the benchmark: better than pure multivariate or univariate, never significantly behind Optuna).
 */
export const DEFAULT_SAMPLER: SamplerConfig = { ...TPE_DEFAULTS, multivariate: true, group: true, constantLiar: true, univariateEvery: 2 };

/** Validates a sampler config and fills in every default. A `name` key, when present, must match. */
export function parseSamplerConfig(name: string, config: unknown): SamplerConfig {
  const issues: Issues = [];
  const raw = config === undefined || config === null ? {} : config;
  if (!(SAMPLER_NAMES as readonly string[]).includes(name)) {
    throw new ConfigError([{ path: "name", message: `must be one of ${SAMPLER_NAMES.join(", ")}, got ${describe(name)}` }], "invalid sampler");
  }
  if (!isPlainObject(raw)) throw new ConfigError([{ path: "", message: `must be an object, got ${describe(raw)}` }], "invalid sampler config");
  const { name: given, ...rest } = raw;
  if (given !== undefined && given !== name) issues.push({ path: "name", message: `must be ${describe(name)} (the sampler's name), got ${describe(given)}` });
  let out: SamplerConfig;
  switch (name as SamplerName) {
    case "random":
      checkKeys(rest, [], "", issues);
      out = { name: "random" };
      break;
    case "qmc": {
      checkKeys(rest, ["scramble", "seed"], "", issues);
      const scramble = readBool(rest, "scramble", "", issues) ?? true;
      const seed = readNumber(rest, "seed", "", issues, SEED);
      out = seed === undefined ? { name: "qmc", scramble } : { name: "qmc", scramble, seed };
      break;
    }
    case "grid":
      out = parseGridConfig(rest, issues);
      break;
    case "tpe":
      out = parseTpeConfig(rest, issues);
      break;
  }
  if (issues.length > 0) throw new ConfigError(issues, "invalid sampler config");
  return out;
}

const SEED = { integer: true, min: -MAX_SEED, max: MAX_SEED, limit: "seeds are exact integers" };

function parseGridConfig(raw: Record<string, unknown>, issues: Issues): GridConfig {
  checkKeys(raw, ["values", "resolution", "shuffle", "seed"], "", issues);
  const values: Record<string, ParamValue[]> = {};
  if (raw.values !== undefined) {
    if (!isPlainObject(raw.values)) issues.push({ path: "values", message: `must be an object mapping parameter paths to arrays, got ${describe(raw.values)}` });
    else {
      for (const [path, list] of Object.entries(raw.values)) {
        const p = joinPath("values", path);
        if (!Array.isArray(list) || list.length === 0) {
          issues.push({ path: p, message: "must be a non-empty array" });
          continue;
        }
        if (list.length > MAX_CATEGORIES) {
          issues.push({ path: p, message: `must have at most ${MAX_CATEGORIES} values, got ${list.length}` });
          continue;
        }
        let ok = true;
        list.forEach((v: unknown, i) => {
          if (!isLiteral(v)) {
            issues.push({ path: joinPath(p, i), message: `must be a finite number, string, boolean or null, got ${describe(v)}` });
            ok = false;
          }
        });
        if (ok) setOwn(values, path, [...(list as ParamValue[])]);
      }
    }
  }
  const resolution = readNumber(raw, "resolution", "", issues, { integer: true, min: 1, max: MAX_GRID_RESOLUTION, limit: "points per continuous parameter" });
  const shuffle = readBool(raw, "shuffle", "", issues) ?? false;
  const seed = readNumber(raw, "seed", "", issues, SEED) ?? 0;
  return resolution === undefined ? { name: "grid", values, shuffle, seed } : { name: "grid", values, resolution, shuffle, seed };
}
