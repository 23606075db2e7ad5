import { z } from "zod";
import { tagFilterQuery } from "./notes";

// Request schemas of the smaller calls, kept here (not in the route files) so that the OpenAPI
// document is generated from the very objects that validate requests.

/**
 * An integer query parameter, written in decimal digits. Not z.coerce.number(): that reads "" as 0,
 * " 5 " as 5, "1e3" as 1000 and "0x10" as 16, so `?cursor=` silently meant "from the start".
 */
export function intQuery(min: number, max: number, fallback?: number) {
  const range = `An integer from ${min} to ${max === Number.MAX_SAFE_INTEGER ? "2^53 - 1" : max}, in decimal digits`;
  return z
    .string()
    .regex(/^-?\d+$/, "must be an integer written in decimal digits")
    .meta({ description: fallback === undefined ? `${range}.` : `${range}; ${fallback} when absent.` })
    .transform(Number)
    .pipe(z.int().min(min).max(max));
}

export const listExperimentsQuery = z.strictObject({
  search: z.string().max(200).optional(),
  archived: z.enum(["true", "false"]).optional(),
  tag: tagFilterQuery.optional(),
});

export const askTrialBody = z.strictObject({ workerId: z.string().max(200).optional() });

const stateList = /^(waiting|running|complete|pruned|failed)(,(waiting|running|complete|pruned|failed))*$/;

export const listTrialsQuery = z.strictObject({
  cursor: intQuery(-1, Number.MAX_SAFE_INTEGER).optional(),
  limit: intQuery(1, 10_000, 1_000).default(1_000),
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
  afterStep: intQuery(-1, Number.MAX_SAFE_INTEGER).optional(),
  limit: intQuery(1, 100_000, 10_000).default(10_000),
});

export const exportQuery = z.strictObject({ format: z.enum(["json", "csv"]).default("json") });

export const trialSnapshotQuery = z.strictObject({ since: z.iso.datetime({ offset: true }).optional() });

export const scalarsQuery = z.strictObject({
  metric: z.string().min(1).max(200),
  /** Comma-separated trial ids. */
  trials: z.string().regex(/^\d+(,\d+)*$/, "must be a comma-separated list of trial ids").max(20_000),
  maxPoints: intQuery(10, 10_000, 1_000).default(1_000),
});
