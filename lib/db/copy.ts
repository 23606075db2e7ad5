import "server-only";
import { existsSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import type { DB } from "@/lib/generated/kysely/types";
import { isPostgresUrl, sqliteFilePath } from "@/scripts/db-url.mjs";
import { storedDate } from "./columns";
import { describeDatabaseError, openPostgres } from "./postgres";

// `sweepboard db copy`: a whole SQLite database into an empty PostgreSQL one, ids kept. The source is read in
// one read transaction (a consistent snapshot, even beside a running server); the target is written in one
// transaction (all or nothing) with its tables locked against writers, in batches of array parameters
// (INSERT ... SELECT FROM unnest: one short statement per batch, no bound-variable ceiling).

/** Every table, parents before children (foreign keys are checked row by row). */
export const COPY_TABLES = ["ApiToken", "Session", "Experiment", "ShareLink", "Trial", "MetricPoint", "TrialRun", "TrialOutputLine", "Worker", "WorkerAssignment"] as const;

/** Columns that point at rows of their own table: written after every row of the table is in. */
const SELF_REFERENCES: Record<string, string[]> = { Trial: ["retryOfId"] };

/** Tables that are not Sweepboard's data: the migration bookkeeping and SQLite's own. */
const IGNORED_TABLES = /^(_prisma_migrations|sqlite_.*)$/;

const DEFAULT_BATCH_ROWS = 10_000;
const LOCK_TIMEOUT = "5s";

/** Bad input or a target that cannot take the copy: one line that says what to do. */
export class DatabaseCopyError extends Error {
  override name = "DatabaseCopyError";
}

export interface CopyProgress {
  table: string;
  copied: number;
  total: number;
}

export interface CopySummary {
  tables: Array<{ table: string; rows: number; ms: number }>;
  ms: number;
}

/** A URL as it may be shown: without its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}

/** The SQLite file a --from URL names; throws for anything else. */
export function sourceFile(from: string): string {
  const file = sqliteFilePath(from);
  if (file === null || file === "") {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(from)?.[1];
    const hint = scheme ? `unknown URL scheme "${scheme}:"` : `"${from}" has no URL scheme (did you mean file:${from}?)`;
    throw new DatabaseCopyError(`--from must be a SQLite file: URL such as file:./data/sweepboard.db; ${hint}`);
  }
  if (!existsSync(file)) throw new DatabaseCopyError(`--from: no such file ${file}`);
  if (!statSync(file).isFile()) throw new DatabaseCopyError(`--from: ${file} is not a file`);
  return file;
}

/** Checks a --to URL; throws for anything but postgres:// or postgresql://. */
export function checkTargetUrl(to: string): void {
  if (isPostgresUrl(to)) {
    try {
      new URL(to);
      return;
    } catch {
      throw new DatabaseCopyError(`--to: "${redactUrl(to)}" is not a valid URL`);
    }
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(to)?.[1];
  throw new DatabaseCopyError(`--to must be a PostgreSQL URL such as postgresql://user@host/db; ${scheme ? `unknown URL scheme "${scheme}:"` : `"${redactUrl(to)}" has no URL scheme`}`);
}

interface Column {
  name: string;
  /** PostgreSQL's type of the column, as information_schema names it. */
  type: string;
}

/** How a SQLite value becomes a PostgreSQL array element, per PostgreSQL column type, and the array's cast. */
const CONVERSIONS: Record<string, { cast: string; convert: (value: unknown, where: () => string) => unknown }> = {
  integer: { cast: "integer[]", convert: (v) => v },
  bigint: { cast: "bigint[]", convert: (v) => v },
  "double precision": { cast: "double precision[]", convert: (v) => v },
  text: { cast: "text[]", convert: (v) => (typeof v === "string" || v === null ? v : String(v)) },
  boolean: { cast: "boolean[]", convert: (v) => (v === null ? null : v === 1 || v === "1" || v === true || v === "true") },
  "timestamp without time zone": {
    cast: "timestamp(3)[]",
    // Every spelling SQLite holds (ours, Prisma's, CURRENT_TIMESTAMP's): UTC, as the server writes it.
    convert: (v, where) => {
      if (v === null) return null;
      const date = typeof v === "number" ? new Date(v) : storedDate(String(v));
      if (Number.isNaN(date.getTime())) throw new DatabaseCopyError(`${where()}: unreadable time ${JSON.stringify(v)}`);
      return date.toISOString();
    },
  },
};

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function targetColumns(tx: Kysely<DB>): Promise<Map<string, Column[]>> {
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
    SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
    WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position`.execute(tx);
  const out = new Map<string, Column[]>();
  for (const r of rows) {
    if (IGNORED_TABLES.test(r.table_name)) continue;
    let list = out.get(r.table_name);
    if (!list) out.set(r.table_name, (list = []));
    list.push({ name: r.column_name, type: r.data_type });
  }
  return out;
}

function sourceTables(sqlite: Database.Database): string[] {
  const rows = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
  return rows.map((r) => r.name).filter((name) => !IGNORED_TABLES.test(name));
}

/** The target's schema must be this version's, and the source's the same tables and columns. */
function checkSchemas(sqlite: Database.Database, target: Map<string, Column[]>, fromShown: string): void {
  const known = new Set<string>(COPY_TABLES);
  const unknownTarget = [...target.keys()].filter((t) => !known.has(t));
  const missingTarget = COPY_TABLES.filter((t) => !target.has(t));
  if (unknownTarget.length > 0 || missingTarget.length > 0) {
    throw new DatabaseCopyError(`the target's tables are not this version's (${[...missingTarget.map((t) => `missing ${t}`), ...unknownTarget.map((t) => `unknown ${t}`)].join(", ")}): copy into an empty database migrated by this version`);
  }
  const tables = sourceTables(sqlite);
  if (tables.length === 0) throw new DatabaseCopyError(`--from: ${fromShown} has no tables: it is not a Sweepboard database`);
  const migrate = `run "npm run db:migrate" with DATABASE_URL=${fromShown} first`;
  const unknownSource = tables.filter((t) => !known.has(t));
  if (unknownSource.length > 0) throw new DatabaseCopyError(`--from: table ${unknownSource.join(", ")} is not one this version knows: is it a newer Sweepboard's database?`);
  for (const table of COPY_TABLES) {
    if (!tables.includes(table)) throw new DatabaseCopyError(`--from: no table ${table}: it is not a Sweepboard database, or an older one (${migrate})`);
    const have = new Set((sqlite.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as Array<{ name: string }>).map((c) => c.name));
    const want = target.get(table)!.map((c) => c.name);
    const missing = want.filter((c) => !have.has(c));
    if (missing.length > 0) throw new DatabaseCopyError(`--from: ${table} has no column ${missing.join(", ")}: an older Sweepboard's database (${migrate})`);
    const extra = [...have].filter((c) => !want.includes(c));
    if (extra.length > 0) throw new DatabaseCopyError(`--from: ${table} has column ${extra.join(", ")} that this version does not know: is it a newer Sweepboard's database?`);
  }
}

function openSource(file: string, fromShown: string): Database.Database {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
    sqlite.prepare("SELECT count(*) FROM sqlite_master").get();
  } catch (error) {
    throw new DatabaseCopyError(`--from: cannot read ${fromShown} as a SQLite database: ${error instanceof Error ? error.message : String(error)}`);
  }
  return sqlite;
}

/** Checks that `from` is a readable SQLite database with Sweepboard's tables, before anything touches the target. */
export function checkSource(from: string): void {
  const sqlite = openSource(sourceFile(from), from);
  try {
    const tables = sourceTables(sqlite);
    if (tables.length === 0) throw new DatabaseCopyError(`--from: ${from} has no tables: it is not a Sweepboard database`);
    const missing = COPY_TABLES.filter((t) => !tables.includes(t));
    if (missing.length > 0) throw new DatabaseCopyError(`--from: ${from} has no table ${missing.join(", ")}: it is not a Sweepboard database, or an older one (run "npm run db:migrate" with DATABASE_URL=${from} first)`);
  } finally {
    sqlite.close();
  }
}

/** True when the target has this version's tables already (a fresh database has none: migrate it first). */
export async function targetIsMigrated(to: string): Promise<boolean> {
  checkTargetUrl(to);
  const { pool, kysely } = openPostgres(to, { max: 1, serve: false });
  try {
    const { rows } = await sql<{ found: number }>`SELECT 1 AS found FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'ApiToken'`.execute(kysely);
    return rows.length > 0;
  } catch (error) {
    throw new DatabaseCopyError(`--to: ${describeDatabaseError(error, redactUrl(to))}`);
  } finally {
    await pool.end();
  }
}

/**
 * Copies every row of every table from the SQLite file `from` into the PostgreSQL database `to`, which must be
 * migrated (targetIsMigrated) and empty: ids are kept and each id sequence is set past the highest copied id.
 * One transaction on the target: on any error nothing is left behind.
 */
export async function copySqliteToPostgres(opts: { from: string; to: string; batchRows?: number; onProgress?: (p: CopyProgress) => void }): Promise<CopySummary> {
  const started = performance.now();
  const file = sourceFile(opts.from);
  checkTargetUrl(opts.to);
  const batchRows = Math.max(1, opts.batchRows ?? DEFAULT_BATCH_ROWS);
  const sqlite = openSource(file, opts.from);
  const { pool, kysely } = openPostgres(opts.to, { max: 1, serve: false });
  const summary: CopySummary = { tables: [], ms: 0 };
  let table = "";
  try {
    // A consistent snapshot of the source: a WAL reader sees the database as of its first read.
    sqlite.exec("BEGIN");
    await kysely.transaction().execute(async (tx) => {
      await sql.raw(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`).execute(tx);
      const columns = await targetColumns(tx);
      checkSchemas(sqlite, columns, opts.from);
      // No other writer while the copy runs (a server started on the target meanwhile waits, then sees it all).
      await sql.raw(`LOCK TABLE ${COPY_TABLES.map(quoteIdent).join(", ")} IN EXCLUSIVE MODE`).execute(tx);
      for (const t of COPY_TABLES) {
        const { rows } = await sql<{ found: number }>`SELECT 1 AS found FROM ${sql.table(t)} LIMIT 1`.execute(tx);
        if (rows.length > 0) throw new DatabaseCopyError(`--to: the target database is not empty (${t} has rows): copy into an empty database`);
      }
      for (const t of COPY_TABLES) {
        table = t;
        const tableStarted = performance.now();
        const rows = await copyTable(tx, sqlite, t, columns.get(t)!, batchRows, opts.onProgress);
        summary.tables.push({ table: t, rows, ms: performance.now() - tableStarted });
      }
      table = "";
      for (const t of COPY_TABLES) {
        if (!columns.get(t)!.some((c) => c.name === "id")) continue;
        // Past the highest copied id (an empty table: the next id is 1), so new rows get fresh ids.
        await sql`SELECT setval(pg_get_serial_sequence(${quoteIdent(t)}, 'id'), COALESCE(MAX("id"), 1), MAX("id") IS NOT NULL) FROM ${sql.table(t)}`.execute(tx);
      }
    });
  } catch (error) {
    if (error instanceof DatabaseCopyError) throw error;
    const where = table ? `copying ${table}: ` : "";
    const code = (error as { code?: unknown }).code;
    if (code === "22021" || code === "22P05") throw new DatabaseCopyError(`${where}a text value contains a NUL character (U+0000), which PostgreSQL cannot store: nothing was copied`);
    if (code === "55P03") throw new DatabaseCopyError(`--to: the target's tables are in use (is a server running on it?): stop it and copy again; nothing was copied`);
    throw new DatabaseCopyError(`${where}${describeDatabaseError(error, redactUrl(opts.to))}; nothing was copied`);
  } finally {
    if (sqlite.inTransaction) sqlite.exec("COMMIT");
    sqlite.close();
    await pool.end();
  }
  summary.ms = performance.now() - started;
  return summary;
}

async function copyTable(tx: Kysely<DB>, sqlite: Database.Database, table: string, columns: Column[], batchRows: number, onProgress?: (p: CopyProgress) => void): Promise<number> {
  const total = (sqlite.prepare(`SELECT count(*) AS n FROM ${quoteIdent(table)}`).get() as { n: number }).n;
  onProgress?.({ table, copied: 0, total });
  const deferred = new Set(SELF_REFERENCES[table] ?? []);
  const conversions = columns.map((c) => {
    const conversion = CONVERSIONS[c.type];
    if (!conversion) throw new DatabaseCopyError(`the target's column ${table}.${c.name} has type ${c.type}, which the copy does not know`);
    return conversion;
  });
  const names = columns.map((c) => quoteIdent(c.name)).join(", ");
  const into = sql.join(columns.map((c) => sql.ref(c.name)));
  const hasId = columns.some((c) => c.name === "id");
  const select = sqlite.prepare(`SELECT ${names} FROM ${quoteIdent(table)}${hasId ? ' ORDER BY "id"' : ""}`).raw(true);
  const idIndex = columns.findIndex((c) => c.name === "id");
  const later: Array<{ column: string; ids: number[]; values: unknown[] }> = [...deferred].map((column) => ({ column, ids: [], values: [] }));

  let copied = 0;
  let batch: unknown[][] = columns.map(() => []);
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const arrays = sql.join(batch.map((values, i) => sql`CAST(${values} AS ${sql.raw(conversions[i]!.cast)})`));
    await sql`INSERT INTO ${sql.table(table)} (${into}) SELECT * FROM unnest(${arrays})`.execute(tx);
    copied += size;
    onProgress?.({ table, copied, total });
    batch = columns.map(() => []);
    size = 0;
  };
  let rowNumber = 0;
  for (const row of select.iterate() as IterableIterator<unknown[]>) {
    rowNumber++;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      let value = row[i] ?? null;
      if (deferred.has(column.name) && value !== null) {
        const entry = later.find((l) => l.column === column.name)!;
        entry.ids.push(row[idIndex] as number);
        entry.values.push(value);
        value = null;
      }
      batch[i]!.push(conversions[i]!.convert(value, () => `${table} row ${hasId ? `id ${String(row[idIndex])}` : rowNumber}, column ${column.name}`));
    }
    if (++size >= batchRows) await flush();
  }
  await flush();
  for (const { column, ids, values } of later) {
    for (let i = 0; i < ids.length; i += batchRows) {
      await sql`UPDATE ${sql.table(table)} AS t SET ${sql.ref(column)} = u.v FROM unnest(CAST(${ids.slice(i, i + batchRows)} AS integer[]), CAST(${values.slice(i, i + batchRows)} AS integer[])) AS u(id, v) WHERE t."id" = u.id`.execute(tx);
    }
  }
  return copied;
}
