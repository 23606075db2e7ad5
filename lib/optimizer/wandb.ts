import { ConfigError } from "./errors";
import { checkKeys, describe, isPlainObject, joinPath, type Issues } from "./config-util";
import { MAX_CHOICE_DEPTH } from "./limits";
import { own, setOwn } from "./own";
import { parseSpace } from "./space/parse";
import type { ConfigIssue, Objective, PrunerConfig, SamplerName } from "./types";

export interface WandbImport {
  /** Space JSON for parseSpace; nested parameter groups become flat `group.name` keys. */
  space: unknown;
  objective?: Objective;
  sampler?: SamplerName;
  /** From early_terminate (hyperband). */
  pruner?: PrunerConfig;
  /** From run_cap. */
  maxTrials?: number;
  /** From command and program: W&B's command template with `${program}` filled in (its other macros kept). */
  command?: string[];
  /** The sweep's name and description, when the config has them. */
  name?: string;
  description?: string;
  /** Keys that were read but have nothing to map onto here, each with why: never dropped silently. */
  warnings: ConfigIssue[];
  issues: ConfigIssue[];
}

const METHODS: Record<string, SamplerName> = { grid: "grid", random: "random", bayes: "auto" };
// Keys that describe how W&B launches runs, not what to search: accepted, and each named in a warning with why.
const NOT_MAPPED: Record<string, string> = {
  project: "W&B's project has no counterpart here: a sweep stands on its own",
  entity: "W&B's entity has no counterpart here: access is by API token",
  controller: "the optimizer always runs on this server",
  job: "W&B launch jobs are not supported: run the agent where the GPUs are",
  image: "W&B launch images are not supported: run the agent where the GPUs are",
  entrypoint: "W&B launch entrypoints are not supported: give the sweep a command (command: or program:)",
};
// Top-level keys besides the search itself: the sweep's name, description and command, and the launch keys above.
const LAUNCH_KEYS = ["name", "description", "command", "program", ...Object.keys(NOT_MAPPED)];
/** W&B's command when a config names a program but no command. */
const WANDB_DEFAULT_COMMAND = ["${env}", "${interpreter}", "${program}", "${args}"];
const PROGRAM_MACRO = "${program}";

const PARAM_KEYS = ["values", "value", "distribution", "min", "max", "mu", "sigma", "q", "probabilities", "parameters"];
// Space node key -> W&B key, to report parseSpace's issues at the W&B path the user wrote.
const KEY_MAP: Record<string, string> = { low: "min", high: "max", weights: "probabilities" };

/** Converts a W&B sweep config into our space, objective, sampler and pruner, with every issue and its path. */
export function importWandbSweep(config: unknown): WandbImport {
  const issues: Issues = [];
  const out: WandbImport = { space: {}, issues, warnings: [] };
  if (!isPlainObject(config)) {
    issues.push({ path: "", message: `must be an object, got ${describe(config)}` });
    return out;
  }
  checkKeys(config, ["method", "metric", "parameters", "early_terminate", "run_cap", ...LAUNCH_KEYS], "", issues);
  for (const key of ["name", "description"] as const) {
    const v = config[key];
    if (v === undefined) continue;
    if (typeof v === "string" && (key === "description" || v.trim() !== "")) out[key] = key === "name" ? v.trim() : v;
    else issues.push({ path: key, message: `must be a${key === "name" ? " non-empty" : ""} string, got ${describe(v)}` });
  }
  for (const [key, why] of Object.entries(NOT_MAPPED)) if (Object.hasOwn(config, key)) out.warnings.push({ path: key, message: why });
  const method = config.method;
  if (method === undefined) issues.push({ path: "method", message: "is required (grid, random or bayes)" });
  else if (typeof method !== "string" || !Object.hasOwn(METHODS, method)) issues.push({ path: "method", message: `must be grid, random or bayes, got ${describe(method)}` });
  else out.sampler = METHODS[method];
  const objective = readMetric(config.metric, issues);
  if (objective) out.objective = objective;
  if (config.run_cap !== undefined) {
    if (typeof config.run_cap === "number" && Number.isInteger(config.run_cap) && config.run_cap > 0) out.maxTrials = config.run_cap;
    else issues.push({ path: "run_cap", message: `must be a positive integer, got ${describe(config.run_cap)}` });
  }
  const command = readCommand(config.command, config.program, issues);
  if (command) out.command = command;
  const pruner = readEarlyTerminate(config.early_terminate, issues);
  if (pruner) out.pruner = pruner;
  const space: Record<string, unknown> = {};
  if (!isPlainObject(config.parameters)) issues.push({ path: "parameters", message: config.parameters === undefined ? "is required" : `must be an object, got ${describe(config.parameters)}` });
  else convertGroup(config.parameters, "parameters", "", space, method === "grid", issues, 0);
  out.space = space;
  return out;
}

