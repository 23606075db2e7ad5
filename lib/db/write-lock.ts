import "server-only";

// SQLite has one writer at a time. Two connections of this process (Prisma's and the raw one) waiting
// on each other's lock would block the event loop inside better-sqlite3's synchronous busy wait, so
// every write in this process queues here first; other processes are handled by the busy timeout.
let tail: Promise<unknown> = Promise.resolve();

export function withWriteLock<T>(fn: () => Promise<T> | T): Promise<T> {
  const run = tail.then(fn, fn);
  tail = run.catch(() => undefined);
  return run;
}
