import { z } from "zod";

/** Every error the app answers with on purpose; the code decides the HTTP status. */
export const ERROR_STATUS = {
  invalid_json: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  wrong_state: 409,
  budget_exhausted: 409,
  parallel_limit: 409,
  experiment_not_running: 409,
  no_free_slots: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_error: 422,
  storage_full: 507,
  database_unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; path?: string; issues?: Array<{ path: string; message: string }> };
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly path?: string;
  readonly issues?: Array<{ path: string; message: string }>;

  constructor(code: ErrorCode, message: string, opts: { path?: string; issues?: Array<{ path: string; message: string }> } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.path = opts.path;
    this.issues = opts.issues;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    const error: ErrorBody["error"] = { code: this.code, message: this.message };
    if (this.path !== undefined) error.path = this.path;
    if (this.issues && this.issues.length > 1) error.issues = this.issues;
    return { error };
  }
}

/**
 * The database's "disk full" (SQLite's SQLITE_FULL, PostgreSQL's 53100) as the answer clients can act on:
 * a 507 that says nothing was stored, instead of a 500 an agent would retry as an outage. Reads keep
 * working meanwhile. Null for every other error.
 */
export function storageFullError(error: unknown): AppError | null {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  const cause = typeof error === "object" && error !== null ? (error as { cause?: unknown }).cause : undefined;
  if (code === "SQLITE_FULL" || code === "53100") {
    return new AppError("storage_full", "the server's disk is full: nothing was stored; free space on the server and send again");
  }
  return cause !== undefined && cause !== error ? storageFullError(cause) : null;
}

/** Seconds a client is told to wait (Retry-After) while the database cannot be reached: a restart takes a few. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * The database cannot be reached (PostgreSQL stopped, restarting, unreachable, or no free connection in time):
 * lib/db/postgres.ts recognises the driver's errors and throws them as code "database_unavailable" (and logs
 * once per outage). A 503 with Retry-After that agents ride out, instead of a 500: the statement did not run or
 * was rolled back with its connection. Null for every other error.
 */
export function databaseUnavailableError(error: unknown): AppError | null {
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "database_unavailable") {
      return new AppError("database_unavailable", `the database cannot be reached; nothing was stored; try again in ${DATABASE_RETRY_AFTER_SECONDS} s`);
    }
  }
  return null;
}

/**
 * Text PostgreSQL cannot store: a NUL character (U+0000) in a TEXT column (22021, character_not_in_repertoire;
 * 22P05 for one its encoding lacks). SQLite stores it; on PostgreSQL it is the client's input that cannot be
 * kept, a 422 saying so, not a 500. Null for every other error.
 */
export function unstorableTextError(error: unknown): AppError | null {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === "22021" || code === "22P05") {
    return new AppError("validation_error", "a text field contains a character the database cannot store (NUL, U+0000): nothing was stored; remove it and send again");
  }
  return null;
}

/** What every path answers for an unexpected error: nothing that could leak internals. */
export const INTERNAL_ERROR = { code: "internal", message: "internal server error" } as const;

export function notFound(what: string, id: string | number): AppError {
  return new AppError("not_found", `${what} ${id} does not exist`);
}

/** Formats a zod issue path as `objectives[0].metric`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

const MISSING = Symbol("missing");

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !(key in current)) return MISSING;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === "unrecognized_keys") return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  if (issue.code === "invalid_type") {
    const value = valueAt(input, issue.path);
    if (value === MISSING || value === undefined) return "is required";
    if (typeof value === "number" && !Number.isFinite(value)) return `must be a finite number, got ${value}`;
  }
  return issue.message;
}

/** Turns a zod error into a 422 naming every offending path; `input` is what was validated. */
export function fromZodError(error: z.ZodError, input?: unknown, prefix = ""): AppError {
  const issues = error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const full = prefix && path ? `${prefix}.${path}` : prefix || path;
    return { path: full, message: describeIssue(issue, input) };
  });
  const first = issues[0] ?? { path: "", message: "invalid input" };
  const where = first.path ? `${first.path}: ` : "";
  return new AppError("validation_error", `${where}${first.message}`, { path: first.path || undefined, issues });
}
