import { z } from "zod";
import { MAX_LINES_PER_BATCH, MAX_LINE_BYTES, MAX_OUTPUT_BYTES } from "../shared/trial-output";
import { intQuery } from "./api";

// A trial's command line and printed output: POST /trials/{id}/command, POST and GET /trials/{id}/output,
// shared by the route handlers, the OpenAPI document, the agent and the trial page.

export const MAX_ARGV = 4096;
/** Lines one GET answers at most. */
export const MAX_OUTPUT_PAGE = 5000;

export const trialCommandBody = z.strictObject({
  argv: z.array(z.string().max(65_536, "must be at most 65536 characters")).min(1, "must hold the program and its arguments").max(MAX_ARGV),
  cwd: z.string().min(1, "must not be empty").max(4096),
  host: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(255)
    .regex(/^[^\u0000-\u001f\u007f]*$/, "must not contain control characters"),
});
export type TrialCommandBody = z.infer<typeof trialCommandBody>;

export const outputStreamSchema = z.enum(["stdout", "stderr"]);

export const outputLineSchema = z.strictObject({
  stream: outputStreamSchema,
  text: z.string().describe(`One line without its newline; a longer one than ${MAX_LINE_BYTES} UTF-8 bytes is cut, and says so.`),
  /** When the line was printed; the server's clock when absent. */
  at: z.iso.datetime({ offset: true }).optional(),
});

export const trialOutputBody = z.strictObject({
  batch: z
    .int("must be an integer")
    .min(1)
    .max(2 ** 31 - 1)
    .describe("Batches are numbered from 1, in order: a batch numbered at or below the last one stored is a retry and is not stored again."),
  lines: z.array(outputLineSchema).max(MAX_LINES_PER_BATCH, `must hold at most ${MAX_LINES_PER_BATCH} lines`),
});
export type TrialOutputBody = z.infer<typeof trialOutputBody>;

export const trialOutputResponse = z.object({
  stored: z.int().min(0).describe("Lines this batch stored (0 for a repeated batch)."),
  duplicate: z.boolean().describe("True when the batch had been stored already."),
  truncated: z.int().min(0).describe(`Lines of this batch cut to ${MAX_LINE_BYTES} bytes.`),
  droppedLines: z.int().min(0).describe(`Lines dropped so far to keep the trial's last ${MAX_OUTPUT_BYTES} bytes.`),
});

export const trialOutputQuery = z.strictObject({
  /** Continue after this seq (the previous answer's last line). */
  after: intQuery(-1, Number.MAX_SAFE_INTEGER).optional(),
  limit: intQuery(1, MAX_OUTPUT_PAGE, MAX_OUTPUT_PAGE).default(MAX_OUTPUT_PAGE),
});

export const trialCommandSchema = z.object({
  argv: z.array(z.string()),
  cwd: z.string(),
  host: z.string(),
  worker: z.string().nullable(),
  startedAt: z.string().nullable(),
});
export type TrialCommandDto = z.infer<typeof trialCommandSchema>;

export const outputLineDto = z.object({ seq: z.number(), stream: outputStreamSchema, text: z.string(), at: z.string() });
export type OutputLineDto = z.infer<typeof outputLineDto>;

export const trialOutputPage = z.object({
  command: trialCommandSchema.nullable(),
  lines: z.array(outputLineDto),
  droppedLines: z.number(),
  droppedBytes: z.number(),
  /** The seq to ask after next (the last line's, or the `after` asked with when none came). */
  lastSeq: z.number(),
  /** More lines wait after these (the page was full). */
  more: z.boolean(),
  /** The trial's state: the page stops polling once it is not running. */
  state: z.string(),
});
export type TrialOutputPage = z.infer<typeof trialOutputPage>;
