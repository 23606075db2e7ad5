import "server-only";
import { sql } from "kysely";
import { db, isPostgres, type Tx } from "./client";
import { jsonList, type MetricPointRow } from "./columns";
import type { TrialState } from "@/lib/optimizer";
import { minMaxBuckets } from "@/lib/shared/downsample";
import { prepared } from "./prepared";

export type { MetricPointRow };

/**
 * Rows per INSERT: 5 bound variables each, well under SQLite's 32,766, and one SQL text for full chunks.
 * Kept on Kysely after measuring the alternative: a raw prepared statement run per point costs less in
 * bench/server/db-cost.ts (1.5-2.0 ms against 2.6-3.4 ms CPU per 1,000 points), but in bench:server:ingest,
 * two alternating runs each, it was no faster (12.0-12.8 against 11.3-11.9 us of server CPU per point at
 * 1,000-point batches, 6.2-6.7 against 5.2-6.0 at 5,000).
 */
const INSERT_CHUNK = 1_000;

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

const upsertOnePoint = prepared((d, p: { trialId: number; name: string; step: number; value: number; wallTime: number }) =>
  d
    .insertInto("MetricPoint")
    .values({ trialId: p.trialId, name: p.name, step: p.step, value: p.value, wallTime: p.wallTime })
    .onConflict((oc) => oc.columns(["trialId", "name", "step"]).doUpdateSet((eb) => ({ value: eb.ref("excluded.value"), wallTime: eb.ref("excluded.wallTime") }))),
);

/**
 * Writes a batch inside the caller's transaction, which has established that the trial runs (the report path
 * decides that through the trial core in the same transaction, so a trial finished meanwhile gets no points).
 * Points are keyed by (trial, name, step): a retried request overwrites the same rows instead of adding new
 * ones. Returns `stored`, the distinct points written (a point repeated within the batch counts once).
 */
export async function writeMetricPoints(tx: Tx, trialId: number, batch: MetricPointRow[]): Promise<number> {
  const points = lastPerKey(batch);
  if (points.length === 0) return 0;
  // One point per report, as a training loop sends each epoch: the most frequent write of all.
  if (points.length === 1) {
    const [p] = points as [MetricPointRow];
    await upsertOnePoint(tx, { trialId, name: p.name, step: p.step, value: p.value, wallTime: p.wallTime });
    return 1;
  }
  if (isPostgres()) return writeMetricPointsPg(tx, trialId, points);
  for (let i = 0; i < points.length; i += INSERT_CHUNK) {
    await tx
      .insertInto("MetricPoint")
      .values(points.slice(i, i + INSERT_CHUNK).map((p) => ({ trialId, name: p.name, step: p.step, value: p.value, wallTime: p.wallTime })))
      .onConflict((oc) => oc.columns(["trialId", "name", "step"]).doUpdateSet((eb) => ({ value: eb.ref("excluded.value"), wallTime: eb.ref("excluded.wallTime") })))
      .execute();
  }
  return points.length;
}

/**
 * PostgreSQL: the whole batch as one multi-row INSERT ... ON CONFLICT (trial, name, step) DO UPDATE whose rows
 * come from four array parameters (unnest), not 5 bound variables per row: one short SQL text for any batch
 * size (no 65,535-parameter ceiling, no per-row parameter parsing), one round trip. Measured in
 * bench/server/ingest.ts --pg. The batch holds each key once (lastPerKey): ON CONFLICT DO UPDATE may not
 * touch a row twice in one statement.
 */
async function writeMetricPointsPg(tx: Tx, trialId: number, points: MetricPointRow[]): Promise<number> {
  const n = points.length;
  const names = new Array<string>(n);
  const steps = new Array<number>(n);
  const values = new Array<number>(n);
  const wallTimes = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    names[i] = p.name;
    steps[i] = p.step;
    values[i] = p.value;
    wallTimes[i] = p.wallTime;
  }
  await sql`
    INSERT INTO "MetricPoint" ("trialId", "name", "step", "value", "wallTime")
    SELECT ${trialId}, p.name, p.step, p.value, p."wallTime"
    FROM unnest(CAST(${names} AS text[]), CAST(${steps} AS integer[]), CAST(${values} AS double precision[]), CAST(${wallTimes} AS double precision[])) AS p(name, step, value, "wallTime")
    ON CONFLICT ("trialId", "name", "step") DO UPDATE SET "value" = excluded."value", "wallTime" = excluded."wallTime"`.execute(tx);
  return n;
}

