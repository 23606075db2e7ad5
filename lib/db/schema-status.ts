import "server-only";
import { statement } from "./client";

/** True once the migrations have created the tables (a fresh DATABASE_URL has none). */
export function databaseIsMigrated(): boolean {
  return statement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ApiToken'").get() !== undefined;
}
