import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { prisma, rawDb, statement } from "./client";
import { trialFromRaw } from "./rows";
import { withWriteLock } from "./write-lock";

export type TrialRow = NonNullable<Awaited<ReturnType<typeof findTrial>>>;

// The hot paths (every report, heartbeat and tell) read trials with a raw prepared statement: a Prisma
// findUnique costs ~0.4 ms of CPU here against ~5 us, and a trial sees a dozen requests.
export async function findTrial(id: number) {
  const row = statement("SELECT * FROM Trial WHERE id = ?").get(id) as Record<string, unknown> | undefined;
  return row ? trialFromRaw(row) : null;
}

export async function findTrialByNumber(experimentId: number, number: number) {
  const row = statement("SELECT * FROM Trial WHERE experimentId = ? AND number = ?").get(experimentId, number) as Record<string, unknown> | undefined;
  return row ? trialFromRaw(row) : null;
}

export function listTrialRows(experimentId: number, opts: { take?: number; afterNumber?: number; states?: string[]; order?: "asc" | "desc" } = {}) {
  const where: Prisma.TrialWhereInput = { experimentId };
  if (opts.states?.length) where.state = { in: opts.states };
  if (opts.afterNumber !== undefined) where.number = opts.order === "desc" ? { lt: opts.afterNumber } : { gt: opts.afterNumber };
  return prisma().trial.findMany({ where, orderBy: { number: opts.order ?? "asc" }, take: opts.take });
}

/** What the engine needs of every trial of an experiment, read in one query. */
export interface TrialEngineRow {
  id: number;
  number: number;
  state: string;
  params: string;
  paramsInternal: string;
  values: string | null;
  systemAttrs: string;
  retryOfId: number | null;
  lastStep: number | null;
  lastValue: number | null;
}

const engineRowsSql = `
  SELECT t.id, t.number, t.state, t.params, t.paramsInternal, t."values", t.systemAttrs, t.retryOfId,
         m.step AS lastStep, m.value AS lastValue
    FROM Trial t
    LEFT JOIN MetricPoint m
      ON t.state = 'pruned' AND m.trialId = t.id AND m.name = @metric
     AND m.step = (SELECT MAX(step) FROM MetricPoint WHERE trialId = t.id AND name = @metric)
   WHERE t.experimentId = @experimentId
   ORDER BY t.number`;

export function readTrialEngineRows(experimentId: number, metric: string): TrialEngineRow[] {
  return statement(engineRowsSql).all({ experimentId, metric }) as TrialEngineRow[];
}

export interface NewTrialRow {
  params: unknown;
  paramsInternal: unknown;
  state: "running" | "waiting";
  systemAttrs: unknown;
  workerId: string | null;
  retryOfId: number | null;
}

export interface AskSnapshot {
  experiment: { id: number; trialCount: number };
  rows: TrialEngineRow[];
}

/**
 * Creates the next trial atomically: reads the experiment's trials and inserts the new one (or starts
 * a waiting one) in one IMMEDIATE transaction, so concurrent askers in any process get dense, unique
 * numbers and each sees the others' running trials. `decide` is pure and synchronous (the engine).
 */
