import "server-only";
import { rawDb, statement } from "./client";
import { withWriteLock } from "./write-lock";

export interface MetricPointRow {
  name: string;
  step: number;
  value: number;
  wallTime: number;
}

export type InsertOutcome = { ok: true; stored: number } | { ok: false; state: string | null };

/**
 * The points of a batch as they will be stored: one per (name, step), the last one sent winning, as
 * a point re-sent in a later batch replaces the stored one.
 */
function lastPerKey(points: MetricPointRow[]): MetricPointRow[] {
  const byKey = new Map<string, MetricPointRow>();
  for (const p of points) {
    const key = `${p.step}\u0000${p.name}`;
    byKey.set(key, p);
  }
  return byKey.size === points.length ? points : [...byKey.values()];
}

/**
 * Stores a batch in one transaction, only while the trial is still running. Points are keyed by
 * (trial, name, step): a retried request overwrites the same rows instead of adding new ones, and
 * `stored` counts the distinct points written (a point repeated within the batch counts once).
 */
export function insertMetricPoints(trialId: number, batch: MetricPointRow[]): Promise<InsertOutcome> {
  const points = lastPerKey(batch);
  return withWriteLock(() => {
    const db = rawDb();
    const insert = statement(
      `INSERT INTO MetricPoint (trialId, name, step, value, wallTime) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (trialId, name, step) DO UPDATE SET value = excluded.value, wallTime = excluded.wallTime`,
    );
    const run = db.transaction((): InsertOutcome => {
      const trial = statement("SELECT state FROM Trial WHERE id = ?").get(trialId) as { state: string } | undefined;
      if (!trial || trial.state !== "running") return { ok: false, state: trial?.state ?? null };
      for (const p of points) insert.run(trialId, p.name, p.step, p.value, p.wallTime);
      return { ok: true, stored: points.length };
    });
    return run.immediate();
  });
}

export function readMetricSeriesPage(trialId: number, name: string, afterStep: number, limit: number): MetricPointRow[] {
  return statement("SELECT name, step, value, wallTime FROM MetricPoint WHERE trialId = ? AND name = ? AND step > ? ORDER BY step LIMIT ?").all(trialId, name, afterStep, limit) as MetricPointRow[];
}

/** The whole series (SQLite's LIMIT -1: no limit). */
export function readMetricSeries(trialId: number, name: string): MetricPointRow[] {
  return readMetricSeriesPage(trialId, name, -1, -1);
}

export function readMetricNames(trialId: number): string[] {
  return (statement("SELECT DISTINCT name FROM MetricPoint WHERE trialId = ? ORDER BY name").all(trialId) as Array<{ name: string }>).map((r) => r.name);
}


/** Every point of one metric for several trials, ascending by step: the pruner's view of history. */
export function readSeriesForTrials(trialIds: number[], name: string): Map<number, Array<readonly [number, number]>> {
  const out = new Map<number, Array<readonly [number, number]>>();
  if (trialIds.length === 0) return out;
  const rows = statement("SELECT trialId, step, value FROM MetricPoint WHERE trialId IN (SELECT value FROM json_each(?)) AND name = ? ORDER BY trialId, step")
    .all(JSON.stringify(trialIds), name) as Array<{ trialId: number; step: number; value: number }>;
  for (const r of rows) {
    let series = out.get(r.trialId);
    if (!series) out.set(r.trialId, (series = []));
    series.push([r.step, r.value] as const);
  }
  return out;
}

/** Metric names reported anywhere in an experiment, with how many trials report each. */
export function readExperimentMetricNames(experimentId: number): Array<{ name: string; trials: number }> {
  return statement(
      `SELECT m.name AS name, COUNT(DISTINCT m.trialId) AS trials FROM MetricPoint m JOIN Trial t ON t.id = m.trialId
        WHERE t.experimentId = ? GROUP BY m.name ORDER BY m.name`,
    )
    .all(experimentId) as Array<{ name: string; trials: number }>;
}

/** Full series of one metric for the given trials of an experiment, with each trial's number (ids outside it are ignored). */
export function readExperimentSeries(experimentId: number, trialIds: number[], name: string): Map<number, { number: number; points: MetricPointRow[] }> {
  const out = new Map<number, { number: number; points: MetricPointRow[] }>();
  if (trialIds.length === 0) return out;
  const rows = statement(
      `SELECT m.trialId AS trialId, t.number AS number, m.name AS name, m.step AS step, m.value AS value, m.wallTime AS wallTime
         FROM MetricPoint m JOIN Trial t ON t.id = m.trialId
        WHERE t.experimentId = ? AND m.trialId IN (SELECT value FROM json_each(?)) AND m.name = ?
        ORDER BY m.trialId, m.step`,
    )
    .all(experimentId, JSON.stringify(trialIds), name) as Array<MetricPointRow & { trialId: number; number: number }>;
  for (const r of rows) {
    let entry = out.get(r.trialId);
    if (!entry) out.set(r.trialId, (entry = { number: r.number, points: [] }));
    entry.points.push(r);
  }
  return out;
}
