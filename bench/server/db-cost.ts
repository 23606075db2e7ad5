// What one database call costs in the server's process: the Prisma calls the hot paths make
// (token by hash on every request; trial and experiment by id on every POST /metrics) against the
// same reads as better-sqlite3 prepared statements, on a fresh migrated SQLite file.
//
//   npx tsx bench/server/db-cost.ts [--n 2000]

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { banner, finishLine, fmt, numberOption } from "./common";

const n = Math.round(numberOption("n", 2000));

async function time(label: string, fn: () => unknown): Promise<string> {
  for (let i = 0; i < 200; i++) await fn();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const wallUs = ((performance.now() - t0) * 1000) / n;
  const c = process.cpuUsage(c0);
  return `  ${label.padEnd(58)} ${fmt(wallUs, 1).padStart(8)} us wall ${fmt((c.user + c.system) / n, 1).padStart(8)} us CPU per call`;
}

async function main(): Promise<void> {
  banner("Sweepboard DB call cost: Prisma vs better-sqlite3, in one process", [`run: ${n} sequential calls each after 200 warm-up calls`]);
  const dir = mkdtempSync(join(os.tmpdir(), "sweepboard-dbcost-"));
  const file = join(dir, "cost.db");
  const url = `file:${file}`;
  execFileSync(process.execPath, ["scripts/with-db-env.mjs", "prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
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
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  const token = raw.prepare("SELECT * FROM ApiToken WHERE hash = ?");
  const trial = raw.prepare("SELECT * FROM Trial WHERE id = ?");
  const experiment = raw.prepare("SELECT * FROM Experiment WHERE id = ?");
  const lines = [
    await time("prisma.apiToken.findUnique({ where: { hash } })", () => prisma.apiToken.findUnique({ where: { hash: "h" } })),
    await time("better-sqlite3 SELECT * FROM ApiToken WHERE hash = ?", () => token.get("h")),
    await time("prisma.trial.findUnique({ where: { id } })", () => prisma.trial.findUnique({ where: { id: 1 } })),
    await time("better-sqlite3 SELECT * FROM Trial WHERE id = ?", () => trial.get(1)),
    await time("prisma.experiment.findUnique({ where: { id } })", () => prisma.experiment.findUnique({ where: { id: 1 } })),
    await time("better-sqlite3 SELECT * FROM Experiment WHERE id = ?", () => experiment.get(1)),
    await time("prisma.trial.update (heartbeatAt)", () => prisma.trial.update({ where: { id: 1 }, data: { heartbeatAt: new Date() } })),
    await time("better-sqlite3 UPDATE Trial SET heartbeatAt = ? WHERE id = ?", () => raw.prepare("UPDATE Trial SET heartbeatAt = ? WHERE id = ?").run(new Date().toISOString(), 1)),
  ];
  for (const l of lines) console.log(l);
  await prisma.$disconnect();
  raw.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(finishLine());
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
