import { z } from "zod";

// Workers (`sweepboard worker`) and launches: the request and answer shapes of /api/v1/workers and
// /api/v1/experiments/{id}/launch, shared by the route handlers, the OpenAPI document and the worker CLI.

/** The most slots one worker may offer. */
export const MAX_WORKER_SLOTS = 256;

const label = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\u0000-\u001f\u007f]*$/, `must not contain control characters (${what})`);

export const registerWorkerBody = z.strictObject({
  name: label("the worker's name", 200),
  host: label("the machine's host name", 255),
  slots: z.int().min(1).max(MAX_WORKER_SLOTS),
  /** The GPU ids each slot gets, one entry per slot ("" for a slot without a GPU); absent: none. */
  gpus: z.array(z.string().max(200).regex(/^[0-9A-Za-z,:_-]*$/, "must be GPU ids separated by commas (as CUDA_VISIBLE_DEVICES takes them)")).max(MAX_WORKER_SLOTS).optional(),
  version: z.string().max(200).optional(),
}).refine((b) => b.gpus === undefined || b.gpus.length === b.slots, { message: "must have one entry per slot", path: ["gpus"] });
export type RegisterWorkerBody = z.infer<typeof registerWorkerBody>;

/** How a slot's run ended, as the worker tells it. */
export const endedSlotSchema = z.strictObject({
  assignment: z.int().positive(),
  /** The agent's exit status for this slot (0: the sweep had no more trials for it). */
  exitCode: z.int().min(0).max(255).optional(),
  /** The agent's last line (its summary, or why it stopped). */
  summary: z.string().max(2_000).optional(),
});

export const workerHeartbeatBody = z.strictObject({
  /** Slots whose runs have ended since the last beat: their assignments end ("done"). */
  ended: z.array(endedSlotSchema).max(MAX_WORKER_SLOTS * 4).default([]),
});
export type WorkerHeartbeatBody = z.infer<typeof workerHeartbeatBody>;

export const assignmentSchema = z.object({
  id: z.number(),
  slot: z.number(),
  experimentId: z.number(),
  experimentName: z.string(),
  /** The GPU ids of the slot ("" when none). */
  gpus: z.string(),
  createdAt: z.string(),
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const workerSchema = z.object({
  id: z.number(),
  name: z.string(),
  host: z.string(),
  slots: z.number(),
  gpus: z.array(z.string()),
  version: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  stoppedAt: z.string().nullable(),
  /** online: beating; offline: no beat for longer than the server waits; stopped: said goodbye. */
  status: z.enum(["online", "offline", "stopped"]),
  /** The slots running a sweep now. */
  assignments: z.array(assignmentSchema),
});
export type WorkerInfo = z.infer<typeof workerSchema>;

export const registerWorkerResponse = z.object({
  worker: workerSchema,
  /** Beat this often: the server counts a worker lost after a few missed beats. */
  heartbeatSec: z.number(),
});

export const workerHeartbeatResponse = z.object({
  /** The slots' work now: start what is new, stop what is gone (taken back). */
  assignments: z.array(assignmentSchema),
  heartbeatSec: z.number(),
});

export const launchBody = z.strictObject({
  /** How many free slots to give the sweep, across the online workers. */
  slots: z.int().min(1).max(10_000),
  /** Only this worker's slots. */
  worker: z.int().positive().optional(),
});
export type LaunchBody = z.infer<typeof launchBody>;

export const launchedSlotSchema = assignmentSchema.extend({ workerId: z.number(), workerName: z.string(), host: z.string(), online: z.boolean() });
export type LaunchedSlot = z.infer<typeof launchedSlotSchema>;

export const launchResponse = z.object({
  /** The slots this launch gave the sweep (fewer than asked when fewer were free). */
  launched: z.array(launchedSlotSchema),
  requested: z.number(),
  /** Every slot the sweep holds now, this launch's included. */
  slots: z.array(launchedSlotSchema),
});

export const launchStateResponse = z.object({ slots: z.array(launchedSlotSchema) });
export const recallResponse = z.object({ recalled: z.number() });
