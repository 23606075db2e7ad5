import "server-only";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import type pg from "pg";
import type { DB } from "@/lib/generated/kysely/types";
import { defaultDatabaseUrl, isPostgresUrl, sqliteFilePath } from "@/scripts/db-url.mjs";
import { isRetryableTransactionError, openPostgres } from "./postgres";

export { databaseBackSince } from "./postgres";
import { statementCache } from "./statement-cache";
import { withWriteLock } from "./write-lock";

const BUSY_TIMEOUT_MS = 10_000;

type Handles =
  | { kind: "sqlite"; url: string; sqlite: Database.Database; kysely: Kysely<DB> }
  | { kind: "postgres"; url: string; pool: pg.Pool; kysely: Kysely<DB> };

// Kept on globalThis so that Next's dev server, which re-evaluates modules, reuses one connection (pool).
const globalForDb = globalThis as unknown as { sweepboardDb?: Handles };

function openSqlite(url: string): Handles {
  const file = sqliteFilePath(url);
  if (!file) throw new Error(`DATABASE_URL must be a SQLite file: URL or a postgresql:// URL, got ${url}`);
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  // WAL lets readers run beside the writer and lets a second process (CLI, migration) open the file.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: statementCache(sqlite) }) });
  return { kind: "sqlite", url, sqlite, kysely };
}

function open(url: string): Handles {
  return isPostgresUrl(url) ? { kind: "postgres", url, ...openPostgres(url) } : openSqlite(url);
}

function release(handles: Handles): Promise<void> {
  if (handles.kind === "sqlite") {
    handles.sqlite.close();
    return Promise.resolve();
  }
  return handles.pool.end();
}

function handles(): Handles {
  const wanted = databaseKey();
  const current = globalForDb.sweepboardDb;
  if (current && current.url === wanted) return current;
  if (current) void release(current);
  const next = open(wanted);
  globalForDb.sweepboardDb = next;
  return next;
}

/** Which database this process is talking to: part of every in-process cache key. */
export function databaseKey(): string {
  return process.env.DATABASE_URL ?? defaultDatabaseUrl;
}

/** True when DATABASE_URL names a PostgreSQL database: the few queries that differ by dialect ask this. */
export function isPostgres(): boolean {
  return isPostgresUrl(databaseKey());
}

/**
 * The typed query layer: table and column types come from prisma/models.prisma (prisma-kysely), on SQLite
 * and PostgreSQL alike. SQLite has one connection, which Kysely hands to one query (or one writeTransaction)
 * at a time: code running inside a writeTransaction must use its `tx`, never db(), or it waits on itself.
 */
export function db(): Kysely<DB> {
  return handles().kysely;
}

/** A handle to run queries on: the database itself, or the connection of a running writeTransaction. */
export type Tx = Kysely<DB>;

const PG_ATTEMPTS = 8;

/**
 * Runs `fn` in one transaction; every write in lib/db goes through here. A read-decide-write step (an ask, a
 * tell) must not interleave with another's, in this process or any other:
 * - SQLite: BEGIN IMMEDIATE takes the database's write lock at BEGIN (the CLI writes beside the server), and
 *   this process's writes queue first so two of its own never wait on each other inside SQLite's busy loop.
 * - PostgreSQL (several stateless instances may share the database): a READ COMMITTED transaction on a pooled
 *   connection; steps that decide from what they read lock their experiment's row first (lockExperiment in
 *   trial-core.ts, experiments.ts), so they run one at a time per experiment across every process and each
 *   reads what the previous one committed. A serialization failure or deadlock rolls back and runs `fn` again.
 */
export function writeTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const current = handles();
  if (current.kind === "postgres") return postgresTransaction(current.kysely, fn);
  return withWriteLock(() =>
    current.kysely.connection().execute(async (conn) => {
      await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`COMMIT`.execute(conn);
        return result;
      } catch (error) {
        // Some errors (SQLITE_FULL among them) end the transaction themselves: roll back only an open one,
        // so the caller sees the error that happened, not "no transaction is active".
        if (current.sqlite.inTransaction) await sql`ROLLBACK`.execute(conn);
        throw error;
      }
    }),
  );
}

async function postgresTransaction<T>(kysely: Kysely<DB>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await kysely.transaction().execute(fn);
    } catch (error) {
      if (attempt >= PG_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));
    }
  }
}

/** Closes the connection or pool (tests, graceful shutdown, the CLI before a migration). */
export async function closeDb(): Promise<void> {
  const current = globalForDb.sweepboardDb;
  globalForDb.sweepboardDb = undefined;
  if (!current) return;
  await release(current);
}
