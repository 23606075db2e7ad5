// What one database call costs in the server's process: the queries the hot paths make (token by hash on
// every request; trial and experiment by id on every POST /metrics; a 1,000-point metric batch) through
// the query layer as lib/db runs it (Kysely on better-sqlite3 with each SQL text prepared once), through
// Kysely's stock SQLite driver (prepares on every query), and as bare better-sqlite3 prepared statements,
// on a fresh migrated SQLite file.
//
//   npx tsx bench/server/db-cost.ts [--n 2000]

import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { Kysely, SqliteDialect, sql } from "kysely";
import { statementCache } from "@/lib/db/statement-cache";
import type { DB } from "@/lib/generated/kysely/types";
import { banner, finishLine, fmt, numberOption } from "./common";

const n = Math.round(numberOption("n", 2000));
const BATCH = 1_000;

async function time(label: string, fn: () => unknown, calls = n): Promise<string> {
  for (let i = 0; i < Math.min(200, calls); i++) await fn();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  const wallUs = ((performance.now() - t0) * 1000) / calls;
  const c = process.cpuUsage(c0);
  return `  ${label.padEnd(70)} ${fmt(wallUs, 1).padStart(9)} us wall ${fmt((c.user + c.system) / calls, 1).padStart(9)} us CPU per call`;
}

function points(base: number) {
  return Array.from({ length: BATCH }, (_, i) => ({ trialId: 1, name: `m${i % 4}`, step: base + i, value: Math.random(), wallTime: 1 }));
}

async function main(): Promise<void> {
  banner("Sweepboard DB call cost: Kysely (as lib/db runs it) vs Kysely's stock driver vs better-sqlite3, in one process", [
    `run: ${n} sequential calls each after 200 warm-up calls; batches: ${Math.max(20, n / 50)} of ${BATCH} points`,
  ]);
  const dir = mkdtempSync(join(os.tmpdir(), "sweepboard-dbcost-"));
  const file = join(dir, "cost.db");
  execFileSync(process.execPath, ["scripts/with-db-env.mjs", "prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${file}` }, stdio: "pipe" });
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = NORMAL");
  const now = new Date().toISOString();
  raw.prepare("INSERT INTO ApiToken (name, prefix, hash, scopes, createdAt) VALUES ('bench', 'sb_x', 'h', 'read,write', ?)").run(now);
  raw
    .prepare(
      `INSERT INTO Experiment (name, spaceSource, space, samplerConfig, prunerConfig, objectives, seed, updatedAt)
       VALUES ('e', '{}', '{}', '{}', '{}', '[{"metric":"loss","direction":"minimize"}]', 0, ?)`,
    )
    .run(now);
  raw.prepare(`INSERT INTO Trial (experimentId, number, params, paramsInternal, state, userAttrs, systemAttrs) VALUES (1, 0, '{}', '{}', 'running', '{}', '{}')`).run();
  const cached = new Kysely<DB>({ dialect: new SqliteDialect({ database: statementCache(raw) }) });
  const stock = new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
  const token = raw.prepare("SELECT * FROM ApiToken WHERE hash = ?");
  const trial = raw.prepare("SELECT * FROM Trial WHERE id = ?");
  const experiment = raw.prepare("SELECT * FROM Experiment WHERE id = ?");
  const touch = raw.prepare("UPDATE Trial SET heartbeatAt = ? WHERE id = ?");
  const lines: string[] = [];
  for (const [name, k] of [
    ["kysely, lib/db's statement cache", cached],
    ["kysely, stock driver", stock],
  ] as const) {
    lines.push(await time(`${name}: ApiToken by hash`, () => k.selectFrom("ApiToken").selectAll().where("hash", "=", "h").executeTakeFirst()));
    lines.push(await time(`${name}: Trial by id`, () => k.selectFrom("Trial").selectAll().where("id", "=", 1).executeTakeFirst()));
    lines.push(await time(`${name}: Experiment by id`, () => k.selectFrom("Experiment").selectAll().where("id", "=", 1).executeTakeFirst()));
    lines.push(await time(`${name}: UPDATE Trial heartbeatAt`, () => k.updateTable("Trial").set({ heartbeatAt: new Date().toISOString() }).where("id", "=", 1).execute()));
  }
  lines.push(await time("better-sqlite3: ApiToken by hash", () => token.get("h")));
  lines.push(await time("better-sqlite3: Trial by id", () => trial.get(1)));
  lines.push(await time("better-sqlite3: Experiment by id", () => experiment.get(1)));
  lines.push(await time("better-sqlite3: UPDATE Trial heartbeatAt", () => touch.run(new Date().toISOString(), 1)));

  // A metric batch as insertMetricPoints writes it: one IMMEDIATE transaction, upsert on (trial, name, step).
  const batches = Math.max(20, n / 50);
  let step = 0;
  for (const [name, k] of [
    ["kysely, lib/db's statement cache", cached],
    ["kysely, stock driver", stock],
  ] as const) {
    lines.push(
      await time(
        `${name}: ${BATCH}-point upsert, one multi-row INSERT`,
        () =>
          k.connection().execute(async (c) => {
            await sql`BEGIN IMMEDIATE`.execute(c);
            await c
              .insertInto("MetricPoint")
              .values(points((step += BATCH)))
              .onConflict((oc) => oc.columns(["trialId", "name", "step"]).doUpdateSet((eb) => ({ value: eb.ref("excluded.value"), wallTime: eb.ref("excluded.wallTime") })))
              .execute();
            await sql`COMMIT`.execute(c);
          }),
        batches,
      ),
    );
  }
  const insert = raw.prepare(
    `INSERT INTO MetricPoint (trialId, name, step, value, wallTime) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (trialId, name, step) DO UPDATE SET value = excluded.value, wallTime = excluded.wallTime`,
  );
  const rawBatch = raw.transaction((ps: ReturnType<typeof points>) => {
    for (const p of ps) insert.run(p.trialId, p.name, p.step, p.value, p.wallTime);
  });
  lines.push(await time(`better-sqlite3: ${BATCH}-point upsert, one prepared INSERT per point`, () => rawBatch.immediate(points((step += BATCH))), batches));
  for (const l of lines) console.log(l);
  await cached.destroy();
  rmSync(dir, { recursive: true, force: true });
  console.log(finishLine());
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
