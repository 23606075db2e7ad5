import "server-only";
import { rawDb } from "./client";

/** True once the migrations have created the tables (a fresh DATABASE_URL has none). */
export function databaseIsMigrated(): boolean {
  return rawDb().prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ApiToken'").get() !== undefined;
}
