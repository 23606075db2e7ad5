// A sweep's command line as a template: the one place that says what `${...}` means in a command, for the
// server (which checks a stored command when the sweep is created) and the agent (which renders it per trial).
//
//   ${name} / ${name:-default}   a parameter's value (name is its path, e.g. optimizer.adam.lr); the default is
//                                for a conditional parameter this trial lacks
//   ${logdir}                    the trial's own log folder (made by the agent)
//   ${envvar:NAME}               the environment variable NAME of the machine that runs the trial
//   ${env}                       /usr/bin/env
//   ${interpreter}               python3
//   ${args}                      --name=value for every parameter of the trial (several arguments)
//   ${args_no_hyphens}           name=value for every parameter (several arguments)
//   ${args_no_boolean_flags}     like ${args}, but a true boolean is --name and a false one is left out
//   ${args_json}                 the trial's parameters as one JSON object (one argument)
//   ${args_json_file}            the path of a file holding that JSON object
//
// The macros are W&B's (its sweep `command` runs unchanged), so their names are reserved: a parameter
// named `args` is still passed, but `${args}` means the macro. A command with no `${...}` at all gets
// --name=value appended, as `${args}` at its end would.

export type TemplateValue = string | number | boolean | null;

/** `${name}` or `${name:-default}`. */
export const PLACEHOLDER = /\$\{([^}:]+)(?::-([^}]*))?\}/g;
const ENVVAR = /\$\{envvar:([^}]*)\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Replaced by the agent with the trial's log folder before the rest is rendered. */
export const LOGDIR_MACRO = "${logdir}";

/** Macros that stand for several arguments: each must be a whole argument of the command. */
export const EXPANDING_MACROS = ["args", "args_no_hyphens", "args_no_boolean_flags"] as const;
/** Macros that become one fixed argument. */
const SINGLE_MACROS: Readonly<Record<string, string>> = { env: "/usr/bin/env", interpreter: "python3" };
/** Replaced by the path of a file holding the parameters as JSON, which the agent writes when the command uses it. */
export const ARGS_JSON_FILE_MACRO = "${args_json_file}";
/** Every reserved name, with what it becomes. */
export const COMMAND_MACROS: Readonly<Record<string, string>> = {
  ...SINGLE_MACROS,
  args: "--name=value for every parameter",
  args_no_hyphens: "name=value for every parameter",
  args_no_boolean_flags: "--name=value, a true boolean as --name, a false one left out",
  args_json: "the parameters as one JSON object",
  args_json_file: "the path of a file holding that JSON object",
  logdir: "the trial's own log folder",
  "envvar:NAME": "the environment variable NAME",
};
export class TemplateError extends Error {
  override name = "TemplateError";
}

export interface TemplateIssue {
  /** The argument's index in the command. */
  index: number;
  message: string;
}

function isExpanding(name: string): boolean {
  return (EXPANDING_MACROS as readonly string[]).includes(name);
}

function isMacro(name: string): boolean {
  return Object.hasOwn(COMMAND_MACROS, name) && name !== "envvar:NAME";
}

/** True when the command names anything with `${...}`: then nothing is appended to it. */
export function usesTemplate(command: readonly string[]): boolean {
  return command.some((part) => new RegExp(PLACEHOLDER.source).test(part) || new RegExp(ENVVAR.source).test(part));
}

/**
 * What is wrong with a command before any trial runs it: an empty command or argument, a NUL, a macro that
 * expands to several arguments inside a longer one, an `${envvar:...}` that names no variable, or a
 * placeholder that is neither a macro nor one of `paramNames`, or names one of `conditionalNames` (parameters
 * some trials lack), without a default.
 */
