// The one place that knows the default database location, shared by scripts, prisma.config.ts
// and the runtime client.

export const defaultDatabaseUrl = "file:./data/sweepboard.db";

/**
 * The file path of a `file:` SQLite URL (relative paths stay relative: the file system resolves
 * them against the working directory, as SQLite itself does), or null for any other URL.
 */
export function sqliteFilePath(url) {
  if (!url.startsWith("file:")) return null;
  return url.slice("file:".length).split("?")[0];
}
