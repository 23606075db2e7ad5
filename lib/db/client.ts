import "server-only";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import type { DB } from "@/lib/generated/kysely/types";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { defaultDatabaseUrl, sqliteFilePath } from "@/scripts/db-url.mjs";
import { withWriteLock } from "./write-lock";

const BUSY_TIMEOUT_MS = 10_000;

interface Handles {
  url: string;
  prisma: PrismaClient;
  raw: Database.Database;
  /** The typed query layer, on the same connection as `raw` (one writer, no lock between the two). */
  kysely: Kysely<DB>;
  statements: Map<string, Database.Statement>;
}

// Kept on globalThis so that Next's dev server, which re-evaluates modules, reuses one connection.
const globalForDb = globalThis as unknown as { sweepboardDb?: Handles };

function open(): Handles {
  const url = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const file = sqliteFilePath(url);
  if (!file) throw new Error(`DATABASE_URL must be a SQLite file: URL, got ${url}`);
  mkdirSync(dirname(file), { recursive: true });
  // The raw handle serves the hot paths (metric ingest, bulk reads) where Prisma costs 40x per row.
  const raw = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  // WAL lets readers run beside the writer and lets a second process (CLI, migration) open the file.
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = NORMAL");
  raw.pragma("foreign_keys = ON");
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: BUSY_TIMEOUT_MS }) });
  const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
  return { url, prisma, raw, kysely, statements: new Map() };
}

function handles(): Handles {
  const wanted = process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const current = globalForDb.sweepboardDb;
  if (current && current.url === wanted) return current;
  if (current) {
    current.raw.close();
    void current.prisma.$disconnect();
  }
  const next = open();
  globalForDb.sweepboardDb = next;
  return next;
}

/** Which database this process is talking to: part of every in-process cache key. */
export function databaseKey(): string {
  return process.env.DATABASE_URL ?? defaultDatabaseUrl;
}

export function prisma(): PrismaClient {
  return handles().prisma;
}

/** The typed query layer: table and column types come from schema.prisma (prisma-kysely). */
export function db(): Kysely<DB> {
  return handles().kysely;
}

/** A handle to run queries on: the database itself, or the connection of a running writeTransaction. */
export type Tx = Kysely<DB>;

/**
 * Runs `fn` in one IMMEDIATE transaction: the write lock is taken at BEGIN, so a read-decide-write step (an
 * ask, a tell) can never interleave with another process's, and this process's writes queue first so two
 * of its own never wait on each other inside SQLite's busy loop.
 */
export function writeTransaction<T>(fn: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
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
          await sql`ROLLBACK`.execute(conn);
          throw error;
        }
      }),
  );
}

export function rawDb(): Database.Database {
  return handles().raw;
}

/**
 * A prepared statement on the raw handle, prepared once per connection: the hot paths run the same
 * few statements thousands of times a second, and preparing costs more than running them.
 */
export function statement(sql: string): Database.Statement {
  const h = handles();
  let stmt = h.statements.get(sql);
  if (!stmt) {
    stmt = h.raw.prepare(sql);
    h.statements.set(sql, stmt);
  }
  return stmt;
}

/** Closes both connections (tests, graceful shutdown). */
export async function closeDb(): Promise<void> {
  const current = globalForDb.sweepboardDb;
  globalForDb.sweepboardDb = undefined;
  if (!current) return;
  current.raw.close();
  await current.prisma.$disconnect();
}
