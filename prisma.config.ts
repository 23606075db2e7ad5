import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { defaultDatabaseUrl, sqliteFilePath } from "./scripts/db-url.mjs";

const url = process.env.DATABASE_URL ?? defaultDatabaseUrl;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    const file = sqliteFilePath(url);
    // A missing folder fails with only "External error id#0".
    if (file) mkdirSync(dirname(file), { recursive: true });
    return new PrismaBetterSQLite3({ url });
  },
});
