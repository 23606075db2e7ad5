import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = { "@": root, "server-only": fileURLToPath(new URL("./tests/support/server-only.ts", import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: ["tests/integration/postgres/**"],
          globalSetup: ["tests/support/global-setup-db.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      // The same suite on PostgreSQL (a throwaway cluster, tests/support/global-setup-pg.ts), plus the tests
      // only PostgreSQL has (tests/integration/postgres: schema parity with SQLite's migrations, copying a SQLite
      // database to PostgreSQL, which also needs the SQLite template, and outages).
      {
        resolve: { alias },
        test: {
          name: "integration-pg",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup-db.ts", "tests/support/global-setup-pg.ts"],
          env: { SWEEPBOARD_TEST_DB: "postgres" },
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