export function askTransaction<T>(
  experimentId: number,
  metric: string,
  decide: (snapshot: AskSnapshot) => { start: { trialId: number } | { create: NewTrialRow }; result: T },
  nowIso: string,
): Promise<{ trialId: number; result: T }> {
  return withWriteLock(() => {
    const db = rawDb();
    const run = db.transaction(() => {
      const experiment = statement("SELECT id, trialCount FROM Experiment WHERE id = ?").get(experimentId) as AskSnapshot["experiment"] | undefined;
      if (!experiment) throw new Error(`experiment ${experimentId} vanished during ask`);
      const rows = readTrialEngineRows(experimentId, metric);
      const { start, result } = decide({ experiment, rows });
      if ("trialId" in start) {
        statement("UPDATE Trial SET state = 'running', startedAt = ?, heartbeatAt = ?, workerId = ? WHERE id = ? AND state = 'waiting'")
          .run(nowIso, nowIso, null, start.trialId);
        return { trialId: start.trialId, result };
      }
      const t = start.create;
      const info = db
        .prepare(
          `INSERT INTO Trial (experimentId, number, params, paramsInternal, state, userAttrs, systemAttrs, workerId,
                              heartbeatAt, createdAt, startedAt, retryOfId)
           VALUES (?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          experimentId,
          experiment.trialCount,
          JSON.stringify(t.params),
          JSON.stringify(t.paramsInternal),
          t.state,
          JSON.stringify(t.systemAttrs),
          t.workerId,
          t.state === "running" ? nowIso : null,
          nowIso,
          t.state === "running" ? nowIso : null,
          t.retryOfId,
        );
      statement("UPDATE Experiment SET trialCount = trialCount + 1, updatedAt = ? WHERE id = ?").run(nowIso, experimentId);
      return { trialId: Number(info.lastInsertRowid), result };
    });
    return run.immediate();
  });
}


export interface FinishTrialData {
  state: "complete" | "pruned" | "failed";
  completedAt: Date;
  error?: string;
  values?: number[];
  value?: number;
  userAttrs?: object;
}

/** Moves a trial out of `fromStates` only if it is still there: a concurrent tell cannot be overwritten. */
export function finishTrial(id: number, fromStates: string[], data: FinishTrialData) {
  return withWriteLock(() => {
    const info = statement(
      `UPDATE Trial SET state = @state, completedAt = @completedAt, error = COALESCE(@error, error),
              "values" = COALESCE(@values, "values"), value = COALESCE(@value, value), userAttrs = COALESCE(@userAttrs, userAttrs)
        WHERE id = @id AND state IN (SELECT value FROM json_each(@from))`,
    ).run({
      id,
      from: JSON.stringify(fromStates),
      state: data.state,
      completedAt: data.completedAt.toISOString(),
      error: data.error ?? null,
      values: data.values ? JSON.stringify(data.values) : null,
      value: data.value ?? null,
      userAttrs: data.userAttrs ? JSON.stringify(data.userAttrs) : null,
    });
    return info.changes === 1;
  });
}

/** Running trials whose last sign of life is older than their experiment's grace period. */
export function findStaleTrials(nowIso: string, experimentId?: number): Array<{ id: number; experimentId: number; heartbeatAt: string | null }> {
  const filter = experimentId === undefined ? "" : "AND t.experimentId = @experimentId";
  return statement(
      `SELECT t.id, t.experimentId, t.heartbeatAt FROM Trial t JOIN Experiment e ON e.id = t.experimentId
        WHERE t.state = 'running' ${filter}
          AND julianday(@now) - julianday(COALESCE(t.heartbeatAt, t.startedAt, t.createdAt)) > e.heartbeatGraceSec / 86400.0`,
    )
    .all({ now: nowIso, experimentId }) as Array<{ id: number; experimentId: number; heartbeatAt: string | null }>;
}

/** Length of a trial's retry chain (0 for an original trial). */
export function retryDepth(trialId: number): number {
  const row = statement(
      `WITH RECURSIVE chain(id, retryOfId, depth) AS (
         SELECT id, retryOfId, 0 FROM Trial WHERE id = ?
         UNION ALL SELECT t.id, t.retryOfId, chain.depth + 1 FROM Trial t JOIN chain ON t.id = chain.retryOfId)
       SELECT MAX(depth) AS depth FROM chain`,
    )
    .get(trialId) as { depth: number | null };
  return row.depth ?? 0;
}

export function hasRetry(trialId: number): boolean {
  return statement("SELECT 1 FROM Trial WHERE retryOfId = ? LIMIT 1").get(trialId) !== undefined;
}

/** Inserts a waiting trial with given parameters (enqueue, retry) at the next dense number. */
export function insertWaitingTrial(experimentId: number, t: { params: unknown; paramsInternal: unknown; systemAttrs: unknown; retryOfId: number | null }, nowIso: string): Promise<number> {
  return withWriteLock(() => {
    const db = rawDb();
    return db
      .transaction(() => {
        const exp = statement("SELECT trialCount FROM Experiment WHERE id = ?").get(experimentId) as { trialCount: number } | undefined;
        if (!exp) throw new Error(`experiment ${experimentId} vanished`);
        const info = db
          .prepare(
            `INSERT INTO Trial (experimentId, number, params, paramsInternal, state, userAttrs, systemAttrs, createdAt, retryOfId)
             VALUES (?, ?, ?, ?, 'waiting', '{}', ?, ?, ?)`,
          )
          .run(experimentId, exp.trialCount, JSON.stringify(t.params), JSON.stringify(t.paramsInternal), JSON.stringify(t.systemAttrs), nowIso, t.retryOfId);
        statement("UPDATE Experiment SET trialCount = trialCount + 1, updatedAt = ? WHERE id = ?").run(nowIso, experimentId);
        return Number(info.lastInsertRowid);
      })
      .immediate();
  });
}

export function touchHeartbeat(id: number, nowIso: string): Promise<string | null> {
  return withWriteLock(() => {
    statement("UPDATE Trial SET heartbeatAt = ? WHERE id = ? AND state = 'running'").run(nowIso, id);
    const row = statement("SELECT state FROM Trial WHERE id = ?").get(id) as { state: string } | undefined;
    return row?.state ?? null;
  });
}

export interface TrialMetaRow {
  id: number;
  number: number;
  state: string;
  values: string | null;
  systemAttrs: string;
  params: string;
  paramsInternal: string;
}

/** Ids of the finished (complete or pruned) trials of an experiment: these never change again. */
export function readFinishedTrialIds(experimentId: number): number[] {
  return (statement(`SELECT id FROM Trial WHERE experimentId = ? AND state IN ('complete', 'pruned')`).all(experimentId) as Array<{ id: number }>).map((r) => r.id);
}

export function readTrialMeta(ids: number[]): TrialMetaRow[] {
  if (ids.length === 0) return [];
  return statement(`SELECT id, number, state, "values", systemAttrs, params, paramsInternal FROM Trial WHERE id IN (SELECT value FROM json_each(?)) ORDER BY number`).all(JSON.stringify(ids)) as TrialMetaRow[];
}

export interface TrialColumnRow {
  id: number;
  number: number;
  state: string;
  value: number | null;
  params: string;
  startedAt: string | null;
  completedAt: string | null;
  error: string | null;
  /** A pruned trial's last reported value of `metric` (the objective), where it stopped. */
  lastIntermediate: number | null;
}

/**
 * The dashboard's view of an experiment's trials: all of them, or, with `since`, those created or
 * finished after it plus every unfinished one (their state can change at any time).
 */
export function readTrialColumnRows(experimentId: number, metric: string, since?: string): TrialColumnRow[] {
  const base = `SELECT t.id, t.number, t.state, t.value, t.params, t.startedAt, t.completedAt, t.error,
                       (SELECT m.value FROM MetricPoint m WHERE t.state = 'pruned' AND m.trialId = t.id AND m.name = @metric ORDER BY m.step DESC LIMIT 1) AS lastIntermediate
                  FROM Trial t WHERE t.experimentId = @experimentId`;
  const sql = since
    ? `${base} AND (t.state IN ('running', 'waiting') OR julianday(t.createdAt) >= julianday(@since) OR julianday(t.completedAt) >= julianday(@since)) ORDER BY t.number`
    : `${base} ORDER BY t.number`;
  return statement(sql).all({ experimentId, metric, since: since ?? null }) as TrialColumnRow[];
}

/** How many trials of an experiment are complete: cheap, from the (experimentId, state, number) index. */
export function countCompleteTrials(experimentId: number): number {
  return (statement("SELECT COUNT(*) AS n FROM Trial WHERE experimentId = ? AND state = 'complete'").get(experimentId) as { n: number }).n;
}
