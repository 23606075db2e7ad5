// No "server-only" here: bench/server/db-cost.ts measures this exact wrapper outside Next.
import type Database from "better-sqlite3";
import type { SqliteDatabase } from "kysely";

/**
 * better-sqlite3 as Kysely's SqliteDialect sees it, with each SQL text prepared once: Kysely's driver calls
 * `prepare` on every query, and for the hot paths' one-row statements preparing costs more than running
 * (figures in bench/server/db-cost.ts). Texts vary little (lists travel as one JSON parameter, see
 * columns.ts jsonList), so a small LRU bound is generous.
 */
export function statementCache(sqlite: Database.Database, max = 256): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text) {
      let stmt = cache.get(text);
      if (stmt) {
        cache.delete(text);
      } else {
        stmt = sqlite.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      }
      cache.set(text, stmt);
      return stmt;
    },
  };
}
