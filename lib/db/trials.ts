import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { prisma, rawDb } from "./client";
import { withWriteLock } from "./write-lock";

export type TrialRow = NonNullable<Awaited<ReturnType<typeof findTrial>>>;

export function findTrial(id: number) {
  return prisma().trial.findUnique({ where: { id } });
}

export function findTrialByNumber(experimentId: number, number: number) {
  return prisma().trial.findUnique({ where: { experimentId_number: { experimentId, number } } });
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
  return rawDb().prepare(engineRowsSql).all({ experimentId, metric }) as TrialEngineRow[];
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
      const experiment = db.prepare("SELECT id, trialCount FROM Experiment WHERE id = ?").get(experimentId) as AskSnapshot["experiment"] | undefined;
      if (!experiment) throw new Error(`experiment ${experimentId} vanished during ask`);
      const rows = readTrialEngineRows(experimentId, metric);
      const { start, result } = decide({ experiment, rows });
      if ("trialId" in start) {
        db.prepare("UPDATE Trial SET state = 'running', startedAt = ?, heartbeatAt = ?, workerId = ? WHERE id = ? AND state = 'waiting'")
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
      db.prepare("UPDATE Experiment SET trialCount = trialCount + 1, updatedAt = ? WHERE id = ?").run(nowIso, experimentId);
      return { trialId: Number(info.lastInsertRowid), result };
    });
    return run.immediate();
  });
}

export function updateTrial(id: number, data: Prisma.TrialUpdateInput) {
  return withWriteLock(() => prisma().trial.update({ where: { id }, data }));
}

/** Moves a trial out of `fromState` only if it is still there: a concurrent tell cannot be overwritten. */
export function finishTrial(id: number, fromStates: string[], data: Prisma.TrialUpdateManyMutationInput) {
  return withWriteLock(async () => {
    const { count } = await prisma().trial.updateMany({ where: { id, state: { in: fromStates } }, data });
    return count === 1;
  });
}

/** Running trials whose last sign of life is older than their experiment's grace period. */
export function findStaleTrials(nowIso: string, experimentId?: number): Array<{ id: number; experimentId: number; heartbeatAt: string | null }> {
  const filter = experimentId === undefined ? "" : "AND t.experimentId = @experimentId";
  return rawDb()
    .prepare(
      `SELECT t.id, t.experimentId, t.heartbeatAt FROM Trial t JOIN Experiment e ON e.id = t.experimentId
        WHERE t.state = 'running' ${filter}
          AND julianday(@now) - julianday(COALESCE(t.heartbeatAt, t.startedAt, t.createdAt)) > e.heartbeatGraceSec / 86400.0`,
    )
    .all({ now: nowIso, experimentId }) as Array<{ id: number; experimentId: number; heartbeatAt: string | null }>;
}

/** Length of a trial's retry chain (0 for an original trial). */
export function retryDepth(trialId: number): number {
  const row = rawDb()
    .prepare(
      `WITH RECURSIVE chain(id, retryOfId, depth) AS (
         SELECT id, retryOfId, 0 FROM Trial WHERE id = ?
         UNION ALL SELECT t.id, t.retryOfId, chain.depth + 1 FROM Trial t JOIN chain ON t.id = chain.retryOfId)
       SELECT MAX(depth) AS depth FROM chain`,
    )
    .get(trialId) as { depth: number | null };
  return row.depth ?? 0;
}

export function hasRetry(trialId: number): boolean {
  return rawDb().prepare("SELECT 1 FROM Trial WHERE retryOfId = ? LIMIT 1").get(trialId) !== undefined;
}

/** Inserts a waiting trial with given parameters (enqueue, retry) at the next dense number. */
export function insertWaitingTrial(experimentId: number, t: { params: unknown; paramsInternal: unknown; systemAttrs: unknown; retryOfId: number | null }, nowIso: string): Promise<number> {
  return withWriteLock(() => {
    const db = rawDb();
    return db
      .transaction(() => {
        const exp = db.prepare("SELECT trialCount FROM Experiment WHERE id = ?").get(experimentId) as { trialCount: number } | undefined;
        if (!exp) throw new Error(`experiment ${experimentId} vanished`);
        const info = db
          .prepare(
            `INSERT INTO Trial (experimentId, number, params, paramsInternal, state, userAttrs, systemAttrs, createdAt, retryOfId)
             VALUES (?, ?, ?, ?, 'waiting', '{}', ?, ?, ?)`,
          )
          .run(experimentId, exp.trialCount, JSON.stringify(t.params), JSON.stringify(t.paramsInternal), JSON.stringify(t.systemAttrs), nowIso, t.retryOfId);
        db.prepare("UPDATE Experiment SET trialCount = trialCount + 1, updatedAt = ? WHERE id = ?").run(nowIso, experimentId);
        return Number(info.lastInsertRowid);
      })
      .immediate();
  });
}

export function touchHeartbeat(id: number, nowIso: string): Promise<string | null> {
  return withWriteLock(() => {
    const db = rawDb();
    db.prepare("UPDATE Trial SET heartbeatAt = ? WHERE id = ? AND state = 'running'").run(nowIso, id);
    const row = db.prepare("SELECT state FROM Trial WHERE id = ?").get(id) as { state: string } | undefined;
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

/** The finished (complete or pruned) trials of an experiment: these never change again. */
export function readFinishedTrialMeta(experimentId: number): TrialMetaRow[] {
  return rawDb()
    .prepare(`SELECT id, number, state, "values", systemAttrs, params, paramsInternal FROM Trial WHERE experimentId = ? AND state IN ('complete', 'pruned') ORDER BY number`)
    .all(experimentId) as TrialMetaRow[];
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
}

/**
 * The dashboard's view of an experiment's trials: all of them, or, with `since`, those created or
 * finished after it plus every unfinished one (their state can change at any time).
 */
export function readTrialColumnRows(experimentId: number, since?: string): TrialColumnRow[] {
  const base = "SELECT id, number, state, value, params, startedAt, completedAt, error FROM Trial WHERE experimentId = @experimentId";
  const sql = since
    ? `${base} AND (state IN ('running', 'waiting') OR julianday(createdAt) >= julianday(@since) OR julianday(completedAt) >= julianday(@since)) ORDER BY number`
    : `${base} ORDER BY number`;
  return rawDb().prepare(sql).all({ experimentId, since }) as TrialColumnRow[];
}
