import "server-only";

// This process's writes run one at a time, in arrival order: SQLite has one writer, and a BEGIN IMMEDIATE
// waiting on this process's own lock would spin in better-sqlite3's synchronous busy loop, blocking the
// event loop. Kysely's single SQLite connection serialises queries too; the queue states it for writes
// whatever the dialect. Other processes (the CLI) are handled by SQLite's busy timeout.
// The queue lives on globalThis, like the connection (client.ts): the production server holds two copies
// of this module (Next's bundle and the direct API path's, server/main.ts), and both must wait in one line.
const queue = globalThis as unknown as { sweepboardWriteTail?: Promise<unknown> };

export function withWriteLock<T>(fn: () => Promise<T> | T): Promise<T> {
  const run = (queue.sweepboardWriteTail ?? Promise.resolve()).then(fn, fn);
  queue.sweepboardWriteTail = run.catch(() => undefined);
  return run;
}
