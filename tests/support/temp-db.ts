import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { setDefaultToken } from "./call-route";

/**
 * Gives the calling test file its own SQLite file, copied from the migrated template, and points
 * DATABASE_URL at it before any database handle opens.
 */
export function setupTempDatabase(opts: { token?: boolean } = { token: true }): { file: () => string } {
  let dir = "";
  let file = "";
  beforeAll(() => {
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
    rmSync(dir, { recursive: true, force: true });
  });
  return { file: () => file };
}
