import { ConfigError } from "../errors";
import {
  checkKeys,
  describe,
  isLiteral,
  isPlainObject,
  joinPath,
  readBool,
  readNumber,
  readWeights,
  valueKey,
  type Issues,
} from "../config-util";
import type { ChoiceOption, ParamValue, Space, SpaceNode } from "../types";

const KEYS: Record<string, readonly string[]> = {
  uniform: ["type", "low", "high"],
  loguniform: ["type", "low", "high"],
  quniform: ["type", "low", "high", "q"],
  qloguniform: ["type", "low", "high", "q"],
  normal: ["type", "mu", "sigma"],
  lognormal: ["type", "mu", "sigma"],
  qnormal: ["type", "mu", "sigma", "q"],
  qlognormal: ["type", "mu", "sigma", "q"],
  int: ["type", "low", "high", "step", "log"],
  categorical: ["type", "values", "weights"],
  pchoice: ["type", "values", "weights"],
  const: ["type", "value"],
  choice: ["type", "options", "weights"],
};
export const SPACE_TYPES = Object.keys(KEYS);

/** Prefix of the flat paths of parameters nested under a choice option: `<choice path>.<option value>`. */
export function optionPrefix(choicePath: string, optionValue: ParamValue): string {
  return `${choicePath}.${String(optionValue)}`;
}

/**
 * Parses and validates a search space, reporting every problem with its path. The result is the normalised
 * form (bare literals become const nodes, pchoice becomes categorical, defaults are filled in), which parses
 * to itself.
 */
export function parseSpace(input: unknown): Space {
  const issues: Issues = [];
  const seen = new Map<string, string>();
  const space = parseParams(input, "", "", issues, seen);
  if (issues.length > 0) throw new ConfigError(issues, "invalid search space");
  return space;
}

function parseParams(input: unknown, cfgPath: string, paramPrefix: string, issues: Issues, seen: Map<string, string>): Space {
  const out: Space = {};
  if (!isPlainObject(input)) {
    issues.push({ path: cfgPath, message: `must be an object mapping parameter names to definitions, got ${describe(input)}` });
    return out;
  }
  for (const [name, raw] of Object.entries(input)) {
    const p = joinPath(cfgPath, name);
    if (name.trim() === "") {
      issues.push({ path: p, message: "parameter names must not be empty" });
      continue;
    }
    const paramPath = paramPrefix ? `${paramPrefix}.${name}` : name;
    const previous = seen.get(paramPath);
    if (previous !== undefined) issues.push({ path: p, message: `duplicate parameter path "${paramPath}" (also defined at ${previous})` });
    else seen.set(paramPath, p);
    const node = parseNode(raw, p, paramPath, issues, seen);
    if (node) out[name] = node;
  }
  return out;
}

function parseNode(raw: unknown, path: string, paramPath: string, issues: Issues, seen: Map<string, string>): SpaceNode | undefined {
  if (isLiteral(raw)) return { type: "const", value: raw };
  if (typeof raw === "number") {
    issues.push({ path, message: `must be a finite number, got ${String(raw)}` });
    return undefined;
  }
  if (!isPlainObject(raw)) {
    issues.push({ path, message: `must be a parameter object or a literal, got ${describe(raw)}` });
    return undefined;
  }
  const type = raw.type;
  if (typeof type !== "string" || !(type in KEYS)) {
    const got = type === undefined ? "it is missing" : `got ${describe(type)}`;
    issues.push({ path: joinPath(path, "type"), message: `must be one of ${SPACE_TYPES.join(", ")}; ${got}` });
    return undefined;
  }
  checkKeys(raw, KEYS[type]!, path, issues);
  switch (type) {
    case "uniform":
    case "loguniform":
    case "quniform":
    case "qloguniform":
      return parseRange(raw, type, path, issues);
    case "normal":
    case "lognormal":
    case "qnormal":
    case "qlognormal":
      return parseNormal(raw, type, path, issues);
    case "int":
      return parseInt(raw, path, issues);
    case "categorical":
    case "pchoice":
      return parseCategorical(raw, type === "pchoice", path, issues);
    case "const":
      if (!("value" in raw)) {
        issues.push({ path: joinPath(path, "value"), message: "is required" });
        return undefined;
      }
      if (!isLiteral(raw.value)) {
        issues.push({ path: joinPath(path, "value"), message: `must be a finite number, string, boolean or null, got ${describe(raw.value)}` });
        return undefined;
      }
      return { type: "const", value: raw.value };
    default:
      return parseChoice(raw, path, paramPath, issues, seen);
  }
}

function parseRange(raw: Record<string, unknown>, type: "uniform" | "loguniform" | "quniform" | "qloguniform", path: string, issues: Issues): SpaceNode | undefined {
  const log = type === "loguniform" || type === "qloguniform";
  const before = issues.length;
  const low = readNumber(raw, "low", path, issues, { required: true });
  const high = readNumber(raw, "high", path, issues, { required: true });
  if (log && low !== undefined && !(low > 0)) issues.push({ path: joinPath(path, "low"), message: "must be > 0 for a log scale" });
  if (low !== undefined && high !== undefined && !(high > low)) issues.push({ path: joinPath(path, "high"), message: `must be > low (${low})` });
  if (type === "quniform" || type === "qloguniform") {
    const q = readNumber(raw, "q", path, issues, { required: true, above: 0 });
    if (issues.length > before || low === undefined || high === undefined || q === undefined) return undefined;
    return { type, low, high, q };
  }
  if (issues.length > before || low === undefined || high === undefined) return undefined;
  return { type, low, high };
}

