import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Migrates one template database with the real `prisma migrate deploy`; each test file copies it. */
export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), "sweepboard-template-"));
  const file = join(dir, "template.db");
  execFileSync(process.execPath, ["scripts/with-db-env.mjs", "prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    stdio: "pipe",
  });
  process.env.SWEEPBOARD_TEMPLATE_DB = file;
  return () => rmSync(dir, { recursive: true, force: true });
}