/** A page of one metric's points after `afterStep`; a negative `limit`: no limit. */
export function readMetricSeriesPage(trialId: number, name: string, afterStep: number, limit: number): Promise<MetricPointRow[]> {
  const query = db()
    .selectFrom("MetricPoint")
    .select(["name", "step", "value", "wallTime"])
    .where("trialId", "=", trialId)
    .where("name", "=", name)
    .where("step", ">", afterStep)
    .orderBy("step");
  return (limit < 0 ? query : query.limit(limit)).execute();
}

/** The whole series. */
export function readMetricSeries(trialId: number, name: string): Promise<MetricPointRow[]> {
  return readMetricSeriesPage(trialId, name, -1, -1);
}

export async function readMetricNames(trialId: number): Promise<string[]> {
  const rows = await db().selectFrom("MetricPoint").select("name").distinct().where("trialId", "=", trialId).orderBy("name").execute();
  return rows.map((r) => r.name);
}

/** Every point of one metric for several trials, ascending by step: the pruner's view of history. */
export async function readSeriesForTrials(trialIds: number[], name: string): Promise<Map<number, Array<readonly [number, number]>>> {
  const out = new Map<number, Array<readonly [number, number]>>();
  if (trialIds.length === 0) return out;
  const rows = await db()
    .selectFrom("MetricPoint")
    .select(["trialId", "step", "value"])
    .where("trialId", "in", jsonList(trialIds))
    .where("name", "=", name)
    .orderBy("trialId")
    .orderBy("step")
    .execute();
  for (const r of rows) {
    let series = out.get(r.trialId);
    if (!series) out.set(r.trialId, (series = []));
    series.push([r.step, r.value] as const);
  }
  return out;
}

/**
 * The metric names the experiment's trials reported, with how many trials reported each. A skip scan of the
 * (trialId, name, step) key: per trial, each next name is one index seek, so a trial's points are never read.
 * Counting distinct trials over every point read all of them: 480 ms for 100 trials of 10,000 steps on SQLite,
 * against under 1 ms this way.
 */
export async function readExperimentMetricNames(experimentId: number): Promise<Array<{ name: string; trials: number }>> {
  const { rows } = await sql<{ name: string; trials: number | string }>`
    WITH RECURSIVE names("trialId", "name") AS (
      SELECT t."id", (SELECT MIN(m."name") FROM "MetricPoint" m WHERE m."trialId" = t."id")
        FROM "Trial" t WHERE t."experimentId" = ${experimentId}
      UNION ALL
      SELECT n."trialId", (SELECT MIN(m."name") FROM "MetricPoint" m WHERE m."trialId" = n."trialId" AND m."name" > n."name")
        FROM names n WHERE n."name" IS NOT NULL
    )
    SELECT "name", COUNT(*) AS "trials" FROM names WHERE "name" IS NOT NULL GROUP BY "name" ORDER BY "name"`.execute(db());
  return rows.map((r) => ({ name: r.name, trials: Number(r.trials) }));
}

export interface DownsampledSeries {
  number: number;
  /** The trial's state when the series was read (see reportsClosed in the trial core). */
  state: TrialState;
  /** How many points the series holds in all. */
  total: number;
  points: MetricPointRow[];
}

/**
 * One metric's series for the given trials of an experiment, each cut down in SQL to at most `maxPoints` points by
 * lib/shared/downsample.ts's min/max rule (minMaxBuckets): a series that fits comes whole; otherwise its first and
 * last points, and each interior step bucket's lowest and highest point (the earliest step among equals), bucket
 * floor((step - first) * buckets / (last - first)). Only those rows leave the database, not a million points for
 * JavaScript to sort through. A test checks it against downsampleMinMax on both databases.
 */
