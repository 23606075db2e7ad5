import "server-only";
import { sql, type Kysely } from "kysely";
import type { DB } from "@/lib/generated/kysely/types";
import { constraintViolation, rankedTrials, type Direction, type FailureKind, type HistoryNeed, type InternalParams, type Operation, type Params, type SweepCounts, type SweepRules, type SweepSnapshot, type TrialFacts, type TrialRecord, type TrialState } from "@/lib/optimizer";
import { isPostgres } from "./client";
import { prepared } from "./prepared";
import { readScoredTrials } from "./trials";
import { constraintsText, jsonText, parseAttrs, parseConstraints, parseInternalParams, parseParams, parseValues, type ExperimentRow, type TrialRow } from "./columns";

// The database driver of the trial core (lib/optimizer/core): it reads what the core needs to decide and
// persists what it decided, inside the caller's writeTransaction. It decides nothing itself.

export type ExperimentRecord = ExperimentRow;
export type { TrialRow };

const experimentById = prepared((db, p: { id: number }) => db.selectFrom("Experiment").selectAll().where("id", "=", p.id));
const trialById = prepared((db, p: { id: number }) => db.selectFrom("Trial").selectAll().where("id", "=", p.id));
const touchTrial = prepared((db, p: { experimentId: number; number: number; now: string }) =>
  db.updateTable("Trial").where("experimentId", "=", p.experimentId).where("number", "=", p.number).set({ heartbeatAt: p.now }).returning("id"),
);

export async function readExperiment(tx: Kysely<DB>, id: number): Promise<ExperimentRecord | undefined> {
  return (await experimentById(tx, { id }))[0];
}

export async function readTrialById(tx: Kysely<DB>, id: number): Promise<TrialRow | undefined> {
  return (await trialById(tx, { id }))[0];
}

/**
 * What a step locks: its whole experiment (asks, tells, anything that may change the sweep's counts), or
 * only its trial, for a sign of life (report, heartbeat) of a trial that is running, which changes nothing
 * but that trial's heartbeat and points.
 */
export type LockScope = "experiment" | "trial";

export type EventTarget = { experiment: ExperimentRecord; row: TrialRow | undefined; locked: LockScope } | { missing: "trial" | "experiment"; id: number } | { escalate: true };

/**
 * Loads what an event is about for a read-decide-write step, and makes that step the only one of its
 * experiment in flight: on PostgreSQL it locks the experiment's row (FOR NO KEY UPDATE, so foreign-key checks
 * of other writers do not wait) until the transaction ends, in every process sharing the database, and reads
 * the trial again once it holds the lock, as another step may have changed it meanwhile. On SQLite the
 * caller's IMMEDIATE transaction already holds the database's only write lock. Trial numbers, the budget, the
 * parallel limit and a trial's state therefore move one step at a time, whoever decides.
 *
 * `scope: "trial"` (PostgreSQL): the experiment's row FOR SHARE (so signs of life of different trials run side
 * by side, while any experiment-wide step waits for them and they for it) and the trial's row FOR UPDATE. If the
 * trial is not running, the step may change the sweep's counts (a revival): `escalate`, and the caller runs it
 * again with the experiment's lock.
 */
export async function loadEventTarget(tx: Kysely<DB>, target: { experimentId: number } | { trialId: number }, scope: LockScope = "experiment"): Promise<EventTarget> {
  const first = "trialId" in target ? await readTrialById(tx, target.trialId) : undefined;
  if ("trialId" in target && !first) return { missing: "trial", id: target.trialId };
  const experimentId = first ? first.experimentId : (target as { experimentId: number }).experimentId;
  const query = tx.selectFrom("Experiment").selectAll().where("id", "=", experimentId);
  if (!isPostgres()) {
    const experiment = await readExperiment(tx, experimentId);
    return experiment ? { experiment, row: first, locked: "experiment" } : { missing: "experiment", id: experimentId };
  }
  const perTrial = scope === "trial" && first !== undefined;
  const experiment = await (perTrial ? query.forShare() : query.forNoKeyUpdate()).executeTakeFirst();
  if (!experiment) return { missing: "experiment", id: experimentId };
  if (!first) return { experiment, row: undefined, locked: "experiment" };
  const again = tx.selectFrom("Trial").selectAll().where("id", "=", first.id);
  const row = await (perTrial ? again.forUpdate() : again).executeTakeFirst();
  if (!row) return { missing: "trial", id: first.id };
  if (perTrial && row.state !== "running") return { escalate: true };
  return { experiment, row, locked: perTrial ? "trial" : "experiment" };
}

/**
 * Locks an experiment's row for a read-decide-write step outside the trial core (status changes, budget
 * extensions) and reads it: see loadEventTarget.
 */
