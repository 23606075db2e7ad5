import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { setDefaultToken } from "./call-route";
import { adminQuery, createDatabaseFrom } from "./pg-cluster";

/** True in the integration suite's PostgreSQL run (vitest project integration-pg). */
export const onPostgres = process.env.SWEEPBOARD_TEST_DB === "postgres";

/**
 * Gives the calling test file its own database and points DATABASE_URL at it before any database handle
 * opens: a SQLite file copied from the migrated template, or (integration-pg) a PostgreSQL database created
 * from the migrated template database on the run's throwaway cluster.
 */
export function setupTempDatabase(opts: { token?: boolean } = { token: true }): { file: () => string; url: () => string } {
  let dir = "";
  let file = "";
  let pgName = "";
  const admin = process.env.SWEEPBOARD_TEST_PG_ADMIN_URL ?? "";
  beforeAll(async () => {
    if (onPostgres) {
      const template = process.env.SWEEPBOARD_TEST_PG_TEMPLATE;
      if (!template || !admin) throw new Error("SWEEPBOARD_TEST_PG_TEMPLATE is not set: run through the integration-pg project");
      pgName = `test_${process.pid}_${randomBytes(4).toString("hex")}`;
      await createDatabaseFrom(admin, pgName, template);
      const url = new URL(admin);
      url.pathname = `/${pgName}`;
      process.env.DATABASE_URL = url.toString();
      return;
    }
    const template = process.env.SWEEPBOARD_TEMPLATE_DB;
    if (!template) throw new Error("SWEEPBOARD_TEMPLATE_DB is not set: run through the integration project");
    dir = mkdtempSync(join(tmpdir(), "sweepboard-test-"));
    file = join(dir, "test.db");
    copyFileSync(template, file);
    process.env.DATABASE_URL = `file:${file}`;
  });
  beforeAll(async () => {
    if (!opts.token) return;
    const { createApiToken } = await import("@/lib/server/create-api-token");
    setDefaultToken((await createApiToken({ name: "tests" })).token);
  });
  afterAll(async () => {
    const { closeDb } = await import("@/lib/db/client");
    await closeDb();
    setDefaultToken(undefined);
    if (pgName) await adminQuery(admin, `DROP DATABASE IF EXISTS "${pgName}" WITH (FORCE)`);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return { file: () => file, url: () => process.env.DATABASE_URL ?? "" };
}
