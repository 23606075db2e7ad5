import "server-only";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { defaultDatabaseUrl, sqliteFilePath } from "@/scripts/db-url.mjs";

const BUSY_TIMEOUT_MS = 10_000;

interface Handles {
  url: string;
  prisma: PrismaClient;
  raw: Database.Database;
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
  return { url, prisma, raw, statements: new Map() };
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

export function prisma(): PrismaClient {
  return handles().prisma;
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
