// `sweepboard db copy --from file:... --to postgresql://...`: moves a SQLite database to PostgreSQL (lib/db/copy.ts
// does the copy; this parses, migrates an empty target and reports progress on stderr).
import { execFile } from "node:child_process";
import { parseArgs } from "node:util";
import { checkSource, checkTargetUrl, copySqliteToPostgres, DatabaseCopyError, redactUrl, targetIsMigrated, type CopyProgress } from "@/lib/db/copy";

export const DB_USAGE = `usage:
  sweepboard db copy --from file:./data/sweepboard.db --to postgresql://user@host/db

Copies every table and row of a SQLite database into an empty PostgreSQL database, ids kept; a database with no
tables is migrated first (prisma/postgres/migrations). One transaction on the target: on any error nothing is
copied. Stop the server on the SQLite file first (the copy is the database as of its start), and start the
server with DATABASE_URL set to the target afterwards.

options:
  --from URL         the SQLite database (file:PATH)
  --to URL           the PostgreSQL database (postgresql://...), created beforehand (createdb) and empty
  --batch-rows N     rows per INSERT (default 10000)
  -h, --help         this help`;

export class DbUsageError extends Error {}

export interface DbIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** The package root: scripts/with-db-env.mjs runs the migrations. */
  root: string;
}

const PROGRESS_EVERY_MS = 2_000;
const MIGRATE_TIMEOUT_MS = 180_000;

function migrate(root: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [`${root}/scripts/with-db-env.mjs`, "prisma", "migrate", "deploy"],
      { cwd: root, env: { ...process.env, DATABASE_URL: to }, timeout: MIGRATE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        const output = `${stderr}`.trim().split("\n").filter(Boolean).slice(-3).join(" ") || error.message;
        reject(new DatabaseCopyError(`--to: could not migrate ${redactUrl(to)} (prisma migrate deploy failed): ${output}`));
      },
    );
  });
}

const count = (n: number) => n.toLocaleString("en-US");

/** `db copy`: 0 on success, 1 when the copy failed (nothing copied), 2 for bad usage. */
export async function runDbCommand(argv: string[], io: DbIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    (sub === undefined ? io.err : io.out)(DB_USAGE);
    return sub === undefined ? 2 : 0;
  }
  try {
    if (sub !== "copy") throw new DbUsageError(`unknown db command "${sub}" (commands: copy)`);
    let values: { from?: string; to?: string; "batch-rows"?: string; help?: boolean };
    try {
      ({ values } = parseArgs({ args: rest, options: { from: { type: "string" }, to: { type: "string" }, "batch-rows": { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true }));
    } catch (error) {
      throw new DbUsageError(error instanceof Error ? error.message : String(error));
    }
    if (values.help) {
      io.out(DB_USAGE);
      return 0;
    }
    if (!values.from) throw new DbUsageError("db copy needs --from file:PATH (the SQLite database)");
    if (!values.to) throw new DbUsageError("db copy needs --to postgresql://... (the PostgreSQL database)");
    const batchRows = values["batch-rows"] === undefined ? undefined : Number(values["batch-rows"]);
    if (batchRows !== undefined && !(Number.isSafeInteger(batchRows) && batchRows >= 1 && batchRows <= 100_000)) throw new DbUsageError("--batch-rows must be a whole number from 1 to 100000");
    const { from, to } = values;
    checkTargetUrl(to);
    checkSource(from);

    if (!(await targetIsMigrated(to))) {
      io.err(`migrating ${redactUrl(to)} (prisma migrate deploy)...`);
      await migrate(io.root, to);
    }
    io.err(`copying ${from} into ${redactUrl(to)}...`);
    // A line per table once it is copied, and every 2 s for a large one in between.
    let lastShown = performance.now();
    const progress = (p: CopyProgress) => {
      const now = performance.now();
      const done = p.copied === p.total;
      if (p.copied === 0 || (!done && now - lastShown < PROGRESS_EVERY_MS)) return;
      lastShown = now;
      io.err(`  ${p.table}: ${count(p.copied)} of ${count(p.total)} rows${done ? "" : ` (${Math.floor((100 * p.copied) / p.total)}%)`}`);
    };
    const summary = await copySqliteToPostgres({ from, to, batchRows, onProgress: progress });
    const rows = summary.tables.reduce((s, t) => s + t.rows, 0);
    io.out(`copied ${count(rows)} rows (${summary.tables.map((t) => `${t.table} ${count(t.rows)}`).join(", ")}) in ${(summary.ms / 1000).toFixed(1)} s`);
    return 0;
  } catch (error) {
    if (error instanceof DbUsageError) {
      io.err(`sweepboard: ${error.message}\n${DB_USAGE}`);
      return 2;
    }
    if (error instanceof DatabaseCopyError) {
      io.err(`sweepboard: db copy: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
