// How long `sweepboard db copy` takes for a database of N metric points.
//
//   npx tsx bench/server/db-copy.ts [--points 1000000] [--trials 100] [--batch-rows 10000]
//
// A SQLite file migrated with the real `prisma migrate deploy`, holding one experiment with `trials` complete
// trials and `points` metric points spread over them (written straight with better-sqlite3: this measures the
// copy, not the ingest), copied by the real CLI into a new database on a throwaway PostgreSQL cluster
// (tests/support/pg-cluster.ts, durable: fsync on). Prints the CLI's output and the wall time.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { adminQuery, startPgCluster } from "../../tests/support/pg-cluster";
import { numberOption } from "./common";

const points = Math.round(numberOption("points", 1_000_000));
const trials = Math.max(1, Math.round(numberOption("trials", 100)));
const batchRows = Math.round(numberOption("batch-rows", 10_000));

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "sweepboard-copy-bench-"));
  const file = join(dir, "source.db");
  const cluster = await startPgCluster({ durable: true });
  try {
    execFileSync(process.execPath, ["scripts/with-db-env.mjs", "prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${file}` }, stdio: "pipe" });
    const sqlite = new Database(file);
    sqlite.pragma("journal_mode = WAL");
    const now = new Date().toISOString();
    sqlite
      .prepare(`INSERT INTO "Experiment" ("name", "spaceSource", "space", "samplerConfig", "prunerConfig", "objectives", "seed", "trialCount", "createdAt", "updatedAt") VALUES ('bench', '{}', '{"x":{"type":"uniform","low":0,"high":1}}', '{}', '{}', '[{"metric":"loss","direction":"minimize"}]', 1, ?, ?, ?)`)
      .run(trials, now, now);
    const trial = sqlite.prepare(`INSERT INTO "Trial" ("experimentId", "number", "params", "paramsInternal", "state", "values", "value", "userAttrs", "systemAttrs", "createdAt", "startedAt", "completedAt") VALUES (1, ?, '{"x":0.5}', '{"x":0.5}', 'complete', '[0.1]', 0.1, '{}', '{}', ?, ?, ?)`);
    const point = sqlite.prepare(`INSERT INTO "MetricPoint" ("trialId", "name", "step", "value", "wallTime") VALUES (?, ?, ?, ?, ?)`);
    sqlite.transaction(() => {
      for (let t = 0; t < trials; t++) trial.run(t, now, now, now);
      const perTrial = Math.ceil(points / trials);
      for (let i = 0; i < points; i++) {
        const t = Math.floor(i / perTrial);
        const k = i % perTrial;
        point.run(t + 1, k % 2 ? "loss" : "acc", k >> 1, Math.random(), 1_764_000_000 + i / 10);
      }
    })();
    sqlite.close();
    await adminQuery(cluster.url("postgres"), `CREATE DATABASE "bench"`);
    console.log(`source: ${points.toLocaleString("en-US")} metric points, ${trials} trials, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`);
    const started = performance.now();
    const result = spawnSync(process.execPath, ["bin/sweepboard.mjs", "db", "copy", "--from", `file:${file}`, "--to", cluster.url("bench"), "--batch-rows", String(batchRows)], { encoding: "utf8" });
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(result.stderr);
    process.stdout.write(result.stdout);
    if (result.status !== 0) throw new Error(`db copy exited ${result.status}`);
    console.log(`wall time of the CLI (migration included): ${seconds.toFixed(1)} s; ${Math.round(points / seconds).toLocaleString("en-US")} points/s`);
  } finally {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
