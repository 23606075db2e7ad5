import { ConfigError } from "../errors";
import { checkKeys, describe, isLiteral, isPlainObject, joinPath, readWeights, valueKey, type Issues } from "../config-util";
import { MAX_CATEGORIES, MAX_CHOICE_DEPTH, MAX_NAME_LENGTH, MAX_PARAMS } from "../limits";
import { setOwn } from "../own";
import type { ChoiceOption, ParamValue, Space, SpaceNode } from "../types";
import { parseInt, parseNormal, parseRange } from "./parse-numeric";

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
  const ctx: Ctx = { issues: [], seen: new Map(), depth: 0 };
  const space = parseParams(input, "", "", ctx);
  if (ctx.issues.length > 0) throw new ConfigError(ctx.issues, "invalid search space");
  return space;
}

interface Ctx {
  issues: Issues;
  /** Parameter path -> where it was defined; its size is the number of parameters so far. */
  seen: Map<string, string>;
  /** Choices enclosing the node being parsed. */
  depth: number;
}

function parseParams(input: unknown, cfgPath: string, paramPrefix: string, ctx: Ctx): Space {
  const { issues, seen } = ctx;
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
    if (name.length > MAX_NAME_LENGTH) {
      issues.push({ path: p, message: `parameter names must be at most ${MAX_NAME_LENGTH} characters, got ${name.length}` });
      continue;
    }
    if (seen.size >= MAX_PARAMS) {
      // One issue, not one per extra parameter: the rest of the space is not read.
      issues.push({ path: p, message: `a space has at most ${MAX_PARAMS} parameters (nested ones and constants included)` });
      return out;
    }
    const paramPath = paramPrefix ? `${paramPrefix}.${name}` : name;
    const previous = seen.get(paramPath);
    if (previous !== undefined) issues.push({ path: p, message: `duplicate parameter path "${paramPath}" (also defined at ${previous})` });
    else seen.set(paramPath, p);
    const node = parseNode(raw, p, paramPath, ctx);
    if (node) setOwn(out, name, node);
  }
  return out;
}

function parseNode(raw: unknown, path: string, paramPath: string, ctx: Ctx): SpaceNode | undefined {
  const { issues } = ctx;
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
  if (typeof type !== "string" || !Object.hasOwn(KEYS, type)) {
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
      if (!Object.hasOwn(raw, "value")) {
        issues.push({ path: joinPath(path, "value"), message: "is required" });
        return undefined;
      }
      if (!isLiteral(raw.value)) {
        issues.push({ path: joinPath(path, "value"), message: `must be a finite number, string, boolean or null, got ${describe(raw.value)}` });
        return undefined;
      }
      return { type: "const", value: raw.value };
    default:
      return parseChoice(raw, path, paramPath, ctx);
  }
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
  if (raw.length > MAX_CATEGORIES) {
    issues.push({ path, message: `must have at most ${MAX_CATEGORIES} ${what}s, got ${raw.length}` });
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

function parseChoice(raw: Record<string, unknown>, path: string, paramPath: string, ctx: Ctx): SpaceNode | undefined {
  const { issues } = ctx;
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
  if (rawOptions.length > MAX_CATEGORIES) {
    issues.push({ path: optsPath, message: `must have at most ${MAX_CATEGORIES} options, got ${rawOptions.length}` });
    return undefined;
  }
  if (ctx.depth >= MAX_CHOICE_DEPTH) {
    // Checked before descending, so no walk of a hostile space goes deeper than this.
    issues.push({ path, message: `choices nest at most ${MAX_CHOICE_DEPTH} deep` });
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
      if (!Object.hasOwn(opt, "value")) {
        issues.push({ path: valuePath, message: "is required" });
        return;
      }
      if (!isLiteral(opt.value)) {
        issues.push({ path: valuePath, message: `must be a finite number, string, boolean or null, got ${describe(opt.value)}` });
        return;
      }
      value = opt.value;
      if (opt.params !== undefined && typeof value === "string" && value.length > MAX_NAME_LENGTH) {
        // The value is a segment of its sub-parameters' paths.
        issues.push({ path: valuePath, message: `must be at most ${MAX_NAME_LENGTH} characters when the option has params, got ${value.length}` });
        return;
      }
      if (opt.params !== undefined) {
        ctx.depth++;
        params = parseParams(opt.params, joinPath(p, "params"), optionPrefix(paramPath, value), ctx);
        ctx.depth--;
      }
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
