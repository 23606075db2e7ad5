import "server-only";
import type { Selectable } from "kysely";
import type { TrialOutputLine, TrialRun } from "@/lib/generated/kysely/types";
import { linesToDrop, MAX_OUTPUT_BYTES, type OutputStream } from "@/lib/shared/trial-output";
import { db, isPostgres, writeTransaction, type Tx } from "./client";
import { jsonText, storedIso } from "./columns";

// How a trial's command ran and what it printed. The TrialRun row holds the command and the output's
// bookkeeping (last batch, next seq, bytes kept and dropped); lines are kept within MAX_OUTPUT_BYTES per
// trial, the oldest deleted first when a batch brings more.

export type TrialRunRow = Selectable<TrialRun>;
export type OutputLineRow = Omit<Selectable<TrialOutputLine>, "trialId" | "bytes">;

export interface NewTrialCommand {
  argv: readonly string[];
  cwd: string;
  host: string;
  worker: string | null;
  startedAt: string;
}

export interface NewOutputLine {
  stream: OutputStream;
  text: string;
  bytes: number;
  at: string;
}

/** Stores (or replaces, for an agent that sends it again) the command a trial runs. */
export async function saveTrialCommand(trialId: number, command: NewTrialCommand): Promise<void> {
  const values = { argv: jsonText(command.argv), cwd: command.cwd, host: command.host, worker: command.worker, startedAt: command.startedAt };
  await writeTransaction((tx) =>
    tx
      .insertInto("TrialRun")
      .values({ trialId, ...values })
      .onConflict((oc) => oc.column("trialId").doUpdateSet(values))
      .execute(),
  );
}

async function lockRun(tx: Tx, trialId: number): Promise<TrialRunRow> {
  await tx.insertInto("TrialRun").values({ trialId }).onConflict((oc) => oc.column("trialId").doNothing()).execute();
  // SQLite's write transaction holds the database's lock already; PostgreSQL locks the row.
  const query = tx.selectFrom("TrialRun").selectAll().where("trialId", "=", trialId);
  return (isPostgres() ? query.forUpdate() : query).executeTakeFirstOrThrow();
}

const DROP_WINDOW = 500;

/**
 * Appends one numbered batch of lines. A batch numbered at or below the last stored one is a repeat and
 * stores nothing (`duplicate`). Then the oldest lines go until the kept ones fit the bound.
 */
export function appendTrialOutput(trialId: number, batch: number, lines: readonly NewOutputLine[], max = MAX_OUTPUT_BYTES): Promise<{ duplicate: boolean; stored: number; run: TrialRunRow }> {
  return writeTransaction(async (tx) => {
    const run = await lockRun(tx, trialId);
    if (batch <= run.lastBatch) return { duplicate: true, stored: 0, run };
    if (lines.length > 0) {
      await tx
        .insertInto("TrialOutputLine")
        .values(lines.map((l, i) => ({ trialId, seq: run.nextSeq + i, stream: l.stream, text: l.text, bytes: l.bytes, at: l.at })))
        .execute();
    }
    let keptBytes = run.keptBytes + lines.reduce((sum, l) => sum + l.bytes, 0);
    let droppedLines = run.droppedLines;
    let droppedBytes = run.droppedBytes;
    while (keptBytes > max) {
      const oldest = await tx.selectFrom("TrialOutputLine").select(["seq", "bytes"]).where("trialId", "=", trialId).orderBy("seq").limit(DROP_WINDOW).execute();
      const drop = linesToDrop(oldest.map((o) => o.bytes), keptBytes, max);
      if (drop.lines === 0) break;
      await tx.deleteFrom("TrialOutputLine").where("trialId", "=", trialId).where("seq", "<=", oldest[drop.lines - 1]!.seq).execute();
      keptBytes -= drop.bytes;
      droppedLines += drop.lines;
      droppedBytes += drop.bytes;
    }
    const updated = await tx
      .updateTable("TrialRun")
      .set({ lastBatch: batch, nextSeq: run.nextSeq + lines.length, keptBytes, droppedLines, droppedBytes })
      .where("trialId", "=", trialId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { duplicate: false, stored: lines.length, run: updated };
  });
}

export function findTrialRun(trialId: number): Promise<TrialRunRow | undefined> {
  return db().selectFrom("TrialRun").selectAll().where("trialId", "=", trialId).executeTakeFirst();
}

/** The kept lines after `afterSeq` (all when absent), oldest first, at most `limit`. */
export async function readTrialOutput(trialId: number, afterSeq: number | undefined, limit: number): Promise<OutputLineRow[]> {
  let query = db().selectFrom("TrialOutputLine").select(["seq", "stream", "text", "at"]).where("trialId", "=", trialId);
  if (afterSeq !== undefined) query = query.where("seq", ">", afterSeq);
  const rows = await query.orderBy("seq").limit(limit).execute();
  return rows.map((r) => ({ ...r, at: storedIso(r.at) }));
}
