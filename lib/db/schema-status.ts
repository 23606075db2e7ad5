import "server-only";
import { sql } from "kysely";
import { db, isPostgres } from "./client";

/** True once the migrations have created the tables (a fresh DATABASE_URL has none). */
export async function databaseIsMigrated(): Promise<boolean> {
  const { rows } = isPostgres()
    ? await sql<{ found: number }>`SELECT 1 AS found FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'ApiToken'`.execute(db())
    : await sql<{ found: number }>`SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'ApiToken'`.execute(db());
  return rows.length > 0;
}
