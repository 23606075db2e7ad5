import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { setupTempDatabase } from "../../support/temp-db";

// PostgreSQL's migrations (prisma/postgres/migrations) must build what SQLite's (prisma/sqlite/migrations) build:
// the same tables, columns (name, type, nullability), indexes and keys, or one query layer could not serve both.
// This run's database was migrated by `prisma migrate deploy`; a SQLite file is migrated the same way here.
setupTempDatabase({ token: false });

const TYPES: Record<string, string> = { INTEGER: "integer", TEXT: "text", REAL: "double precision", DATETIME: "timestamp without time zone", BOOLEAN: "boolean" };
const dir = mkdtempSync(join(tmpdir(), "sweepboard-parity-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Shape = { columns: Record<string, string[]>; indexes: string[] };

function sqliteShape(): Shape {
  const file = join(dir, "parity.db");
  execFileSync(process.execPath, ["scripts/with-db-env.mjs", "prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${file}` }, stdio: "pipe" });
  const sqlite = new Database(file, { readonly: true });
  try {
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name").pluck().all() as string[];
    const columns: Shape["columns"] = {};
    const indexes: string[] = [];
    for (const t of tables) {
      const info = sqlite.prepare(`SELECT name, type, "notnull" AS nn, pk FROM pragma_table_info(?) ORDER BY name`).all(t) as Array<{ name: string; type: string; nn: number; pk: number }>;
      columns[t] = info.map((c) => `${c.name} ${TYPES[c.type] ?? `unknown ${c.type}`} ${c.nn || c.pk ? "not null" : "null"}${c.pk ? ` pk${c.pk}` : ""}`);
      const list = sqlite.prepare("SELECT name, \"unique\" AS u, origin FROM pragma_index_list(?)").all(t) as Array<{ name: string; u: number; origin: string }>;
      for (const i of list.filter((i) => i.origin === "c")) {
        const cols = (sqlite.prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno").pluck().all(i.name) as string[]).join(",");
        indexes.push(`${i.name} on ${t}(${cols})${i.u ? " unique" : ""}`);
      }
    }
    return { columns, indexes: indexes.sort() };
  } finally {
    sqlite.close();
  }
}

async function postgresShape(): Promise<Shape> {
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string; pk: number | null }>`
    SELECT c.table_name, c.column_name, c.data_type, c.is_nullable,
      (SELECT k.ordinal_position FROM information_schema.key_column_usage k JOIN information_schema.table_constraints tc
         ON tc.constraint_name = k.constraint_name AND tc.table_name = k.table_name AND tc.constraint_type = 'PRIMARY KEY'
       WHERE k.table_name = c.table_name AND k.column_name = c.column_name) AS pk
    FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name <> '_prisma_migrations'
    ORDER BY c.table_name, c.column_name`.execute(db());
  const columns: Shape["columns"] = {};
  for (const r of rows) (columns[r.table_name] ??= []).push(`${r.column_name} ${r.data_type} ${r.is_nullable === "NO" ? "not null" : "null"}${r.pk ? ` pk${r.pk}` : ""}`);
  const indexes = await sql<{ name: string; t: string; cols: string; u: boolean }>`
    SELECT i.relname AS name, t.relname AS t, x.indisunique AS u,
      (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS cols
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
    WHERE s.nspname = current_schema() AND NOT x.indisprimary AND t.relname <> '_prisma_migrations'`.execute(db());
  return { columns, indexes: indexes.rows.map((i) => `${i.name} on ${i.t}(${i.cols})${i.u ? " unique" : ""}`).sort() };
}

describe("PostgreSQL's migrations", () => {
  it("build the tables, columns, keys and indexes SQLite's build", async () => {
    const [lite, pg] = [sqliteShape(), await postgresShape()];
    expect(Object.keys(pg.columns).sort()).toEqual(Object.keys(lite.columns).sort());
    // Every table db copy knows, the newest included.
    expect(Object.keys(lite.columns)).toEqual(expect.arrayContaining(["Trial", "MetricPoint", "TrialRun", "TrialOutputLine", "Worker", "WorkerAssignment"]));
    for (const table of Object.keys(lite.columns)) expect(pg.columns[table], table).toEqual(lite.columns[table]);
    expect(pg.indexes).toEqual(lite.indexes);
    expect(lite.indexes.length).toBeGreaterThan(10);
  });
});
