import "server-only";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import type { DB } from "@/lib/generated/kysely/types";
import { defaultDatabaseUrl, sqliteFilePath } from "@/scripts/db-url.mjs";
import { statementCache } from "./statement-cache";
import { withWriteLock } from "./write-lock";

const BUSY_TIMEOUT_MS = 10_000;

interface Handles {
  url: string;
  sqlite: Database.Database;
  /** The typed query layer: the only way lib/db talks to the database. */
  kysely: Kysely<DB>;
}

// Kept on globalThis so that Next's dev server, which re-evaluates modules, reuses one connection.
const globalForDb = globalThis as unknown as { sweepboardDb?: Handles };

function open(): Handles {
  const url = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const file = sqliteFilePath(url);
  if (!file) throw new Error(`DATABASE_URL must be a SQLite file: URL, got ${url}`);
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  // WAL lets readers run beside the writer and lets a second process (CLI, migration) open the file.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: statementCache(sqlite) }) });
  return { url, sqlite, kysely };
}

function handles(): Handles {
  const wanted = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const current = globalForDb.sweepboardDb;
  if (current && current.url === wanted) return current;
  if (current) current.sqlite.close();
  const next = open();
  globalForDb.sweepboardDb = next;
  return next;
}

/** Which database this process is talking to: part of every in-process cache key. */
export function databaseKey(): string {
  return process.env.DATABASE_URL ?? defaultDatabaseUrl;
}

/**
 * The typed query layer: table and column types come from schema.prisma (prisma-kysely). SQLite has one
 * connection, which Kysely hands to one query (or one writeTransaction) at a time: code running inside a
 * writeTransaction must use its `tx`, never db(), or it waits on itself.
 */
export function db(): Kysely<DB> {
  return handles().kysely;
}

/** A handle to run queries on: the database itself, or the connection of a running writeTransaction. */
export type Tx = Kysely<DB>;

/**
 * Runs `fn` in one IMMEDIATE transaction: the write lock is taken at BEGIN, so a read-decide-write step (an
 * ask, a tell) can never interleave with another process's (the CLI writes beside the server), and this
 * process's writes queue first so two of its own never wait on each other inside SQLite's busy loop.
 * Every write in lib/db goes through here.
 */
export function writeTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withWriteLock(() =>
    db()
      .connection()
      .execute(async (conn) => {
        await sql`BEGIN IMMEDIATE`.execute(conn);
        try {
          const result = await fn(conn);
          await sql`COMMIT`.execute(conn);
          return result;
        } catch (error) {
          // Some errors (SQLITE_FULL among them) end the transaction themselves: roll back only an open one,
          // so the caller sees the error that happened, not "no transaction is active".
          if (handles().sqlite.inTransaction) await sql`ROLLBACK`.execute(conn);
          throw error;
        }
      }),
  );
}

/** Closes the connection (tests, graceful shutdown, the CLI before a migration). */
export async function closeDb(): Promise<void> {
  const current = globalForDb.sweepboardDb;
  globalForDb.sweepboardDb = undefined;
  if (!current) return;
  current.sqlite.close();
}
