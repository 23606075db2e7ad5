import { z } from "zod";
import { tagsColumn } from "./notes";
import { finiteNumber, paramsSchema, trialStateSchema } from "./common";
import { ownRecord } from "./own-record";

export const MAX_POINTS_PER_REPORT = 10_000;

export const metricPointSchema = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(200),
  step: z.int("must be an integer").min(0).max(2 ** 53 - 1),
  value: finiteNumber,
  /** Seconds since the epoch; the server's clock when absent. */
  wallTime: finiteNumber.optional(),
});

export const reportMetricsBody = z.strictObject({
  points: z
    .array(metricPointSchema)
    .min(1, "must hold at least one point")
    .describe("A point is identified by (name, step): sending one again, in this batch or a later one, replaces it (the last copy wins)."),
});
export type ReportMetricsBody = z.infer<typeof reportMetricsBody>;

export const reportMetricsResponse = z.object({
  stored: z
    .int()
    .min(0)
    .describe("How many distinct (name, step) points this batch wrote: a point repeated within the batch counts once; one that replaced a point from an earlier batch counts."),
  shouldPrune: z.boolean().describe("True when the pruner wants the trial stopped: tell /prune and stop training."),
});

/** Tell: a NaN or infinite value is accepted here and marks the trial failed, as the engine decides. */
const anyNumber = z.custom<number>((v) => typeof v === "number", { message: "must be a number" });

export const completeTrialBody = z.strictObject({
  value: anyNumber.optional(),
  values: z.array(anyNumber).min(1).max(8).optional(),
  /** One value per constraint of the sweep (<= 0 feasible); absent: each constraint metric's last report. */
  constraints: z.array(anyNumber).max(8).optional(),
  userAttrs: ownRecord(z.unknown()).optional(),
}).refine((b) => (b.value === undefined) !== (b.values === undefined), { message: "give exactly one of value or values", path: ["value"] });
export type CompleteTrialBody = z.infer<typeof completeTrialBody>;

/** Why the pruner stopped a trial, as it decided (the trial's systemAttrs.prune). */
export const pruneVerdictSchema = z.object({
  pruner: z.string(),
  step: z.number(),
  /** The judged value; null when it was NaN. */
  value: z.number().nullable(),
  /** The value it had to match or beat; null when it pruned without comparing. */
  threshold: z.number().nullable(),
  rule: z.string(),
  /** When the pruner said so (ISO). */
  at: z.string(),
});
export type PruneVerdictDto = z.infer<typeof pruneVerdictSchema>;

export const trialSchema = z.object({
  id: z.number(),
  experimentId: z.number(),
  number: z.number(),
  state: trialStateSchema,
  params: paramsSchema,
  values: z.array(z.number()).nullable(),
  value: z.number().nullable(),
  userAttrs: ownRecord(z.unknown()),
  workerId: z.string().nullable(),
  heartbeatAt: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  error: z.string().nullable(),
  retryOfId: z.number().nullable(),
  /** A complete trial's constraint values (null where one was not reported), and whether it is feasible. */
  constraints: z.array(z.number().nullable()).nullable(),
  feasible: z.boolean().nullable(),
  /** The first objective's last report and its step, kept when the trial finished: where a pruned trial stopped. */
  lastStep: z.number().nullable(),
  lastValue: z.number().nullable(),
  /** A pruned trial: what the pruner compared when it asked to stop it; null when it was not the pruner's call. */
  pruneVerdict: pruneVerdictSchema.nullable(),
  /** A Markdown note and tags (lib/schemas/notes.ts). */
  note: z.string(),
  tags: tagsColumn,
});
export type TrialDto = z.infer<typeof trialSchema>;
