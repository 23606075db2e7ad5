import "server-only";
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from "kysely";
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

/**
 * How long a request waits for a connection (a new one to a server that does not answer, or a free one of a
 * busy pool) before it is answered 503 database_unavailable: never a hang.
 */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * A pool and its Kysely. `serve: false` (the CLI's copy) leaves out the server's outage handling: its errors stay
 * the driver's own and nothing is logged.
 */
export function openPostgres(url: string, opts: { max?: number; serve?: boolean } = {}): { pool: pg.Pool; kysely: Kysely<DB> } {
  // UTC sessions: timestamp(3) columns hold UTC wall time, written as ISO text whose "Z" PostgreSQL ignores for
  // a timestamp without time zone; CURRENT_TIMESTAMP defaults would otherwise be local time.
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? POOL_SIZE,
    types,
    options: "-c TimeZone=UTC",
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
  });
  // An idle connection dropped by the server (restart, admin) must not crash the process: the pool drops it and
  // opens a new one on the next request.
  const serve = opts.serve ?? true;
  pool.on("error", (error) => {
    if (!serve) return;
    if (isConnectionError(error)) noteUnavailable(error);
    else console.error("[sweepboard] idle PostgreSQL connection failed:", error.message);
  });
  return { pool, kysely: new Kysely<DB>({ dialect: new PostgresDialect({ pool: serve ? watchedPool(pool) : pool }) }) };
}

// ---- Outages: PostgreSQL stopped, restarting or unreachable ---------------------------------------------------

/**
 * Thrown by every query while PostgreSQL cannot be reached (lib/http answers it 503 database_unavailable with
 * Retry-After). The statement did not run, or its transaction was rolled back with the connection: nothing
 * was stored. `cause` is the driver's error.
 */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
  readonly code = "database_unavailable";
  constructor(readonly reason: string, options: { cause: unknown }) {
    super(`the database cannot be reached (${reason})`, options);
  }
}

/** SQLSTATEs and socket errors that mean "no connection", not "this statement is wrong". */
const CONNECTION_CODES = new Set([
  "57P01", // admin_shutdown: pg_ctl stop, a restart
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up or shutting down
  "53300", // too_many_connections
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNABORTED",
]);
// pg's own errors carry no code: a socket closed under a query, a pool wait that timed out, a client that died.
const CONNECTION_MESSAGES = /^Connection terminated|timeout exceeded when trying to connect|is not queryable|Connection closed/;

/** True when `error` (or what it wraps) says the database cannot be reached. */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  if (error instanceof DatabaseUnavailableError) return true;
  const code = (error as { code?: unknown }).code;
  // 08xxx: connection_exception and its subclasses (08006 connection_failure, 08001, 08004 ...).
  if (typeof code === "string" && (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (error instanceof AggregateError && error.errors.some(isConnectionError)) return true;
  // Any other code names another failure (a constraint, a full disk, SQLite's own): never an outage.
  return code === undefined && error instanceof Error && CONNECTION_MESSAGES.test(error.message);
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AggregateError && !message) return error.errors.map(reasonOf).join("; ");
  return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message || String(code);
}

// Kept on globalThis: the production server holds two copies of this module (see write-lock.ts).
const outage = globalThis as unknown as { sweepboardDbDownSince?: number; sweepboardDbBackAt?: number };

/**
 * When this process's last database outage ended (ms since the epoch), undefined if it has had none: like the
 * server's own start, time the database was down does not count against a running trial's grace period.
 */
export function databaseBackSince(): number | undefined {
  return outage.sweepboardDbBackAt;
}

/** Logs the first failure of an outage, once; later ones are silent until PostgreSQL answers again. */
function noteUnavailable(error: unknown): void {
  if (outage.sweepboardDbDownSince !== undefined) return;
  outage.sweepboardDbDownSince = Date.now();
  console.error(`[sweepboard] PostgreSQL cannot be reached (${reasonOf(error)}): answering 503 database_unavailable until it is back`);
}

function noteAnswered(): void {
  const since = outage.sweepboardDbDownSince;
  if (since === undefined) return;
  outage.sweepboardDbDownSince = undefined;
  outage.sweepboardDbBackAt = Date.now();
  console.error(`[sweepboard] PostgreSQL answers again (down ${((Date.now() - since) / 1000).toFixed(1)} s)`);
}

function unavailable(error: unknown): unknown {
  if (!isConnectionError(error) || error instanceof DatabaseUnavailableError) return error;
  noteUnavailable(error);
  return new DatabaseUnavailableError(reasonOf(error), { cause: error });
}

type PoolClient = { query(...args: unknown[]): unknown; release(destroy?: unknown): void };
interface Watched extends PoolClient {
  broken: boolean;
}

/**
 * The pool as Kysely sees it: a connection error of any query or connect becomes a DatabaseUnavailableError,
 * and the connection it happened on is destroyed on release, never handed out again; the first query that
 * succeeds ends the outage. Nothing is recreated by hand: the pool opens fresh connections on demand.
 */
function watchedPool(pool: pg.Pool): PostgresPool {
  const wrappers = new WeakMap<object, Watched>();
  return {
    async connect(): Promise<PostgresPoolClient> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw unavailable(error);
      }
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        const w: Watched = {
          broken: false,
          query(...args: unknown[]) {
            const result = (client.query as (...a: unknown[]) => unknown).apply(client, args);
            if (!(result instanceof Promise)) return result;
            return result.then(
              (value: unknown) => {
                noteAnswered();
                return value;
              },
              (error: unknown) => {
                if (isConnectionError(error)) w.broken = true;
                throw unavailable(error);
              },
            );
          },
          release(destroy?: unknown) {
            client.release(destroy === true || w.broken ? true : undefined);
          },
        };
        // A connection that dies while checked out but not in a query (a transaction between two statements)
        // emits "error" on its client, which the pool listens to only while the client is idle: unheard, that
        // error would end the process. The transaction's next statement fails with it anyway.
        client.on("error", (error: Error) => {
          w.broken = true;
          if (isConnectionError(error)) noteUnavailable(error);
        });
        wrappers.set(client, (wrapper = w));
      }
      wrapper.broken = false;
      return wrapper as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

/** A driver error as one line for the CLI: what failed and where. */
export function describeDatabaseError(error: unknown, where: string): string {
  const cause = error instanceof DatabaseUnavailableError ? error.cause : error;
  const code = (cause as { code?: unknown }).code;
  if (code === "3D000") return `${reasonOf(cause)} on ${where}: create it first (createdb)`;
  if (code === "28P01" || code === "28000") return `${reasonOf(cause)} on ${where}`;
  if (isConnectionError(cause)) return `cannot reach PostgreSQL at ${where} (${reasonOf(cause)}): is it running, and is the address right?`;
  return reasonOf(cause);
}

/** Errors after which the whole transaction may simply run again: it was rolled back and changed nothing. */
export function isRetryableTransactionError(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error ? (error as { code: unknown }).code : undefined;
  // serialization_failure, deadlock_detected
  return code === "40001" || code === "40P01";
}
