import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db, prisma, statement } from "./client";
import { experimentFromRaw } from "./rows";
import { withWriteLock } from "./write-lock";

export type ExperimentRow = Awaited<ReturnType<typeof findExperiment>> & object;

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
  maxTrials: number | null;
  maxParallel: number | null;
  seed: number;
  maxRetries: number;
  retryOn: string;
  heartbeatGraceSec: number;
}

/**
 * Stores a new experiment and returns its id. JSON columns are written as JSON text: Prisma's Json input copies
 * objects key by key and loses a "__proto__" key, and a parameter may be named so.
 */
export async function insertExperiment(data: NewExperiment, now = new Date()): Promise<{ id: number }> {
  const at = now.toISOString();
  const { space, samplerConfig, prunerConfig, objectives, ...columns } = data;
  const json = { space: JSON.stringify(space), samplerConfig: JSON.stringify(samplerConfig), prunerConfig: JSON.stringify(prunerConfig), objectives: JSON.stringify(objectives) };
  const row = await withWriteLock(() => db().insertInto("Experiment").values({ ...columns, ...json, createdAt: at, updatedAt: at }).returning("id").executeTakeFirstOrThrow());
  return { id: row.id };
}

/** Raw, like findTrial: every ask, report and tell reads its experiment. */
export async function findExperiment(id: number) {
  const row = statement("SELECT * FROM Experiment WHERE id = ?").get(id) as Record<string, unknown> | undefined;
  return row ? experimentFromRaw(row) : null;
}

export function updateExperiment(id: number, data: Prisma.ExperimentUpdateInput) {
  return withWriteLock(() => prisma().experiment.update({ where: { id }, data }));
}

export interface ExperimentStats {
  experimentId: number;
  done: number;
  running: number;
  waiting: number;
  minValue: number | null;
  maxValue: number | null;
  lastTrialAt: string | null;
}

/** Trial counts and extreme objective values per experiment, in one pass over the Trial index. */
export function experimentStats(ids: number[]): Map<number, ExperimentStats> {
  const out = new Map<number, ExperimentStats>();
  if (ids.length === 0) return out;
  const rows = statement(
      `SELECT experimentId,
              SUM(state IN ('complete','pruned','failed')) AS done,
              SUM(state = 'running') AS running,
              SUM(state = 'waiting') AS waiting,
              MIN(CASE WHEN state = 'complete' THEN value END) AS minValue,
              MAX(CASE WHEN state = 'complete' THEN value END) AS maxValue,
              MAX(COALESCE(completedAt, startedAt, createdAt)) AS lastTrialAt
         FROM Trial
        WHERE experimentId IN (SELECT value FROM json_each(?))
        GROUP BY experimentId`,
    )
    .all(JSON.stringify(ids)) as ExperimentStats[];
  for (const row of rows) out.set(row.experimentId, row);
  return out;
}

/** `text` as a LIKE pattern that matches it literally: `%`, `_` and the escape `\` lose their meaning. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Newest first. `search` is a literal substring of the name, ASCII case-insensitive as SQLite's LIKE:
 * raw SQL because Prisma's `contains` passes `%` and `_` through as wildcards (`?search=%` matched
 * every sweep) and has no ESCAPE clause.
 */
export async function listExperimentRows(opts: { search?: string; includeArchived?: boolean; take?: number }) {
  const rows = statement(
    `SELECT * FROM Experiment
      WHERE (@pattern IS NULL OR name LIKE @pattern ESCAPE '\\')
        AND (@includeArchived = 1 OR status <> 'archived')
      ORDER BY id DESC LIMIT @take`,
  ).all({
    pattern: opts.search ? `%${likeLiteral(opts.search)}%` : null,
    includeArchived: opts.includeArchived ? 1 : 0,
    take: opts.take ?? 500,
  }) as Array<Record<string, unknown>>;
  return rows.map(experimentFromRaw);
}

/** Marks a running experiment completed once its budget is spent and nothing runs or waits. */
export function completeExperimentIfDone(id: number, nowIso: string): Promise<boolean> {
  return withWriteLock(() => {
    const info = statement(
        `UPDATE Experiment SET status = 'completed', completedAt = @now, updatedAt = @now
          WHERE id = @id AND status = 'running' AND maxTrials IS NOT NULL
            AND (SELECT COUNT(*) FROM Trial WHERE experimentId = @id AND retryOfId IS NULL) >= maxTrials
            AND NOT EXISTS (SELECT 1 FROM Trial WHERE experimentId = @id AND state IN ('running', 'waiting'))`,
      )
      .run({ id, now: nowIso });
    return info.changes === 1;
  });
}

/** Trials that spend the budget: every original trial; retries replace a failed one for free. */
export function countBudgetTrials(experimentId: number): number {
  return (statement("SELECT COUNT(*) AS n FROM Trial WHERE experimentId = ? AND retryOfId IS NULL").get(experimentId) as { n: number }).n;
}
