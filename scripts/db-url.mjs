// The one place that knows the default database location and which database a URL names, shared by
// scripts, prisma.config.ts and the runtime client.

export const defaultDatabaseUrl = "file:./data/sweepboard.db";

/** True for a PostgreSQL URL (postgres:// or postgresql://). */
export function isPostgresUrl(url) {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Which provider's schema and migrations a URL needs: "postgres" or "sqlite". */
export function databaseProvider(url) {
  return isPostgresUrl(url) ? "postgres" : "sqlite";
}

/**
 * The file path of a `file:` SQLite URL (relative paths stay relative: the file system resolves
 * them against the working directory, as SQLite itself does), or null for any other URL.
 */
export function sqliteFilePath(url) {
  if (!url.startsWith("file:")) return null;
  return url.slice("file:".length).split("?")[0];
}
