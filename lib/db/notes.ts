import "server-only";
import { sql, type RawBuilder } from "kysely";
import { isPostgres, writeTransaction } from "./client";
import { jsonText } from "./columns";

/** A note and tags to store; an absent field keeps its value. Tags arrive normalised (lib/schemas/notes.ts). */
export interface NotesChange {
  note?: string;
  tags?: string[];
}

function columns(change: NotesChange): { note?: string; tags?: string } {
  return { ...(change.note === undefined ? {} : { note: change.note }), ...(change.tags === undefined ? {} : { tags: jsonText(change.tags) }) };
}

/** Answers false when the experiment does not exist. An empty change still touches updatedAt: it found the row. */
export function writeExperimentNotes(id: number, change: NotesChange, nowIso: string): Promise<boolean> {
  return writeTransaction(async (tx) => {
    const result = await tx.updateTable("Experiment").set({ ...columns(change), updatedAt: nowIso }).where("id", "=", id).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  });
}

/** Answers false when the trial does not exist. */
export function writeTrialNotes(id: number, change: NotesChange): Promise<boolean> {
  const set = columns(change);
  return writeTransaction(async (tx) => {
    // Nothing to change: still say whether the trial exists (an UPDATE needs at least one column).
    if (set.note === undefined && set.tags === undefined) return (await tx.selectFrom("Trial").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
    const result = await tx.updateTable("Trial").set(set).where("id", "=", id).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  });
}

/**
 * `column` (a tags column: JSON text of an array of strings) holds every one of `tags`. PostgreSQL reads the text
 * as jsonb and asks for containment; SQLite looks each tag up in json_each. Tags are parameters, never SQL text.
 */
export function hasAllTags(column: string, tags: readonly string[]): RawBuilder<boolean> {
  if (isPostgres()) return sql<boolean>`CAST(${sql.ref(column)} AS jsonb) @> CAST(${jsonText(tags)} AS jsonb)`;
  const each = tags.map((tag) => sql`EXISTS (SELECT 1 FROM json_each(${sql.ref(column)}) WHERE value = ${tag})`);
  return sql<boolean>`(${sql.join(each, sql` AND `)})`;
}
