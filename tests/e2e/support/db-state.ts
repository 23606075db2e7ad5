import Database from "better-sqlite3";

// Reads the server's SQLite file beside it (WAL mode allows a reader) to prove that a refused request
// changed nothing: every row of every table, whatever tables later migrations add.

/** Columns that change on legitimate reads (a token's or a session's last use), not on writes. */
const VOLATILE = /^last\w*At$/i;

export interface DbState {
  tables: Record<string, string[]>;
}

export function readDbState(databaseFile: string): DbState {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name").all() as Array<{ name: string }>;
    const tables: Record<string, string[]> = {};
    for (const { name } of names) {
      const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as Array<{ name: string }>).map((c) => c.name).filter((c) => !VOLATILE.test(c));
      const rows = db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(", ")} FROM "${name}"`).raw().all() as unknown[][];
      tables[name] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return { tables };
  } finally {
    db.close();
  }
}

/** What changed between two states, one line per table ("" when nothing did). */
export function diffDbState(before: DbState, after: DbState): string {
  const out: string[] = [];
  for (const table of new Set([...Object.keys(before.tables), ...Object.keys(after.tables)])) {
    const a = new Set(before.tables[table] ?? []);
    const b = new Set(after.tables[table] ?? []);
    const added = [...b].filter((r) => !a.has(r));
    const removed = [...a].filter((r) => !b.has(r));
    if (added.length || removed.length) out.push(`${table}: +${added.length} -${removed.length} (${[...added.map((r) => `+${r}`), ...removed.map((r) => `-${r}`)].slice(0, 4).join(" ").slice(0, 400)})`);
  }
  return out.join("\n");
}

export function countRows(databaseFile: string, table: string, where = "1 = 1", ...params: unknown[]): number {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** The first column of the first row of a query, or undefined. */
export function queryValue(databaseFile: string, sql: string, ...params: unknown[]): unknown {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare(sql).raw().get(...params) as unknown[] | undefined;
    return row?.[0];
  } finally {
    db.close();
  }
}