export async function readExperimentSeriesDownsampled(experimentId: number, trialIds: number[], name: string, maxPoints: number): Promise<Map<number, DownsampledSeries>> {
  const out = new Map<number, DownsampledSeries>();
  if (trialIds.length === 0) return out;
  const max = Math.floor(maxPoints);
  const buckets = minMaxBuckets(max);
  if (buckets < 1) throw new Error(`maxPoints must be at least 4, got ${maxPoints}`);
  // The parameters are cast to integers: SQLite binds a JavaScript number as a real, and a real division would
  // give every point its own bucket. Bucket b of an interior step holds steps lo + ceil(b * span / buckets) through
  // lo + ceil((b + 1) * span / buckets) - 1, the integer form of floor((step - lo) * buckets / span) = b: each
  // bucket's lowest and highest point is then one short index range read (trialId, name, step), so nothing sorts the
  // whole series. Window functions over every point (the first form of this query) took twice as long as reading
  // every point into JavaScript on SQLite.
  const B = sql`CAST(${buckets} AS BIGINT)`;
  const cap = sql`CAST(${max} AS BIGINT)`;
  const pick = (dir: "ASC" | "DESC") => sql`(
        SELECT m."step" FROM "MetricPoint" m
        WHERE m."trialId" = r."trialId" AND m."name" = ${name} AND m."step" >= r.s0 AND m."step" <= r.s1 AND m."step" > r.lo AND m."step" < r.hi
        ORDER BY m."value" ${sql.raw(dir)}, m."step" ASC LIMIT 1)`;
  const { rows } = await sql<{ trialId: number; number: number; state: TrialState; step: number; value: number; wallTime: number; n: number | string }>`
    WITH RECURSIVE stats AS MATERIALIZED (
      SELECT t."id" AS "trialId", t."number", t."state", MIN(m."step") AS lo, MAX(m."step") AS hi, COUNT(*) AS n
      FROM "Trial" t INNER JOIN "MetricPoint" m ON m."trialId" = t."id" AND m."name" = ${name}
      WHERE t."experimentId" = ${experimentId} AND t."id" IN ${jsonList(trialIds)}
      GROUP BY t."id", t."number", t."state"
    ),
    b(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM b WHERE i < ${B} - 1),
    ranges AS (
      SELECT st."trialId", st.lo, st.hi,
        st.lo + (b.i * CAST(st.hi - st.lo AS BIGINT) + ${B} - 1) / ${B} AS s0,
        st.lo + ((b.i + 1) * CAST(st.hi - st.lo AS BIGINT) + ${B} - 1) / ${B} - 1 AS s1
      FROM stats st CROSS JOIN b WHERE st.n > ${cap}
    ),
    picks AS (
      SELECT r."trialId", ${pick("ASC")} AS low, ${pick("DESC")} AS high FROM ranges r WHERE r.s0 <= r.s1
    ),
    kept AS (
      SELECT "trialId", low AS "step" FROM picks WHERE low IS NOT NULL
      UNION SELECT "trialId", high FROM picks WHERE high IS NOT NULL
      UNION SELECT "trialId", lo FROM stats WHERE n > ${cap}
      UNION SELECT "trialId", hi FROM stats WHERE n > ${cap}
    )
    SELECT m."trialId", st."number", st."state", m."step", m."value", m."wallTime", st.n
      FROM stats st INNER JOIN "MetricPoint" m ON m."trialId" = st."trialId" AND m."name" = ${name}
      WHERE st.n <= ${cap}
    UNION ALL
    SELECT m."trialId", st."number", st."state", m."step", m."value", m."wallTime", st.n
      FROM kept k INNER JOIN stats st ON st."trialId" = k."trialId"
      INNER JOIN "MetricPoint" m ON m."trialId" = k."trialId" AND m."name" = ${name} AND m."step" = k."step"
    ORDER BY 1, 4`.execute(db());
  for (const r of rows) {
    let entry = out.get(r.trialId);
    if (!entry) out.set(r.trialId, (entry = { number: r.number, state: r.state, total: Number(r.n), points: [] }));
    entry.points.push({ name, step: r.step, value: r.value, wallTime: r.wallTime });
  }
  return out;
}

