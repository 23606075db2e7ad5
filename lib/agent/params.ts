import type { ParamValue } from "../optimizer/types";
import { own, setOwn } from "../shared/own";
import { formatTemplateValue, renderTemplate } from "../shared/command-template";
import type { Env, ParamStyle, Trial } from "./types";

type Params = Record<string, ParamValue>;

export { TemplateError as PlaceholderError } from "../shared/command-template";

export function formatValue(value: ParamValue): string {
  return formatTemplateValue(value);
}

/**
 * The argv for one trial, by the command template's rules (lib/shared/command-template.ts): args style
 * appends `--name=value` (null values are left out: a flag with no value would be read as a string);
 * placeholder style substitutes parameters and macros and appends nothing; auto substitutes when the
 * command has any `${...}`. A placeholder for a parameter this trial lacks is an error unless it has a
 * default, because a conditional parameter is absent when its branch is not chosen: write `${model.svm.C:-1}`.
 */
export function renderCommand(command: readonly string[], params: Params, style: ParamStyle, ctx: { env?: Env; argsJsonFile?: string } = {}): string[] {
  return renderTemplate(command, params, { style, env: ctx.env ?? {}, argsJsonFile: ctx.argsJsonFile ?? "" });
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