/**
 * W&B runs `command` (default `${env} ${interpreter} ${program} ${args}`) with `${program}` the config's
 * program: that is filled in here, the other macros are the command template's (run per trial).
 */
function readCommand(rawCommand: unknown, rawProgram: unknown, issues: Issues): string[] | undefined {
  let program: string | undefined;
  if (rawProgram !== undefined) {
    if (typeof rawProgram === "string" && rawProgram.trim() !== "") program = rawProgram.trim();
    else issues.push({ path: "program", message: `must be a non-empty string (the training script), got ${describe(rawProgram)}` });
  }
  let command: string[] | undefined;
  if (rawCommand !== undefined) {
    if (Array.isArray(rawCommand) && rawCommand.length > 0 && rawCommand.every((part) => typeof part === "string")) command = rawCommand as string[];
    else {
      issues.push({ path: "command", message: `must be a non-empty list of strings (the arguments), got ${describe(rawCommand)}` });
      return undefined;
    }
  } else if (program !== undefined) command = WANDB_DEFAULT_COMMAND;
  if (command === undefined) return undefined;
  if (program === undefined) {
    const at = command.findIndex((part) => part.includes(PROGRAM_MACRO));
    if (at >= 0) issues.push({ path: joinPath("command", at), message: "uses ${program} but the config has no program:" });
    return command;
  }
  return command.map((part) => part.split(PROGRAM_MACRO).join(program));
}

function readMetric(raw: unknown, issues: Issues): Objective | undefined {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) {
    issues.push({ path: "metric", message: `must be an object with name and goal, got ${describe(raw)}` });
    return undefined;
  }
  checkKeys(raw, ["name", "goal", "target"], "metric", issues);
  const goal = raw.goal ?? "minimize";
  if (goal !== "minimize" && goal !== "maximize") issues.push({ path: "metric.goal", message: `must be minimize or maximize, got ${describe(goal)}` });
  if (typeof raw.name !== "string" || raw.name === "") {
    issues.push({ path: "metric.name", message: raw.name === undefined ? "is required" : "must be a non-empty string" });
    return undefined;
  }
  return { metric: raw.name, direction: goal === "maximize" ? "maximize" : "minimize" };
}

function readEarlyTerminate(raw: unknown, issues: Issues): PrunerConfig | undefined {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) {
    issues.push({ path: "early_terminate", message: `must be an object, got ${describe(raw)}` });
    return undefined;
  }
  checkKeys(raw, ["type", "min_iter", "max_iter", "s", "eta", "strict"], "early_terminate", issues);
  if (raw.type !== "hyperband") {
    issues.push({ path: "early_terminate.type", message: `only hyperband is supported, got ${describe(raw.type)}` });
    return undefined;
  }
  const num = (k: string): number | undefined => {
    const v = raw[k];
    if (v === undefined) return undefined;
    if (typeof v === "number" && Number.isFinite(v) && v > 0) return v;
    issues.push({ path: `early_terminate.${k}`, message: `must be a number > 0, got ${describe(v)}` });
    return undefined;
  };
  const eta = num("eta") ?? 3;
  const s = num("s");
  const minIter = num("min_iter");
  const maxIter = num("max_iter");
  if (eta < 2) issues.push({ path: "early_terminate.eta", message: "must be >= 2" });
  if (minIter === undefined && maxIter === undefined) {
    issues.push({ path: "early_terminate", message: "needs min_iter or max_iter" });
    return undefined;
  }
  // W&B places brackets at min_iter * eta^k (or max_iter / eta^k) for k < s; the same rungs as our hyperband.
  if (minIter !== undefined) return { name: "hyperband", minResource: minIter, maxResource: maxIter ?? (s !== undefined ? minIter * eta ** s : "auto"), reductionFactor: eta };
  const max = maxIter!;
  return { name: "hyperband", minResource: s !== undefined ? Math.max(1, max / eta ** s) : 1, maxResource: max, reductionFactor: eta };
}

