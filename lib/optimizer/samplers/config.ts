import { ConfigError } from "../errors";
import { checkKeys, describe, isLiteral, isPlainObject, joinPath, readBool, readNumber, type Issues } from "../config-util";
import { setOwn } from "../own";
import { MAX_CATEGORIES, MAX_GRID_RESOLUTION, MAX_SEED, MAX_TRIALS } from "../limits";
import { parseTpeConfig, TPE_DEFAULTS } from "../tpe/config";
import { AUTO_DEFAULTS } from "./auto";
import { GP_DEFAULTS, parseGpConfig } from "../gp/config";
import { NSGA2_DEFAULTS, NSGA2_SETTINGS, parseNsga2Config } from "../nsga2/config";
import { CMAES_DEFAULTS, parseCmaEsConfig } from "../cmaes/config";
import type { GridConfig, ParamValue, SamplerConfig, SamplerName } from "../types";

export const SAMPLER_NAMES: readonly SamplerName[] = ["random", "grid", "qmc", "tpe", "gp", "nsga2", "cmaes", "auto"];

/** What a sweep uses when it names no sampler: TPE with its defaults (see TPE_DEFAULTS). */
export const DEFAULT_SAMPLER: SamplerConfig = AUTO_DEFAULTS;

const { name: _tpe, ...TPE_SETTINGS } = TPE_DEFAULTS;
const { name: _gp, ...GP_SETTINGS } = GP_DEFAULTS;
const { name: _cmaes, ...CMAES_SETTINGS } = CMAES_DEFAULTS;
const QMC_DEFAULTS = { scramble: true } as const;
const GRID_DEFAULTS = { shuffle: false, seed: 0 } as const;
const { name: _auto, ...AUTO_SETTINGS } = AUTO_DEFAULTS;
const { name: _nsga2, ...NSGA2_SETTING_DEFAULTS } = NSGA2_DEFAULTS;

/**
 * The defaults of each sampler's settings, as the API fills them in (what the form shows). A grid has no
 * default values or resolution: a continuous parameter needs one of them.
 */
export const SAMPLER_DEFAULTS: Readonly<Record<SamplerName, Readonly<Record<string, unknown>>>> = {
  auto: AUTO_SETTINGS,
  tpe: TPE_SETTINGS,
  random: {},
  qmc: QMC_DEFAULTS,
  grid: GRID_DEFAULTS,
  gp: GP_SETTINGS,
  nsga2: NSGA2_SETTING_DEFAULTS,
  cmaes: CMAES_SETTINGS,
};

/** The settings each sampler accepts. */
export const SAMPLER_SETTINGS: Readonly<Record<SamplerName, readonly string[]>> = {
  auto: Object.keys(AUTO_SETTINGS),
  tpe: Object.keys(TPE_SETTINGS),
  random: [],
  qmc: ["scramble", "seed"],
  grid: ["values", "resolution", "shuffle", "seed"],
  gp: Object.keys(GP_SETTINGS),
  nsga2: NSGA2_SETTINGS,
  cmaes: Object.keys(CMAES_SETTINGS),
};

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
      checkKeys(rest, SAMPLER_SETTINGS.random, "", issues);
      out = { name: "random" };
      break;
    case "qmc": {
      checkKeys(rest, SAMPLER_SETTINGS.qmc, "", issues);
      const scramble = readBool(rest, "scramble", "", issues) ?? QMC_DEFAULTS.scramble;
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
    case "gp":
      out = parseGpConfig(rest, issues);
      break;
    case "nsga2":
      checkKeys(rest, SAMPLER_SETTINGS.nsga2, "", issues);
      out = parseNsga2Config(rest, issues);
      break;
    case "auto":
      checkKeys(rest, SAMPLER_SETTINGS.auto, "", issues);
      out = { name: "auto", gpUntil: readNumber(rest, "gpUntil", "", issues, { integer: true, min: 0, max: MAX_TRIALS, limit: "the largest budget" }) ?? AUTO_DEFAULTS.gpUntil };
      break;
    case "cmaes":
      out = parseCmaEsConfig(rest, issues);
      break;
  }
  if (issues.length > 0) throw new ConfigError(issues, "invalid sampler config");
  return out;
}

const SEED = { integer: true, min: -MAX_SEED, max: MAX_SEED, limit: "seeds are exact integers" };

function parseGridConfig(raw: Record<string, unknown>, issues: Issues): GridConfig {
  checkKeys(raw, SAMPLER_SETTINGS.grid, "", issues);
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
  const shuffle = readBool(raw, "shuffle", "", issues) ?? GRID_DEFAULTS.shuffle;
  const seed = readNumber(raw, "seed", "", issues, SEED) ?? GRID_DEFAULTS.seed;
  return resolution === undefined ? { name: "grid", values, shuffle, seed } : { name: "grid", values, resolution, shuffle, seed };
}
