import { z } from "zod";

// Request schemas of the smaller calls, kept here (not in the route files) so that the OpenAPI
// document is generated from the very objects that validate requests.

export const listExperimentsQuery = z.strictObject({
  search: z.string().max(200).optional(),
  archived: z.enum(["true", "false"]).optional(),
});

export const askTrialBody = z.strictObject({ workerId: z.string().max(200).optional() });

const stateList = /^(waiting|running|complete|pruned|failed)(,(waiting|running|complete|pruned|failed))*$/;

export const listTrialsQuery = z.strictObject({
  cursor: z.coerce.number().int().min(-1).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
  state: z.string().regex(stateList, "must be a comma-separated list of waiting, running, complete, pruned, failed").optional(),
  order: z.enum(["asc", "desc"]).default("asc"),
});

export const experimentStatusBody = z.strictObject({ action: z.enum(["pause", "resume", "finish", "archive", "unarchive"]) });

export const extendBudgetBody = z.strictObject({ add: z.int().min(1).max(1_000_000) });

/**
 * Who failed: "infrastructure" (the worker died, was killed by a signal, interrupted or timed out) or
 * "program" (the training program's own failure: a non-zero exit, a missing or non-finite objective).
 * Retries apply to infrastructure failures unless the sweep says retryOn: "any".
 */
export const failureKindSchema = z.enum(["infrastructure", "program"]);
export type FailureKind = z.infer<typeof failureKindSchema>;

export const failTrialBody = z.strictObject({ error: z.string().max(100_000).default("failed"), kind: failureKindSchema.default("program") });

export const pruneTrialBody = z.strictObject({ step: z.int().min(0).optional() });

export const metricSeriesQuery = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  /** Continue after this step (the previous page's nextCursor). */
  afterStep: z.coerce.number().int().min(-1).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
});

export const exportQuery = z.strictObject({ format: z.enum(["json", "csv"]).default("json") });

export const trialSnapshotQuery = z.strictObject({ since: z.iso.datetime({ offset: true }).optional() });

export const scalarsQuery = z.strictObject({
  metric: z.string().min(1).max(200),
  /** Comma-separated trial ids. */
  trials: z.string().regex(/^\d+(,\d+)*$/, "must be a comma-separated list of trial ids").max(20_000),
  maxPoints: z.coerce.number().int().min(10).max(10_000).default(1_000),
});