function convertGroup(params: Record<string, unknown>, wpath: string, prefix: string, space: Record<string, unknown>, grid: boolean, issues: Issues, depth: number): void {
  if (depth > MAX_CHOICE_DEPTH) {
    // Checked before descending: a hostile config must not exhaust the stack.
    issues.push({ path: wpath, message: `parameter groups nest at most ${MAX_CHOICE_DEPTH} deep` });
    return;
  }
  for (const [name, raw] of Object.entries(params)) {
    const p = joinPath(wpath, name);
    const key = prefix ? `${prefix}.${name}` : name;
    if (!isPlainObject(raw)) {
      issues.push({ path: p, message: `must be an object such as {values: [...]}, {value: x} or {min, max}, got ${describe(raw)}` });
      continue;
    }
    checkKeys(raw, PARAM_KEYS, p, issues);
    if (raw.parameters !== undefined) {
      if (!isPlainObject(raw.parameters)) issues.push({ path: joinPath(p, "parameters"), message: `must be an object, got ${describe(raw.parameters)}` });
      else convertGroup(raw.parameters, joinPath(p, "parameters"), key, space, grid, issues, depth + 1);
      continue;
    }
    const node = convertParam(raw, p, grid, issues);
    if (node === undefined) continue;
    try {
      parseSpace({ [key]: node });
      setOwn(space, key, node);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      for (const issue of e.issues) {
        // "x.low" -> "min", "x.weights[1]" -> "probabilities[1]": report at the key the user wrote.
        const m = /^([A-Za-z]+)(.*)$/.exec(issue.path.slice(key.length + 1));
        const mapped = m ? (own(KEY_MAP, m[1]!) ?? m[1]!) + m[2]! : "";
        const message = issue.message.replace(/\blow\b/g, "min").replace(/\bhigh\b/g, "max");
        issues.push({ path: mapped ? `${p}.${mapped}` : p, message });
      }
    }
  }
}

function convertParam(raw: Record<string, unknown>, p: string, grid: boolean, issues: Issues): unknown {
  let dist = raw.distribution;
  if (dist === undefined) {
    if (Object.hasOwn(raw, "value")) dist = "constant";
    else if (raw.values !== undefined) dist = "categorical";
    else if (raw.min !== undefined && raw.max !== undefined) dist = Number.isInteger(raw.min) && Number.isInteger(raw.max) ? "int_uniform" : "uniform";
    else {
      issues.push({ path: p, message: "needs values, value, or min and max (or a distribution)" });
      return undefined;
    }
  }
  const { min, max, mu = 0, sigma = 1, q = 1 } = raw;
  const exp = (v: unknown): unknown => (typeof v === "number" ? Math.exp(v) : v);
  const neg = (v: unknown): unknown => (typeof v === "number" ? Math.exp(-v) : v);
  let node: Record<string, unknown>;
  switch (dist) {
    case "constant":
      return raw.value;
    case "categorical":
      node = { type: "categorical", values: raw.values };
      if (raw.probabilities !== undefined) node.weights = raw.probabilities;
      return node;
    case "int_uniform":
      node = { type: "int", low: min, high: max };
      break;
    case "uniform":
      node = { type: "uniform", low: min, high: max };
      break;
    case "q_uniform":
      node = { type: "quniform", low: min, high: max, q };
      break;
    case "log_uniform":
      // W&B's log_uniform takes natural-log exponents: the values lie in [e^min, e^max].
      node = { type: "loguniform", low: exp(min), high: exp(max) };
      break;
    case "log_uniform_values":
      node = { type: "loguniform", low: min, high: max };
      break;
    case "q_log_uniform":
      node = { type: "qloguniform", low: exp(min), high: exp(max), q };
      break;
    case "q_log_uniform_values":
      node = { type: "qloguniform", low: min, high: max, q };
      break;
    case "inv_log_uniform":
      // X = 1/Y with log Y uniform on [min, max]: X is log-uniform on [e^-max, e^-min].
      node = { type: "loguniform", low: neg(max), high: neg(min) };
      break;
    case "inv_log_uniform_values":
      // 1/X log-uniform means log X uniform too, so X is log-uniform between the given values.
      node = { type: "loguniform", low: min, high: max };
      break;
    case "normal":
      node = { type: "normal", mu, sigma };
      break;
    case "q_normal":
      node = { type: "qnormal", mu, sigma, q };
      break;
    case "log_normal":
      node = { type: "lognormal", mu, sigma };
      break;
    case "q_log_normal":
      node = { type: "qlognormal", mu, sigma, q };
      break;
    default:
      issues.push({ path: joinPath(p, "distribution"), message: `unsupported distribution ${describe(dist)}` });
      return undefined;
  }
  if (grid && node.type !== "int") {
    issues.push({ path: p, message: "grid search needs values for a continuous parameter" });
    return undefined;
  }
  return node;
}
