import "server-only";
import { AppError } from "@/lib/http/errors";
import type { CreateExperimentBody } from "@/lib/schemas/experiment";
import {
  DEFAULT_SAMPLER,
  assertSamplerFitsSpace,
  compileSpace,
  importWandbSweep,
  parsePrunerConfig,
  parseSamplerConfig,
  parseSpace,
  type Objective,
} from "@/lib/optimizer";
import { commandIssues } from "@/lib/shared/command-template";
import { withConfigErrors } from "./engine-errors";
import { readSpaceText } from "./space-text";

export interface ResolvedExperimentConfig {
  spaceSource: string;
  spaceFormat: "json" | "yaml" | "wandb";
  space: ReturnType<typeof parseSpace>;
  sampler: { name: string; config: Record<string, unknown> };
  pruner: { name: string; config: Record<string, unknown> };
  objectives: Objective[];
  constraints: string[];
  /** The sweep's name, description and budget: the body's, else a W&B config's (name, description, run_cap). */
  name: string;
  description: string;
  maxTrials: number | null;
  /** The command trials run (the body's, else a W&B config's command/program), checked against the space. */
  command: string[] | null;
  /** What a W&B config held that has nothing to map onto here, with why (shown in the answer and the form). */
  warnings: Array<{ path: string; message: string }>;
}

function splitAlgorithm(value: CreateExperimentBody["sampler"], fallback: string): { name: string; settings: Record<string, unknown> } {
  if (value === undefined) return { name: fallback, settings: {} };
  if (typeof value === "string") return { name: value, settings: {} };
  const { type, ...settings } = value;
  return { name: type, settings };
}

/** Validates and normalises everything about a new sweep that the engine owns. */
export function resolveExperimentConfig(body: CreateExperimentBody): ResolvedExperimentConfig {
  const format = body.spaceFormat ?? (typeof body.space === "string" ? "yaml" : "json");
  const spaceSource = typeof body.space === "string" ? body.space : JSON.stringify(body.space, null, 2);
  let spaceInput: unknown = typeof body.space === "string" ? readSpaceText(body.space, format) : body.space;
  let objectives: Objective[] | undefined = body.objectives ?? (body.objective ? [body.objective] : undefined);
  let samplerFallback = DEFAULT_SAMPLER.name as string;
  let prunerFallback: { name: string; settings: Record<string, unknown> } = { name: "none", settings: {} };
  let name = body.name;
  let description = body.description;
  let maxTrials = body.maxTrials;
  let command = body.command;
  let warnings: Array<{ path: string; message: string }> = [];

  if (format === "wandb") {
    const imported = importWandbSweep(spaceInput);
    if (imported.issues.length > 0) {
      const issues = imported.issues.map((i) => ({ path: i.path ? `space.${i.path}` : "space", message: i.message }));
      throw new AppError("validation_error", `${issues[0]!.path}: ${issues[0]!.message}`, { path: issues[0]!.path, issues });
    }
    spaceInput = imported.space;
    objectives ??= imported.objective ? [imported.objective] : undefined;
    if (imported.sampler) samplerFallback = imported.sampler;
    if (imported.pruner) {
      const { name: prunerName, ...settings } = imported.pruner;
      prunerFallback = { name: prunerName, settings };
    }
    name ??= imported.name;
    description ??= imported.description;
    if (maxTrials === undefined) maxTrials = imported.maxTrials;
    command ??= imported.command;
    warnings = imported.warnings.map((w) => ({ path: `space.${w.path}`, message: w.message }));
  }
  if (name === undefined || name === "") throw new AppError("validation_error", format === "wandb" ? "name: is required (here, or as name: in the W&B config)" : "name: is required", { path: "name" });
  if (!objectives) throw new AppError("validation_error", "objective: is required (the metric to optimise and its direction)", { path: "objective" });

  // No sampler, "tpe", {"type": "tpe"} and a W&B "bayes" all reach parseSamplerConfig as "tpe" with the settings
  // given: the engine alone decides what they mean (TPE_DEFAULTS, overridden field by field).
  const sampler = splitAlgorithm(body.sampler, samplerFallback);
  const pruner = body.pruner === undefined ? prunerFallback : splitAlgorithm(body.pruner, "none");
  // Space, sampler and pruner are checked independently so that one answer names every problem.
  const issues: Array<{ path: string; message: string }> = [];
  const collect = <T>(prefix: string, fn: () => T): T | undefined => {
    try {
      return withConfigErrors(prefix, fn);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "validation_error") throw error;
      issues.push(...(error.issues ?? [{ path: error.path ?? prefix, message: error.message }]));
      return undefined;
    }
  };
  const space = collect("space", () => parseSpace(spaceInput));
  const samplerConfig = collect("sampler", () => parseSamplerConfig(sampler.name, sampler.settings));
  const prunerConfig = collect("pruner", () => parsePrunerConfig(pruner.name, pruner.settings));
  // Each is valid on its own; a grid that cannot enumerate this space (or TPE too heavy for it) would fail every ask.
  const fits = space && samplerConfig ? collect("sampler", () => (assertSamplerFitsSpace(space, samplerConfig), true)) : false;
  if (space && command) {
    // The command's placeholders must name the space's parameters: a typo would fail every trial it runs.
    const specs = compileSpace(space).specs;
    const conditional = specs.filter((p) => p.parent >= 0).map((p) => p.path);
    const at = body.command ? "command" : "space.command";
    for (const issue of commandIssues(command, specs.map((p) => p.path), conditional)) issues.push({ path: `${at}[${issue.index}]`, message: issue.message });
  }
  if (!space || !samplerConfig || !prunerConfig || !fits || issues.length > 0) {
    const first = issues[0] ?? { path: "", message: "invalid configuration" };
    throw new AppError("validation_error", `${first.path}: ${first.message}`, { path: first.path, issues });
  }
  return {
    spaceSource,
    spaceFormat: format,
    space,
    sampler: { name: sampler.name, config: samplerConfig as unknown as Record<string, unknown> },
    pruner: { name: pruner.name, config: prunerConfig as unknown as Record<string, unknown> },
    objectives,
    constraints: resolveConstraints(body.constraints ?? [], objectives),
    name,
    description: description ?? "",
    maxTrials: maxTrials ?? null,
    command: command ?? null,
    warnings,
  };
}

/** Constraint metrics are distinct, and none is an objective (a metric is optimised or bounded, not both). */
function resolveConstraints(names: string[], objectives: Objective[]): string[] {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    const path = `constraints.${i}`;
    if (seen.has(name)) throw new AppError("validation_error", `${path}: ${JSON.stringify(name)} is named twice`, { path });
    if (objectives.some((o) => o.metric === name)) throw new AppError("validation_error", `${path}: ${JSON.stringify(name)} is an objective; a constraint is another metric, feasible when <= 0`, { path });
    seen.add(name);
  });
  return names;
}
