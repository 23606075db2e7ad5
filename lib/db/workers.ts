import "server-only";
import type { Selectable } from "kysely";
import type { Worker, WorkerAssignment } from "@/lib/generated/kysely/types";
import { db, isPostgres, writeTransaction, type Tx } from "./client";
import { jsonText } from "./columns";
import { lockExperiment, type ExperimentRecord } from "./trial-core";

// Workers and the slots launches give them. A worker's row is its registration and its last beat; an
// assignment is one slot given to one sweep, active until endedAt is set. The few rows a team has are read
// whole: deciding which slots are free is lib/server's (worker-slots.ts), inside these transactions.

export type WorkerRow = Selectable<Worker>;
export type AssignmentRow = Selectable<WorkerAssignment>;
/** An active assignment with its sweep's name. */
export type AssignmentWithName = AssignmentRow & { experimentName: string };

export interface NewWorker {
  name: string;
  host: string;
  slots: number;
  gpus: string[];
  version: string;
  tokenId: number | null;
}

export function insertWorker(data: NewWorker, nowIso: string): Promise<WorkerRow> {
  return writeTransaction((tx) =>
    tx
      .insertInto("Worker")
      .values({ ...data, gpus: jsonText(data.gpus), createdAt: nowIso, lastSeenAt: nowIso })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

export function findWorker(id: number): Promise<WorkerRow | undefined> {
  return db().selectFrom("Worker").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Every worker that has not said goodbye, and those that did since `stoppedSinceIso` (the Workers page shows them a while). */
export function readWorkers(stoppedSinceIso: string): Promise<WorkerRow[]> {
  return db()
    .selectFrom("Worker")
    .selectAll()
    .where((eb) => eb.or([eb("stoppedAt", "is", null), eb("stoppedAt", ">=", stoppedSinceIso)]))
    .orderBy("id")
    .execute();
}

function activeAssignments(q: Tx, where: { workerIds?: number[]; experimentId?: number }): Promise<AssignmentWithName[]> {
  let query = q
    .selectFrom("WorkerAssignment as a")
    .innerJoin("Experiment as e", "e.id", "a.experimentId")
    .selectAll("a")
    .select("e.name as experimentName")
    .where("a.endedAt", "is", null);
  if (where.workerIds !== undefined) query = where.workerIds.length === 0 ? query.where("a.workerId", "=", -1) : query.where("a.workerId", "in", where.workerIds);
  if (where.experimentId !== undefined) query = query.where("a.experimentId", "=", where.experimentId);
  return query.orderBy("a.workerId").orderBy("a.slot").execute();
}

/** The active assignments of these workers (every worker's when absent). */
export function readActiveAssignments(where: { workerIds?: number[]; experimentId?: number } = {}): Promise<AssignmentWithName[]> {
  return activeAssignments(db(), where);
}

/**
 * A beat: the worker is seen now, the assignments it reports ended are ended ("done", only its own and only
 * active ones), and its active assignments are answered. Undefined when the worker does not exist.
 */
export function beatWorker(id: number, endedIds: number[], nowIso: string): Promise<{ worker: WorkerRow; assignments: AssignmentWithName[] } | undefined> {
  return writeTransaction(async (tx) => {
    const worker = await tx.updateTable("Worker").set({ lastSeenAt: nowIso }).where("id", "=", id).returningAll().executeTakeFirst();
    if (!worker) return undefined;
    if (endedIds.length > 0) {
      await tx
        .updateTable("WorkerAssignment")
        .set({ endedAt: nowIso, endReason: "done" })
        .where("workerId", "=", id)
        .where("id", "in", endedIds)
        .where("endedAt", "is", null)
        .execute();
    }
    return { worker, assignments: await activeAssignments(tx, { workerIds: [id] }) };
  });
}

/** The worker said goodbye: it is stopped and its slots' assignments end. False when it does not exist. */
export function stopWorker(id: number, nowIso: string): Promise<boolean> {
  return writeTransaction(async (tx) => {
    const row = await tx.updateTable("Worker").set({ stoppedAt: nowIso, lastSeenAt: nowIso }).where("id", "=", id).returning("id").executeTakeFirst();
    if (!row) return false;
    await tx.updateTable("WorkerAssignment").set({ endedAt: nowIso, endReason: "worker_stopped" }).where("workerId", "=", id).where("endedAt", "is", null).execute();
    return true;
  });
}

/** Ends a sweep's active assignments (taken back); answers how many. */
export function recallAssignments(experimentId: number, nowIso: string): Promise<number> {
  return writeTransaction(async (tx) => {
    const rows = await tx
      .updateTable("WorkerAssignment")
      .set({ endedAt: nowIso, endReason: "recalled" })
      .where("experimentId", "=", experimentId)
      .where("endedAt", "is", null)
      .returning("id")
      .execute();
    return rows.length;
  });
}

export interface SlotPick {
  workerId: number;
  slot: number;
}

/**
 * A launch, decided under locks: the sweep's row (a pause cannot interleave) and every registered worker's
 * (two launches at once cannot pick the same free slot; SQLite's write lock does both). `decide` sees the sweep,
 * the workers and their active assignments, and answers the slots to give or throws to refuse. Undefined when
 * the sweep does not exist.
 */
export function launchOnWorkers(
  experimentId: number,
  nowIso: string,
  decide: (experiment: ExperimentRecord, workers: WorkerRow[], active: AssignmentWithName[]) => SlotPick[],
): Promise<number[] | undefined> {
  return writeTransaction(async (tx) => {
    const experiment = await lockExperiment(tx, experimentId);
    if (!experiment) return undefined;
    const query = tx.selectFrom("Worker").selectAll().where("stoppedAt", "is", null).orderBy("id");
    const workers = await (isPostgres() ? query.forUpdate() : query).execute();
    const active = await activeAssignments(tx, { workerIds: workers.map((w) => w.id) });
    const picks = decide(experiment, workers, active);
    if (picks.length === 0) return [];
    const rows = await tx
      .insertInto("WorkerAssignment")
      .values(picks.map((p) => ({ workerId: p.workerId, slot: p.slot, experimentId, createdAt: nowIso })))
      .returning("id")
      .execute();
    return rows.map((r) => r.id);
  });
}
