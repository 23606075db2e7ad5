import { execFileSync } from "node:child_process";
import { adminQuery, startPgCluster } from "./pg-cluster";

export const TEMPLATE_DATABASE = "sweepboard_template";

/**
 * The PostgreSQL run of the integration suite: a throwaway cluster in a temp directory (as the `postgres` user
 * when we are root), one template database migrated with the real `prisma migrate deploy`; each test file
 * gets its own database copied from it (tests/support/temp-db.ts).
 */
export default async function setup() {
  const cluster = await startPgCluster();
  await adminQuery(cluster.url("postgres"), `CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  execFileSync(process.execPath, ["scripts/with-db-env.mjs", "prisma", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: cluster.url(TEMPLATE_DATABASE) },
    stdio: "pipe",
  });
  process.env.SWEEPBOARD_TEST_PG_ADMIN_URL = cluster.url("postgres");
  process.env.SWEEPBOARD_TEST_PG_TEMPLATE = TEMPLATE_DATABASE;
  return () => cluster.stop();
}
