import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { prisma, statement } from "./client";
import { trialFromRaw } from "./rows";

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

/**
 * Running trials that look stale: silent for longer than their experiment's grace period, counted from the
 * later of their last sign of life and `upSinceIso` (when this server came up). A scan only: the trial
 * core's isStale decides again inside each trial's transaction.
 */
export function findStaleTrials(nowIso: string, upSinceIso: string, experimentId?: number): Array<{ id: number; experimentId: number; lastSeen: string }> {
  const filter = experimentId === undefined ? "" : "AND t.experimentId = @experimentId";
  return statement(
      `SELECT t.id, t.experimentId, COALESCE(t.heartbeatAt, t.startedAt, t.createdAt) AS lastSeen FROM Trial t JOIN Experiment e ON e.id = t.experimentId
        WHERE t.state = 'running' ${filter}
          AND julianday(@now) - MAX(julianday(COALESCE(t.heartbeatAt, t.startedAt, t.createdAt)), julianday(@upSince)) > e.heartbeatGraceSec / 86400.0`,
    )
    .all({ now: nowIso, upSince: upSinceIso, experimentId }) as Array<{ id: number; experimentId: number; lastSeen: string }>;
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

/** Ids of an experiment's trials in the given states, from the (experimentId, state, number) index. */
export function readTrialIdsInStates(experimentId: number, states: string[]): number[] {
  return (statement(`SELECT id FROM Trial WHERE experimentId = ? AND state IN (SELECT value FROM json_each(?))`).all(experimentId, JSON.stringify(states)) as Array<{ id: number }>).map((r) => r.id);
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
