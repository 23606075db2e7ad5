import "server-only";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { DB } from "@/lib/generated/kysely/types";

// PostgreSQL through Kysely's PostgresDialect on a pg Pool. lib/db's one DB type is generated from the
// schema as SQLite sees it (prisma/sqlite/schema): DateTime as ISO-8601 text, Boolean as 0/1, counts as
// numbers. These type parsers make PostgreSQL answer in exactly those forms, so every query in lib/db
// means the same thing on both databases and no caller needs to know which one it talks to.

const OID = { bool: 16, int8: 20, numeric: 1700, timestamp: 1114, timestamptz: 1184 } as const;

/** `2026-12-03 10:15:00.5` (timestamp(3), DateStyle ISO, UTC) as `2026-12-03T10:15:00.500Z`, as toISOString writes it. */
export function isoFromTimestamp(text: string): string {
  const dot = text.indexOf(".", 19);
  const fraction = dot < 0 ? "000" : text.slice(dot + 1, dot + 4).padEnd(3, "0");
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}Z`;
}

const parsers: Record<number, (text: string) => unknown> = {
  [OID.bool]: (text) => (text === "t" ? 1 : 0),
  // COUNT(*) is bigint and pg answers bigints as strings: the counts here are far below 2^53.
  [OID.int8]: Number,
  [OID.numeric]: Number,
  [OID.timestamp]: isoFromTimestamp,
  [OID.timestamptz]: (text) => new Date(text).toISOString(),
};

const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    return parsers[oid] ?? pg.types.getTypeParser(oid, format ?? "text");
  },
} as pg.CustomTypesConfig;

/** Connections per process: several stateless instances share one server's max_connections (100 by default). */
const POOL_SIZE = Number(process.env.SWEEPBOARD_PG_POOL ?? 10);

export function openPostgres(url: string): { pool: pg.Pool; kysely: Kysely<DB> } {
  // UTC sessions: timestamp(3) columns hold UTC wall time, written as ISO text whose "Z" PostgreSQL ignores for
  // a timestamp without time zone; CURRENT_TIMESTAMP defaults would otherwise be local time.
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, types, options: "-c TimeZone=UTC", idleTimeoutMillis: 30_000 });
  // An idle connection dropped by the server (restart, admin) must not crash the process: the pool reconnects.
  pool.on("error", (error) => console.error("[sweepboard] idle PostgreSQL connection failed:", error.message));
  return { pool, kysely: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }) };
}

/** Errors after which the whole transaction may simply run again: it was rolled back and changed nothing. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error ? (error as { code: unknown }).code : undefined;
  // serialization_failure, deadlock_detected
  return code === "40001" || code === "40P01";
}
