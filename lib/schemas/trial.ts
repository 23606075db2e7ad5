import { z } from "zod";
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
});
export type TrialDto = z.infer<typeof trialSchema>;
