import "server-only";
import { sql, type Kysely } from "kysely";
import type { DB } from "@/lib/generated/kysely/types";
import type { TrialRecord } from "@/lib/optimizer";
import { db, isPostgres, writeTransaction } from "./client";
import { jsonList, jsonText, parseAttrs, parseConstraints, parseValues, storedTime, timeParam, type TrialRow } from "./columns";

export type { TrialRow };

// Every report, heartbeat and tell reads its trial by id: one indexed row, a statement prepared once.
export function findTrial(id: number): Promise<TrialRow | undefined> {
  return db().selectFrom("Trial").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findTrialByNumber(experimentId: number, number: number): Promise<TrialRow | undefined> {
  return db().selectFrom("Trial").selectAll().where("experimentId", "=", experimentId).where("number", "=", number).executeTakeFirst();
}

export function listTrialRows(experimentId: number, opts: { take?: number; afterNumber?: number; states?: string[]; order?: "asc" | "desc" } = {}): Promise<TrialRow[]> {
  const order = opts.order ?? "asc";
  let query = db().selectFrom("Trial").selectAll().where("experimentId", "=", experimentId);
  if (opts.states?.length) query = query.where("state", "in", jsonList(opts.states));
  if (opts.afterNumber !== undefined) query = query.where("number", order === "desc" ? "<" : ">", opts.afterNumber);
  query = query.orderBy("number", order);
  return (opts.take === undefined ? query : query.limit(opts.take)).execute();
}

/**
 * Running trials that look stale: silent for longer than their experiment's grace period, counted from the
 * later of their last sign of life and `upSinceIso` (when this server came up). A scan only: the trial
 * core's isStale decides again inside each trial's transaction. `lastSeen` is stored DateTime text.
 */
export function findStaleTrials(nowIso: string, upSinceIso: string, experimentId?: number): Promise<Array<{ id: number; experimentId: number; lastSeen: string }>> {
  let query = db()
    .selectFrom("Trial as t")
    .innerJoin("Experiment as e", "e.id", "t.experimentId")
    .select((eb) => ["t.id", "t.experimentId", eb.fn.coalesce("t.heartbeatAt", "t.startedAt", "t.createdAt").as("lastSeen")])
    .where("t.state", "=", "running")
    .where(isPostgres() ? silentForPg(nowIso, upSinceIso) : silentForSqlite(nowIso, upSinceIso));
  if (experimentId !== undefined) query = query.where("t.experimentId", "=", experimentId);
  return query.execute();
}

// julianday() reads every spelling a DateTime is stored in (see columns.ts storedDate).
const silentForSqlite = (nowIso: string, upSinceIso: string) =>
  sql<boolean>`julianday(${nowIso}) - MAX(julianday(COALESCE(t.heartbeatAt, t.startedAt, t.createdAt)), julianday(${upSinceIso})) > e.heartbeatGraceSec / 86400.0`;
const silentForPg = (nowIso: string, upSinceIso: string) =>
  sql<boolean>`CAST(${nowIso} AS timestamp) - GREATEST(COALESCE(t."heartbeatAt", t."startedAt", t."createdAt"), CAST(${upSinceIso} AS timestamp)) > e."heartbeatGraceSec" * INTERVAL '1 second'`;

/** Ids of an experiment's trials in the given states, from the (experimentId, state, number) index. */
export async function readTrialIdsInStates(experimentId: number, states: string[]): Promise<number[]> {
  const rows = await db().selectFrom("Trial").select("id").where("experimentId", "=", experimentId).where("state", "in", jsonList(states)).execute();
  return rows.map((r) => r.id);
}

/** How many trials of the sweep are in one of `states` (an index range count: no rows travel). */
export async function countTrialsInStates(experimentId: number, states: string[]): Promise<number> {
  const row = await db().selectFrom("Trial").select((eb) => eb.fn.countAll<number>().as("n")).where("experimentId", "=", experimentId).where("state", "in", jsonList(states)).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What the pruner needs of each trial, by number. */
export function readTrialMeta(ids: number[]): Promise<Array<Pick<TrialRow, "id" | "number" | "state" | "values" | "systemAttrs" | "params" | "paramsInternal">>> {
  if (ids.length === 0) return Promise.resolve([]);
  return db().selectFrom("Trial").select(["id", "number", "state", "values", "systemAttrs", "params", "paramsInternal"]).where("id", "in", jsonList(ids)).orderBy("number").execute();
}

/** A row of the dashboard's trials table; dates are stored DateTime text. */
export type TrialColumnRow = Pick<TrialRow, "id" | "number" | "state" | "value" | "params" | "startedAt" | "completedAt" | "error" | "violation" | "lastStep" | "lastValue" | "values" | "tags">;

/**
 * The dashboard's view of an experiment's trials: all of them, or, with `since`, those created or
 * finished after it plus every unfinished one (their state can change at any time).
 */
export function readTrialColumnRows(experimentId: number, since?: string): Promise<TrialColumnRow[]> {
  let query = db()
    .selectFrom("Trial as t")
    .select(["t.id", "t.number", "t.state", "t.value", "t.params", "t.startedAt", "t.completedAt", "t.error", "t.violation", "t.lastStep", "t.lastValue", "t.values", "t.tags"])
    .where("t.experimentId", "=", experimentId);
  if (since) {
    query = query.where((eb) =>
      eb.or([eb("t.state", "in", ["running", "waiting"]), eb(storedTime("t.createdAt"), ">=", timeParam(since)), eb(storedTime("t.completedAt"), ">=", timeParam(since))]),
    );
  }
  return query.orderBy("t.number").execute();
}

/** How many trials of an experiment are complete: cheap, from the (experimentId, state, number) index. */
export async function countCompleteTrials(experimentId: number): Promise<number> {
  const row = await db().selectFrom("Trial").select((eb) => eb.fn.countAll<number>().as("n")).where("experimentId", "=", experimentId).where("state", "=", "complete").executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Every complete trial of an experiment with only what ranking by objectives reads (number, values,
 * constraints): a narrow read for the Pareto front and for the model history's "best" of several objectives.
 */
export async function readScoredTrials(experimentId: number, exec: Kysely<DB> = db()): Promise<TrialRecord[]> {
  const rows = await exec.selectFrom("Trial").select(["number", "values", "constraints"]).where("experimentId", "=", experimentId).where("state", "=", "complete").execute();
  return rows.map((r) => ({ number: r.number, state: "complete", params: {}, internal: {}, values: parseValues(r.values), intermediate: [], systemAttrs: {}, constraints: parseConstraints(r.constraints) }));
}

/**
 * Keeps a pruner's decision to stop a running trial in its systemAttrs (`prune`), for the trial's page:
 * read-modify-write of the attributes in one transaction, and only while the trial still runs.
 */
export function recordPruneVerdict(trialId: number, verdict: Record<string, unknown>): Promise<void> {
  return writeTransaction(async (tx) => {
    const row = await tx.selectFrom("Trial").select(["systemAttrs"]).where("id", "=", trialId).where("state", "=", "running").executeTakeFirst();
    if (!row) return;
    await tx.updateTable("Trial").set({ systemAttrs: jsonText({ ...parseAttrs(row.systemAttrs), prune: verdict }) }).where("id", "=", trialId).execute();
  });
}
