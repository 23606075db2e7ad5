import "server-only";

// This process's writes run one at a time, in arrival order: SQLite has one writer, and a BEGIN IMMEDIATE
// waiting on this process's own lock would spin in better-sqlite3's synchronous busy loop, blocking the
// event loop. Kysely's single SQLite connection serialises queries too; the queue states it for writes
// whatever the dialect. Other processes (the CLI) are handled by SQLite's busy timeout.
let tail: Promise<unknown> = Promise.resolve();

export function withWriteLock<T>(fn: () => Promise<T> | T): Promise<T> {
  const run = tail.then(fn, fn);
  tail = run.catch(() => undefined);
  return run;
}
