// No "server-only" here: bench/server/db-cost.ts measures this exact wrapper outside Next.
import type Database from "better-sqlite3";
import type { SqliteDatabase } from "kysely";

/**
 * better-sqlite3 as Kysely's SqliteDialect sees it, with each SQL text prepared once: Kysely's driver calls
 * `prepare` on every query. For the hot paths' one-row reads that is up to ~15 us of CPU per query on top of
 * Kysely's own ~20 us (bench/server/db-cost.ts: Experiment by id 13 us cached against 29 us stock; the
 * bare better-sqlite3 statement 11 us). Texts vary little (lists travel as one JSON parameter, see
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
