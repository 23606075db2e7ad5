import type { ParamValue } from "../optimizer/types";
import { own, setOwn } from "../shared/own";
import type { ParamStyle, Trial } from "./types";

type Params = Record<string, ParamValue>;

/** `${name}` or `${name:-default}`; names are parameter paths such as optimizer.adam.lr. */
const PLACEHOLDER = /\$\{([^}:]+)(?::-([^}]*))?\}/g;

export class PlaceholderError extends Error {
  override name = "PlaceholderError";
}

export function formatValue(value: ParamValue): string {
  return value === null ? "" : String(value);
}

export function hasPlaceholders(command: readonly string[]): boolean {
  return command.some((part) => new RegExp(PLACEHOLDER.source).test(part));
}

/**
 * The argv for one trial. args style appends `--name=value` (null values are left out: a flag with
 * no value would be read as a string); placeholder style substitutes and appends nothing. A
 * placeholder for a parameter this trial lacks is an error unless it has a default, because a
 * conditional parameter is absent when its branch is not chosen: write `${model.svm.C:-1}`.
 */
export function renderCommand(command: readonly string[], params: Params, style: ParamStyle): string[] {
  const usePlaceholders = style === "placeholders" || (style === "auto" && hasPlaceholders(command));
  if (!usePlaceholders) {
    const args = Object.entries(params).filter(([, v]) => v !== null).map(([name, v]) => `--${name}=${formatValue(v)}`);
    return [...command, ...args];
  }
  return command.map((part) =>
    part.replace(PLACEHOLDER, (_whole, rawName: string, fallback: string | undefined) => {
      const name = rawName.trim();
      if (Object.hasOwn(params, name)) return formatValue(params[name] ?? null);
      if (fallback !== undefined) return fallback;
      const known = Object.keys(params).join(", ") || "none";
      throw new PlaceholderError(`the command uses \${${name}} but this trial has no parameter "${name}" (it has: ${known}); write \${${name}:-default} for a conditional parameter`);
    }),
  );
}

/** SWEEPBOARD_PARAM_OPTIMIZER_ADAM_LR for optimizer.adam.lr; names that collide after this are last-wins. */
export function paramEnvName(name: string): string {
  return `SWEEPBOARD_PARAM_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

export interface TrialEnvInput {
  trial: Trial;
  experimentId: number;
  url: string;
  token?: string;
  paramsFile: string;
}

export function trialEnv({ trial, experimentId, url, token, paramsFile }: TrialEnvInput): Record<string, string> {
  const env: Record<string, string> = {
    SWEEPBOARD_URL: url,
    SWEEPBOARD_EXPERIMENT_ID: String(experimentId),
    SWEEPBOARD_TRIAL_ID: String(trial.id),
    SWEEPBOARD_TRIAL_NUMBER: String(trial.number),
    SWEEPBOARD_PARAMS_JSON: JSON.stringify(trial.params),
    SWEEPBOARD_PARAMS_FILE: paramsFile,
  };
  if (token) env.SWEEPBOARD_TOKEN = token;
  for (const [name, value] of Object.entries(trial.params)) env[paramEnvName(name)] = formatValue(value);
  return env;
}

/**
 * Dotted paths as nested objects, for `Adam(**p["optimizer"]["adam"])`. A choice that has
 * sub-parameters is both a value and an object ("optimizer": "adam" beside "optimizer.adam.lr"),
 * so its own value moves to the key "_value": {"optimizer": {"_value": "adam", "adam": {"lr": ..}}}.
 */
export function nestParams(params: Params): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const names = Object.keys(params).sort((a, b) => a.split(".").length - b.split(".").length);
  for (const name of names) {
    const parts = name.split(".");
    let node = root;
    // Own properties only: a segment named "__proto__" or "constructor" must make a child, not walk into
    // Object.prototype (and write to every object in the process).
    for (const part of parts.slice(0, -1)) {
      const existing = own(node, part);
      if (existing !== null && typeof existing === "object") node = existing as Record<string, unknown>;
      else {
        const child: Record<string, unknown> = existing === undefined ? {} : { _value: existing };
        setOwn(node, part, child);
        node = child;
      }
    }
    setOwn(node, parts[parts.length - 1]!, own(params, name));
  }
  return root;
}

/** The SWEEPBOARD_PARAMS_FILE document. */
export function paramsFileContent(trial: Trial, experimentId: number): string {
  const doc = { experimentId, trialId: trial.id, trialNumber: trial.number, params: trial.params, nested: nestParams(trial.params) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
