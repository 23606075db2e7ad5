import { z } from "zod";
import { ownRecord } from "./own-record";

/** A finite number: zod 4 already refuses NaN; the message names Infinity too. */
export const finiteNumber = z.number({ error: "must be a finite number" }).refine(Number.isFinite, "must be a finite number, not NaN or Infinity");

export const directionSchema = z.enum(["minimize", "maximize"]);

export const metricNameSchema = z.string().trim().min(1, "must not be empty").max(200);

export const objectiveSchema = z.strictObject({
  metric: metricNameSchema,
  direction: directionSchema.default("minimize"),
});
export type ObjectiveInput = z.infer<typeof objectiveSchema>;

export const trialStateSchema = z.enum(["waiting", "running", "complete", "pruned", "failed"]);
export const experimentStatusSchema = z.enum(["running", "paused", "completed", "archived"]);
export type ExperimentStatus = z.infer<typeof experimentStatusSchema>;

export const paramValueSchema = z.union([z.number(), z.string(), z.boolean(), z.null()]);
/** Parameter path -> value; any name, "__proto__" and "constructor" included. */
export const paramsSchema = ownRecord(paramValueSchema);
