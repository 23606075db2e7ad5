import { shellSplit, ShellSplitError } from "@/lib/shared/shell";
import { AUTO_SAMPLER } from "./algorithms";
import type { Issue, SweepFormState } from "./types";

export interface BuiltBody {
  body: Record<string, unknown>;
  /** Problems found before asking the server (settings that are not a JSON object, a command line with an open quote). */
  localIssues: Issue[];
}

/** Reads a settings textarea: blank is `{}`; anything but a JSON object is an issue at `path`. */
export function parseSettings(text: string, path: string): { settings: Record<string, unknown>; issue?: Issue } {
  if (text.trim() === "") return { settings: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { settings: {}, issue: { path, message: `settings are not valid JSON: ${detail}` } };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { settings: {}, issue: { path, message: "settings must be a JSON object such as {\"nStartupTrials\": 10}" } };
  return { settings: value as Record<string, unknown> };
}

function algorithm(type: string, settings: Record<string, unknown>): string | Record<string, unknown> {
  return Object.keys(settings).length === 0 ? type : { ...settings, type };
}

/** "" is "not given"; anything else goes to the server as a number, which says what is wrong with it. */
function optionalNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === "" ? undefined : Number(trimmed);
}

/**
 * The create body for the form's state. For the live preview the name may still be blank, so a
 * placeholder stands in: the preview checks everything else, and the real name is checked on create.
 */
export function buildBody(state: SweepFormState, opts: { preview?: boolean } = {}): BuiltBody {
  const localIssues: Issue[] = [];
  // A W&B config may name the sweep itself: a blank name then lets the import supply it (the server says when
  // neither does).
  const blankName = state.name.trim() === "";
  const body: Record<string, unknown> = blankName && state.spaceFormat === "wandb" ? {} : { name: opts.preview && blankName ? "untitled" : state.name };
  if (state.description.trim() !== "") body.description = state.description;
  if (state.command.trim() !== "") {
    try {
      body.command = shellSplit(state.command);
    } catch (error) {
      if (!(error instanceof ShellSplitError)) throw error;
      localIssues.push({ path: "command", message: `the command line cannot be read: ${error.message}` });
    }
  }
  body.space = state.spaceText;
  body.spaceFormat = state.spaceFormat;

  // A W&B config carries its own metric: a blank objective lets the import supply it.
  const objectives = state.objectives.filter((o, i) => i === 0 || o.metric.trim() !== "");
  const blankWandb = state.spaceFormat === "wandb" && objectives.length === 1 && objectives[0]!.metric.trim() === "";
  if (!blankWandb) {
    if (objectives.length === 1) body.objective = { metric: objectives[0]!.metric, direction: objectives[0]!.direction };
    else body.objectives = objectives.map((o) => ({ metric: o.metric, direction: o.direction }));
  }

  if (state.samplerType !== AUTO_SAMPLER) {
    const { settings, issue } = parseSettings(state.samplerSettings, "sampler");
    if (issue) localIssues.push(issue);
    body.sampler = algorithm(state.samplerType, settings);
  }
  const pruner = parseSettings(state.prunerSettings, "pruner");
  if (pruner.issue) localIssues.push(pruner.issue);
  if (state.prunerType !== "none" || Object.keys(pruner.settings).length > 0) body.pruner = algorithm(state.prunerType, pruner.settings);

  const numbers = { maxTrials: state.maxTrials, maxParallel: state.maxParallel, seed: state.seed, maxRetries: state.maxRetries, heartbeatGraceSec: state.heartbeatGraceSec };
  for (const [key, text] of Object.entries(numbers)) {
    const value = optionalNumber(text);
    if (value !== undefined) body[key] = value;
  }
  return { body, localIssues };
}
