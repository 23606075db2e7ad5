import { z } from "zod";
import { MIN_GRACE_SEC, DEFAULT_HEARTBEAT_SEC } from "@/lib/optimizer/core/liveness";
import { experimentStatusSchema, metricNameSchema, objectiveSchema, paramsSchema } from "./common";
import { tagsColumn } from "./notes";
import { jsonSchemaOf, ownRecord } from "./own-record";

// A space maps parameter names (any string, "__proto__" included) to definitions.
const settingsObject = ownRecord(z.unknown());

/**
 * `"tpe"` or `{ "type": "tpe", "nStartupTrials": 5, ... }`: the type plus that algorithm's settings. Read with
 * ownRecord so that every key reaches the engine, which names unknown ones ("__proto__" too) instead of a copy
 * dropping them.
 */
const algorithmSchema = z.union([
  z.string().min(1),
  ownRecord(z.unknown())
    .refine((v) => typeof v.type === "string" && v.type.length > 0, { message: "must be a non-empty string", path: ["type"] })
    .transform((v) => v as { type: string } & Record<string, unknown>)
    .meta(jsonSchemaOf(z.looseObject({ type: z.string().min(1) }))),
]);

export const MAX_COMMAND_ARGS = 256;
const commandSchema = z
  .array(z.string().min(1, "must not be empty").max(4096, "must be at most 4096 characters"))
  .min(1, "must name a program to run")
  .max(MAX_COMMAND_ARGS, `must have at most ${MAX_COMMAND_ARGS} arguments`);

export const createExperimentBody = z
  .strictObject({
    /** Required, unless a W&B config (spaceFormat "wandb") names the sweep. */
    name: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").optional(),
    description: z.string().max(10_000).optional(),
    /** The search space: a JSON object, or its YAML/JSON source text with `spaceFormat`. */
    space: z.union([settingsObject, z.string().min(1, "must not be empty")]),
    spaceFormat: z.enum(["json", "yaml", "wandb"]).optional(),
    objective: objectiveSchema.optional(),
    objectives: z.array(objectiveSchema).min(1).max(8).optional(),
    /** Constraint metrics: a trial is feasible when each one's value is <= 0 (its last report, or the complete call's). */
    constraints: z.array(metricNameSchema).max(8).optional(),
    sampler: algorithmSchema.optional(),
    pruner: algorithmSchema.optional(),
    maxTrials: z.int().positive().max(10_000_000).nullable().optional(),
    maxParallel: z.int().positive().max(100_000).nullable().optional(),
    seed: z.int().min(0).max(2 ** 31 - 1).optional(),
    maxRetries: z.int().min(0).max(100).optional(),
    heartbeatGraceSec: z
      .int()
      .min(MIN_GRACE_SEC, `must be at least ${MIN_GRACE_SEC} s: three heartbeats of the agent's default ${DEFAULT_HEARTBEAT_SEC} s interval`)
      .max(7 * 24 * 3600)
      .optional(),
    /** Which failures are retried automatically: "infrastructure" (the default) or "any". */
    retryOn: z.enum(["infrastructure", "any"]).optional(),
    /**
     * The command each trial runs, as a list of arguments: a template with `${param}` placeholders and W&B's
     * macros (`${args}`, `${interpreter}`, ...; lib/shared/command-template.ts). Launched workers run it; an agent
     * given no command runs it. Fixed at creation. A W&B config's `command`/`program` fill it when absent.
     */
    command: commandSchema.optional(),
  })
  .refine((b) => !(b.objective && b.objectives), { message: "give either objective or objectives, not both", path: ["objectives"] });
export type CreateExperimentBody = z.infer<typeof createExperimentBody>;

/** The objectives column, parsed back through its schema when read. */
export const objectivesColumn = z.array(objectiveSchema).min(1);
/** The constraints column. */
export const constraintsColumn = z.array(z.string());

/** The stored command column, parsed back through its schema. */
export const commandColumn = z.array(z.string()).min(1).nullable();

export const experimentSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  status: experimentStatusSchema,
  objectives: objectivesColumn,
  constraints: constraintsColumn,
  sampler: z.string(),
  pruner: z.string(),
  maxTrials: z.number().nullable(),
  maxParallel: z.number().nullable(),
  trialsDone: z.number(),
  trialsRunning: z.number(),
  trialCount: z.number(),
  bestValue: z.number().nullable(),
  bestTrialNumber: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The stored command (see createExperimentBody.command), or null. */
  command: commandColumn,
  /** Tags (lib/schemas/notes.ts); the note itself comes with one sweep's answer, not with the list. */
  tags: tagsColumn,
});
export type ExperimentSummary = z.infer<typeof experimentSummarySchema>;

export const enqueueTrialBody = z.strictObject({ params: paramsSchema });
