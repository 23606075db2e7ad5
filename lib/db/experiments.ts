import "server-only";
import { sql, type Updateable } from "kysely";
import type { Experiment } from "@/lib/generated/kysely/types";
import { db, isPostgres, writeTransaction } from "./client";
import { jsonList, jsonText, type ExperimentRow } from "./columns";
import { hasAllTags } from "./notes";
import { lockExperiment } from "./trial-core";

export type { ExperimentRow };

export interface NewExperiment {
  name: string;
  description: string;
  spaceSource: string;
  spaceFormat: string;
  space: unknown;
  sampler: string;
  samplerConfig: unknown;
  pruner: string;
  prunerConfig: unknown;
  objectives: unknown;
  constraints: string[];
  maxTrials: number | null;
  maxParallel: number | null;
  seed: number;
  maxRetries: number;
  retryOn: string;
  heartbeatGraceSec: number;
  /** The command template, or null. */
  command?: string[] | null;
}

/**
 * Stores a new experiment. JSON columns are written as JSON text (jsonText): an own "__proto__" key, which a
 * parameter may be named, survives as an ordinary key.
 */
export function insertExperiment(data: NewExperiment, nowIso: string): Promise<ExperimentRow> {
  const json = { space: jsonText(data.space), samplerConfig: jsonText(data.samplerConfig), prunerConfig: jsonText(data.prunerConfig), objectives: jsonText(data.objectives), constraints: jsonText(data.constraints), command: data.command ? jsonText(data.command) : null };
  return writeTransaction((tx) =>
    tx
      .insertInto("Experiment")
      .values({ ...data, ...json, createdAt: nowIso, updatedAt: nowIso })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

/** Every ask, report and tell reads its experiment. */
export function findExperiment(id: number): Promise<ExperimentRow | undefined> {
  return db().selectFrom("Experiment").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The columns a user's action may change (status, budget); updatedAt comes along. */
export type ExperimentChange = Pick<Updateable<Experiment>, "status" | "maxTrials" | "completedAt">;

/**
 * A read-decide-write change of an experiment (pause, finish, extend the budget): `decide` sees the row as it
 * is under the experiment's lock (the one asks and tells take, see trial-core.ts loadEventTarget) and answers
 * the change, or throws to refuse it. Answers false when the experiment does not exist. Two extensions at
 * once, in one process or two, both count; a pause cannot interleave with an ask's decision.
 */
export function changeExperiment(id: number, nowIso: string, decide: (row: ExperimentRow) => ExperimentChange): Promise<boolean> {
  return writeTransaction(async (tx) => {
    const row = await lockExperiment(tx, id);
    if (!row) return false;
    await tx.updateTable("Experiment").set({ ...decide(row), updatedAt: nowIso }).where("id", "=", id).execute();
    return true;
  });
}

export interface ExperimentStats {
  experimentId: number;
  done: number;
  running: number;
  waiting: number;
  minValue: number | null;
  maxValue: number | null;
  /** The complete trial holding minValue / maxValue (the lowest number among ties). */
  minTrialNumber: number | null;
  maxTrialNumber: number | null;
  /** Stored DateTime text (see columns.ts storedIso). */
  lastTrialAt: string | null;
}

/** Trial counts and extreme objective values per experiment, in one pass over the Trial index. */
export async function experimentStats(ids: number[]): Promise<Map<number, ExperimentStats>> {
  const out = new Map<number, ExperimentStats>();
  if (ids.length === 0) return out;
  const rows = await db()
    .selectFrom("Trial")
    .select((eb) => {
      // The best counts feasible trials only (violation 0, or null in a sweep without constraints).
      const feasibleComplete = eb.and([eb("state", "=", "complete"), eb.or([eb("violation", "is", null), eb("violation", "=", 0)])]);
      return [
        "experimentId",
        eb.fn.countAll<number>().filterWhere("state", "in", ["complete", "pruned", "failed"]).as("done"),
        eb.fn.countAll<number>().filterWhere("state", "=", "running").as("running"),
        eb.fn.countAll<number>().filterWhere("state", "=", "waiting").as("waiting"),
        eb.fn.min<number | null>("value").filterWhere(feasibleComplete).as("minValue"),
        eb.fn.max<number | null>("value").filterWhere(feasibleComplete).as("maxValue"),
        eb.fn.max<string | null>(eb.fn.coalesce("completedAt", "startedAt", "createdAt")).as("lastTrialAt"),
        // Each from the (experimentId, state, value) index: one row read per experiment and direction.
        ...(["asc", "desc"] as const).map((order) =>
          eb
            .selectFrom("Trial as b")
            .select("b.number")
            .whereRef("b.experimentId", "=", "Trial.experimentId")
            .where("b.state", "=", "complete")
            .where("b.value", "is not", null)
            .where((f) => f.or([f("b.violation", "is", null), f("b.violation", "=", 0)]))
            .orderBy("b.value", order)
            .orderBy("b.number")
            .limit(1)
            .as(order === "asc" ? "minTrialNumber" : "maxTrialNumber"),
        ),
      ];
    })
    .where("experimentId", "in", jsonList(ids))
    .groupBy("experimentId")
    .execute();
  for (const row of rows) out.set(row.experimentId, row);
  return out;
}

/** `text` as a LIKE pattern that matches it literally: `%`, `_` and the escape `\` lose their meaning. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Newest first. `search` is a literal substring of the name, case-insensitive (SQLite's LIKE, PostgreSQL's
 * ILIKE), with an ESCAPE clause (Kysely's `like` has none, and without it `?search=%` matched every sweep).
 * `tags`: only sweeps having every one of them.
 */
export function listExperimentRows(opts: { search?: string; includeArchived?: boolean; tags?: readonly string[]; take?: number }): Promise<ExperimentRow[]> {
  let query = db().selectFrom("Experiment").selectAll();
  if (opts.tags && opts.tags.length > 0) query = query.where(hasAllTags("Experiment.tags", opts.tags));
  if (opts.search) query = query.where(sql<boolean>`${sql.ref("name")} ${sql.raw(isPostgres() ? "ILIKE" : "LIKE")} ${`%${likeLiteral(opts.search)}%`} ESCAPE '\\'`);
  if (!opts.includeArchived) query = query.where("status", "<>", "archived");
  return query.orderBy("id", "desc").limit(opts.take ?? 500).execute();
}