export async function lockExperiment(tx: Kysely<DB>, id: number): Promise<ExperimentRecord | undefined> {
  const query = tx.selectFrom("Experiment").selectAll().where("id", "=", id);
  return (isPostgres() ? query.forNoKeyUpdate() : query).executeTakeFirst();
}

export async function readTrialByNumber(tx: Kysely<DB>, experimentId: number, number: number): Promise<TrialRow | undefined> {
  return tx.selectFrom("Trial").selectAll().where("experimentId", "=", experimentId).where("number", "=", number).executeTakeFirst();
}

/** The counts the core needs, from indexed queries: none of them scans every trial of a long sweep. */
const activeCounts = prepared((db, p: { id: number }) =>
  db
    .selectFrom("Trial")
    .select(["state", (eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.min("number").as("first")])
    .where("experimentId", "=", p.id)
    .where("state", "in", ["running", "waiting"])
    .groupBy("state"),
);
const pendingRetries = prepared((db, p: { id: number }) =>
  db
    .selectFrom("Trial")
    .select([(eb) => eb.fn.countAll<number>().as("n"), (eb) => eb.fn.min("number").as("first")])
    .where("experimentId", "=", p.id)
    .where("state", "=", "failed")
    .where("retryPending", "=", 1),
);
const retryCount = prepared((db, p: { id: number }) =>
  db
    .selectFrom("Trial")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("experimentId", "=", p.id)
    .where("retryOfId", "is not", null),
);

export async function readSnapshot(tx: Kysely<DB>, experiment: ExperimentRecord, rules: SweepRules): Promise<SweepSnapshot> {
  const id = experiment.id;
  const active = await activeCounts(tx, { id });
  const pending = (await pendingRetries(tx, { id }))[0] ?? { n: 0, first: null };
  const retries = (await retryCount(tx, { id }))[0] ?? { n: 0 };
  const running = active.find((r) => r.state === "running");
  const waiting = active.find((r) => r.state === "waiting");
  const counts: SweepCounts = {
    trials: experiment.trialCount,
    budgetUsed: experiment.trialCount - Number(retries.n),
    running: Number(running?.n ?? 0),
    waiting: Number(waiting?.n ?? 0) + Number(pending.n),
  };
  return { rules, counts, nextWaiting: waiting?.first ?? null, nextRetry: pending.n > 0 ? (pending.first ?? null) : null };
}

/** What the core needs to know about one trial: its retry chain and its retry. */
export async function readFacts(tx: Kysely<DB>, trial: TrialRow): Promise<TrialFacts> {
  // Only a retry has a retry depth, and only a failed trial can have a retry (retries are created when a
  // failed trial's turn comes): the common case, an original trial that runs, reads nothing more.
  const depth =
    trial.retryOfId === null
      ? 0
      : ((
          await sql<{ depth: number | null }>`
    WITH RECURSIVE chain(id, "retryOfId", depth) AS (
      SELECT id, "retryOfId", 0 FROM "Trial" WHERE id = ${trial.id}
      UNION ALL SELECT t.id, t."retryOfId", chain.depth + 1 FROM "Trial" t JOIN chain ON t.id = chain."retryOfId")
    SELECT MAX(depth) AS depth FROM chain`.execute(tx)
        ).rows[0]?.depth ?? 0);
  const retry =
    trial.state === "failed"
      ? await tx
          .selectFrom("Trial")
          .select(["number", "state"])
          .where("experimentId", "=", trial.experimentId)
          .where("retryOfId", "=", trial.id)
          // No ORDER BY: a trial has at most one retry (the core decides so), and ordering by number made
          // SQLite's planner walk the (experimentId, number) index over every trial of the sweep.
          .executeTakeFirst()
      : undefined;
  return {
    number: trial.number,
    state: trial.state as TrialState,
    retryDepth: depth,
    failureKind: (trial.failureKind as FailureKind | null) ?? null,
    retryPending: trial.retryPending === 1,
    retry: retry ? { number: retry.number, state: retry.state as TrialState } : null,
  };
}

/** The columns of a trial the sampler's model reads, with its original's number when it is a retry. */
function historyRows(tx: Kysely<DB>, experimentId: number) {
  return tx
    .selectFrom("Trial as t")
    .leftJoin("Trial as r", "r.id", "t.retryOfId")
    .select(["t.number", "t.state", "t.params", "t.paramsInternal", "t.values", "t.lastStep", "t.lastValue", "t.systemAttrs", "t.failureKind", "t.retryPending", "t.constraints", "r.number as retryOf"])
    .where("t.experimentId", "=", experimentId);
}

const wholeHistory = prepared((db, p: { experimentId: number }) => historyRows(db, p.experimentId).orderBy("t.number"));

/**
 * The trials a sampler's model reads (lib/optimizer/history.ts): none, all, or the bounded selection (best
 * complete by value, most recent finished, most recent running or waiting), each read from an index, so
 * an ask reads at most a few hundred rows whatever the sweep's size. Ordered by number.
 */
export async function readSamplerHistory(
  tx: Kysely<DB>,
  experimentId: number,
  need: HistoryNeed = { kind: "all" },
  directions: ReadonlyArray<Direction> = ["minimize"],
  constrained = false,
  /** The sweep's trial count (Experiment.trialCount), when known: a sweep no larger than every bound is read whole. */
  trialCount = Infinity,
): Promise<TrialRecord[]> {
  if (need.kind === "none") return [];
  const base = () => historyRows(tx, experimentId);
  // One query per state, each walking the (experimentId, state, number) index backwards: with
  // `state IN (...)` SQLite scans the sweep's whole (experimentId, number) index instead (200 ms at 100,000
  // trials with few running ones). The newest `limit` of each state, merged, give the newest overall.
  const newest = async (states: string[], limit: number) => {
    const lists = await Promise.all(states.map((state) => base().where("t.state", "=", state).orderBy("t.number", "desc").limit(limit).execute()));
    return lists.flat().sort((a, b) => b.number - a.number).slice(0, limit);
  };
  // The best complete trials in selectHistory's order (lib/optimizer/mo rankedTrials): feasible ones by value,
  // then infeasible ones by violation, ties to the lower number. One objective without constraints reads the
  // (experimentId, state, value) index; with constraints the order needs a sort of the complete trials; with
  // several objectives nondominated sorting is not SQL, so the engine ranks the complete trials' values (a
  // narrow read of each) and the chosen rows are read whole.
  const sign = directions[0] === "maximize" ? -1 : 1;
  const complete = () => base().where("t.state", "=", "complete").where("t.value", "is not", null);
  const best = async (limit: number) => {
    if (directions.length > 1) {
      const records = await readScoredTrials(experimentId, tx);
      const numbers = rankedTrials(records, directions, limit).slice(0, limit).map((t) => t.number);
      return numbers.length === 0 ? [] : complete().where("t.number", "in", numbers).execute();
    }
    if (!constrained) return complete().orderBy("t.value", sign < 0 ? "desc" : "asc").orderBy("t.number").limit(limit).execute();
    return complete()
      .orderBy(sql`CASE WHEN t.violation > 0 THEN 1 ELSE 0 END`)
      .orderBy(sql`CASE WHEN t.violation > 0 THEN t.violation ELSE 0 END`)
      .orderBy(sql`CASE WHEN t.violation > 0 THEN 0 ELSE ${sign} * t.value END`)
      .orderBy("t.number")
      .limit(limit)
      .execute();
  };
  // Each bound at least the sweep's size: every selection is then the whole of its states, so their union is
  // every trial, one query instead of six.
  const whole = need.kind === "all" || trialCount <= Math.min(need.best, need.recent, need.active);
  const parts =
    whole
      ? [await wholeHistory(tx, { experimentId })]
      : [
          await best(need.best),
          await newest(["complete", "pruned", "failed"], need.recent),
          await newest(["running", "waiting"], need.active),
        ];
  const rows = new Map<number, (typeof parts)[number][number]>();
  for (const part of parts) for (const r of part) rows.set(r.number, r);
  return [...rows.values()]
    .sort((a, b) => a.number - b.number)
    .map((r) => ({
      number: r.number,
      state: r.state as TrialState,
      params: parseParams(r.params),
      internal: parseInternalParams(r.paramsInternal),
      values: parseValues(r.values),
      // A finished trial's curve is summarised by its last report: all the samplers use of it (the ranking
      // of pruned trials, Hyperband's "auto" maximum step), and the ask stays one narrow read per trial.
      intermediate: r.lastStep !== null && r.lastValue !== null ? [[r.lastStep, r.lastValue] as const] : [],
      systemAttrs: parseAttrs(r.systemAttrs),
      retryOf: r.retryOf ?? null,
      failureKind: (r.failureKind as FailureKind | null) ?? null,
      retryPending: r.retryPending === 1,
      constraints: parseConstraints(r.constraints),
    }));
}

/** What an operation needs beyond the core's decision. */
export interface OperationData {
  nowIso: string;
  /** The first objective's metric: a finishing trial keeps its last report of it. */
  metric: string;
  workerId: string | null;
  /** Parameters of a sampled or queued trial. */
  trial?: { params: Params; internal: InternalParams; systemAttrs: Record<string, unknown> };
  /** Attributes the user sent with a result. */
  userAttrs?: Record<string, unknown>;
}

/** Persists one operation the core decided; answers the id of the trial it made or changed. */
export async function applyOperation(tx: Kysely<DB>, experimentId: number, op: Operation, data: OperationData): Promise<number | null> {
  const now = data.nowIso;
  const byNumber = (number: number) => tx.updateTable("Trial").where("experimentId", "=", experimentId).where("number", "=", number);
  switch (op.op) {
    case "start":
      return changed(await byNumber(op.number).where("state", "=", "waiting").set({ state: "running", startedAt: now, heartbeatAt: now, workerId: data.workerId }).returning("id").executeTakeFirst());
    case "sample":
    case "queue":
    case "rerun": {
      const original = "retryOf" in op && op.retryOf !== null ? await readTrialByNumber(tx, experimentId, op.retryOf) : undefined;
      if (original) await tx.updateTable("Trial").where("id", "=", original.id).set({ retryPending: 0 }).execute();
      const given = data.trial;
      const source = original ? { params: original.params, internal: original.paramsInternal, systemAttrs: original.systemAttrs } : given ? { params: jsonText(given.params), internal: jsonText(given.internal), systemAttrs: jsonText(given.systemAttrs) } : null;
      if (!source) throw new Error(`operation ${op.op} needs parameters`);
      const running = op.op !== "queue";
      const inserted = await tx
        .insertInto("Trial")
        .values({
          experimentId,
          number: op.number,
          params: source.params,
          paramsInternal: source.internal,
          state: running ? "running" : "waiting",
          userAttrs: "{}",
          systemAttrs: source.systemAttrs,
          workerId: running ? data.workerId : null,
          heartbeatAt: running ? now : null,
          createdAt: now,
          startedAt: running ? now : null,
          retryOfId: original?.id ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx.updateTable("Experiment").where("id", "=", experimentId).set((eb) => ({ trialCount: eb("trialCount", "+", 1), updatedAt: now })).execute();
      return inserted.id;
    }
    case "finish": {
      const q = byNumber(op.number).where("state", "=", op.from);
      if (op.state === "complete") {
        const row = await readTrialByNumber(tx, experimentId, op.number);
        const last = row ? await readLastReport(tx, row.id, data.metric) : undefined;
        const constraints = op.constraints ? { constraints: constraintsText(op.constraints), violation: constraintViolation({ constraints: op.constraints }) } : {};
        const set = { state: "complete", values: jsonText(op.values), value: op.values[0] ?? null, ...constraints, completedAt: now, error: null, failureKind: null, retryPending: 0, lastStep: last?.step ?? null, lastValue: last?.value ?? null, ...(data.userAttrs ? { userAttrs: jsonText(data.userAttrs) } : {}) };
        return changed(await q.set(set).returning("id").executeTakeFirst());
      }
      if (op.state === "pruned") return changed(await q.set({ state: "pruned", completedAt: now, value: op.last?.value ?? null, lastStep: op.last?.step ?? null, lastValue: op.last?.value ?? null }).returning("id").executeTakeFirst());
      return changed(await q.set({ state: "failed", completedAt: now, error: storableText(op.failure.message.slice(0, 10_000)), failureKind: op.failure.kind, retryPending: op.retry ? 1 : 0 }).returning("id").executeTakeFirst());
    }
    case "revive":
      return changed(await byNumber(op.number).where("state", "=", "failed").set({ state: "running", completedAt: null, error: null, failureKind: null, retryPending: 0, heartbeatAt: now }).returning("id").executeTakeFirst());
    case "touch":
      return changed((await touchTrial(tx, { experimentId, number: op.number, now }))[0]);
    case "completeSweep":
      await tx.updateTable("Experiment").where("id", "=", experimentId).where("status", "=", "running").set({ status: "completed", completedAt: now, updatedAt: now }).execute();
      return null;
  }
}

/**
 * A failure message is a program's output (the tail of its stderr): a NUL byte in it, which PostgreSQL's TEXT
 * cannot hold, becomes U+FFFD on both databases rather than losing the failure.
 */
const storableText = (text: string): string => (text.includes("\u0000") ? text.replaceAll("\u0000", "\uFFFD") : text);

function changed(row: { id: number } | undefined): number {
  // Inside the IMMEDIATE transaction (SQLite) or under the experiment's or the trial's lock (PostgreSQL,
  // loadEventTarget) nothing else can have moved the row: a miss is a bug, not a race.
  if (!row) throw new Error("the trial core's operation matched no row");
  return row.id;
}

/** The last reported value of `metric` and its step: where a trial stopped. */
export async function readLastReport(tx: Kysely<DB>, trialId: number, metric: string): Promise<{ step: number; value: number } | undefined> {
  return tx.selectFrom("MetricPoint").select(["step", "value"]).where("trialId", "=", trialId).where("name", "=", metric).orderBy("step", "desc").limit(1).executeTakeFirst();
}