export function commandIssues(command: readonly string[], paramNames: readonly string[], conditionalNames: readonly string[] = []): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  if (command.length === 0) return [{ index: 0, message: "must name a program to run" }];
  const known = new Set(paramNames);
  const conditional = new Set(conditionalNames);
  command.forEach((part, index) => {
    if (part.length === 0) issues.push({ index, message: "must not be empty" });
    if (part.includes("\0")) issues.push({ index, message: "must not contain a NUL character" });
    for (const m of part.matchAll(ENVVAR)) {
      if (!ENV_NAME.test(m[1] ?? "")) issues.push({ index, message: `\${envvar:${m[1]}} must name an environment variable (letters, digits, _)` });
    }
    for (const m of part.matchAll(PLACEHOLDER)) {
      const name = (m[1] ?? "").trim();
      if (isExpanding(name)) {
        if (part !== m[0]) issues.push({ index, message: `\${${name}} stands for several arguments: it must be a whole argument, not part of "${part}"` });
      } else if (!isMacro(name) && conditional.has(name) && m[2] === undefined) {
        issues.push({ index, message: `\${${name}} is a conditional parameter, absent from trials whose branch leaves it out: write \${${name}:-default}` });
      } else if (!isMacro(name) && !known.has(name) && m[2] === undefined) {
        const names = paramNames.length > 0 ? paramNames.join(", ") : "none";
        issues.push({ index, message: `\${${name}} is neither a parameter of the space (${names}) nor a macro (${Object.keys(COMMAND_MACROS).join(", ")})` });
      }
    }
  });
  return issues;
}

export interface RenderContext {
  /** The environment of the machine that runs the trial, for `${envvar:NAME}`. */
  env: Record<string, string | undefined>;
  /** The path `${args_json_file}` stands for; the caller writes the file (argsJson's text). */
  argsJsonFile: string;
  /** args: append --name=value, placeholders: substitute only, auto: substitute when the command has any ${...}. */
  style: "auto" | "args" | "placeholders";
}

export function formatTemplateValue(value: TemplateValue): string {
  return value === null ? "" : String(value);
}

/** The parameters as `${args_json}` and `${args_json_file}` hold them. */
export function argsJson(params: Readonly<Record<string, TemplateValue>>): string {
  return JSON.stringify(params);
}

function flagArgs(params: Readonly<Record<string, TemplateValue>>, how: "args" | "args_no_hyphens" | "args_no_boolean_flags"): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    // A null (a choice's empty option) has no text: a bare flag would be read as a string.
    if (value === null) continue;
    if (how === "args_no_boolean_flags" && typeof value === "boolean") {
      if (value) out.push(`--${name}`);
      continue;
    }
    out.push(how === "args_no_hyphens" ? `${name}=${formatTemplateValue(value)}` : `--${name}=${formatTemplateValue(value)}`);
  }
  return out;
}

/**
 * The argv for one trial. Throws TemplateError for a placeholder of a parameter this trial lacks (a
 * conditional one whose branch was not chosen: write `${name:-default}`) or an unset `${envvar:NAME}`.
 */
export function renderTemplate(command: readonly string[], params: Readonly<Record<string, TemplateValue>>, ctx: RenderContext): string[] {
  const substitute = ctx.style === "placeholders" || (ctx.style === "auto" && usesTemplate(command));
  if (!substitute) return [...command, ...flagArgs(params, "args")];
  const out: string[] = [];
  for (const part of command) {
    const whole = /^\$\{([^}:]+)\}$/.exec(part)?.[1]?.trim();
    if (whole !== undefined && isExpanding(whole)) {
      out.push(...flagArgs(params, whole as (typeof EXPANDING_MACROS)[number]));
      continue;
    }
    const withEnv = part.replace(ENVVAR, (_all, name: string) => {
      const value = ctx.env[name];
      if (value === undefined) throw new TemplateError(`the command uses \${envvar:${name}} but ${name} is not set on this machine`);
      return value;
    });
    out.push(
      withEnv.replace(PLACEHOLDER, (_all, rawName: string, fallback: string | undefined) => {
        const name = rawName.trim();
        if (Object.hasOwn(SINGLE_MACROS, name)) return SINGLE_MACROS[name]!;
        if (name === "args_json") return argsJson(params);
        if (name === "args_json_file") return ctx.argsJsonFile;
        if (isExpanding(name)) throw new TemplateError(`\${${name}} stands for several arguments: it must be a whole argument, not part of "${part}"`);
        if (Object.hasOwn(params, name)) return formatTemplateValue(params[name] ?? null);
        if (fallback !== undefined) return fallback;
        const known = Object.keys(params).join(", ") || "none";
        throw new TemplateError(`the command uses \${${name}} but this trial has no parameter "${name}" (it has: ${known}); write \${${name}:-default} for a conditional parameter`);
      }),
    );
  }
  return out;
}