function parseNormal(raw: Record<string, unknown>, type: "normal" | "lognormal" | "qnormal" | "qlognormal", path: string, issues: Issues): SpaceNode | undefined {
  const before = issues.length;
  const mu = readNumber(raw, "mu", path, issues, { required: true });
  const sigma = readNumber(raw, "sigma", path, issues, { required: true, above: 0 });
  if (type === "qnormal" || type === "qlognormal") {
    const q = readNumber(raw, "q", path, issues, { required: true, above: 0 });
    if (issues.length > before || mu === undefined || sigma === undefined || q === undefined) return undefined;
    return { type, mu, sigma, q };
  }
  if (issues.length > before || mu === undefined || sigma === undefined) return undefined;
  return { type, mu, sigma };
}

function parseInt(raw: Record<string, unknown>, path: string, issues: Issues): SpaceNode | undefined {
  const before = issues.length;
  const low = readNumber(raw, "low", path, issues, { required: true, integer: true });
  const high = readNumber(raw, "high", path, issues, { required: true, integer: true });
  const step = readNumber(raw, "step", path, issues, { integer: true, above: 0 }) ?? 1;
  const log = readBool(raw, "log", path, issues) ?? false;
  if (log && low !== undefined && low < 1) issues.push({ path: joinPath(path, "low"), message: "must be >= 1 for a log scale" });
  if (log && step !== 1) issues.push({ path: joinPath(path, "step"), message: "must be 1 when log is true" });
  if (low !== undefined && high !== undefined && !(high > low)) issues.push({ path: joinPath(path, "high"), message: `must be > low (${low})` });
  if (issues.length > before || low === undefined || high === undefined) return undefined;
  return { type: "int", low, high, step, log };
}

/** Checks a list of distinct literals; returns it when valid. */
function readValues(raw: unknown, path: string, issues: Issues, what: string): ParamValue[] | undefined {
  if (!Array.isArray(raw)) {
    issues.push({ path, message: raw === undefined ? "is required" : `must be an array, got ${describe(raw)}` });
    return undefined;
  }
  if (raw.length === 0) {
    issues.push({ path, message: "must not be empty" });
    return undefined;
  }
  const before = issues.length;
  const keys = new Set<string>();
  raw.forEach((v: unknown, i) => {
    const p = joinPath(path, i);
    if (!isLiteral(v)) issues.push({ path: p, message: `must be a finite number, string, boolean or null, got ${describe(v)}` });
    else if (keys.has(valueKey(v))) issues.push({ path: p, message: `duplicate ${what} ${describe(v)}` });
    else keys.add(valueKey(v));
  });
  return issues.length > before ? undefined : (raw as ParamValue[]);
}

function parseCategorical(raw: Record<string, unknown>, needWeights: boolean, path: string, issues: Issues): SpaceNode | undefined {
  const before = issues.length;
  const values = readValues(raw.values, joinPath(path, "values"), issues, "value");
  if (needWeights && raw.weights === undefined) issues.push({ path: joinPath(path, "weights"), message: "is required for pchoice" });
  const weights = values ? readWeights(raw, "weights", values.length, path, issues) : undefined;
  if (issues.length > before || !values) return undefined;
  return weights ? { type: "categorical", values: [...values], weights: [...weights] } : { type: "categorical", values: [...values] };
}

function parseChoice(raw: Record<string, unknown>, path: string, paramPath: string, issues: Issues, seen: Map<string, string>): SpaceNode | undefined {
  const before = issues.length;
  const optsPath = joinPath(path, "options");
  const rawOptions = raw.options;
  if (!Array.isArray(rawOptions)) {
    issues.push({ path: optsPath, message: rawOptions === undefined ? "is required" : `must be an array, got ${describe(rawOptions)}` });
    return undefined;
  }
  if (rawOptions.length === 0) {
    issues.push({ path: optsPath, message: "must not be empty" });
    return undefined;
  }
  const options: ChoiceOption[] = [];
  const keys = new Set<string>();
  rawOptions.forEach((opt: unknown, i) => {
    const p = joinPath(optsPath, i);
    let value: ParamValue;
    let params: Space = {};
    let valuePath = p;
    if (isLiteral(opt)) value = opt;
    else if (isPlainObject(opt)) {
      checkKeys(opt, ["value", "params"], p, issues);
      valuePath = joinPath(p, "value");
      if (!("value" in opt)) {
        issues.push({ path: valuePath, message: "is required" });
        return;
      }
      if (!isLiteral(opt.value)) {
        issues.push({ path: valuePath, message: `must be a finite number, string, boolean or null, got ${describe(opt.value)}` });
        return;
      }
      value = opt.value;
      if (opt.params !== undefined) params = parseParams(opt.params, joinPath(p, "params"), optionPrefix(paramPath, value), issues, seen);
    } else {
      issues.push({ path: p, message: `must be a literal or an object with value and params, got ${describe(opt)}` });
      return;
    }
    if (keys.has(valueKey(value))) issues.push({ path: valuePath, message: `duplicate option value ${describe(value)}` });
    keys.add(valueKey(value));
    options.push({ value, params });
  });
  const weights = readWeights(raw, "weights", rawOptions.length, path, issues);
  if (issues.length > before) return undefined;
  return weights ? { type: "choice", options, weights: [...weights] } : { type: "choice", options };
}
