#!/usr/bin/env node
// Runs a command with DATABASE_URL defaulted to the embedded SQLite file, and the telemetry of
// Next.js and Prisma switched off: offline machines would otherwise hang on failing DNS look-ups.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { defaultDatabaseUrl, sqliteFilePath } from "./db-url.mjs";

const env = { ...process.env };
// Prisma runs its generators (prisma-kysely) by name: they must be on PATH outside npm scripts too.
const binDir = new URL("../node_modules/.bin", import.meta.url).pathname;
env.PATH = env.PATH ? `${binDir}:${env.PATH}` : binDir;
env.DATABASE_URL ??= defaultDatabaseUrl;
env.NEXT_TELEMETRY_DISABLED = "1";
env.CHECKPOINT_DISABLE = "1";
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const file = sqliteFilePath(env.DATABASE_URL);
if (file) mkdirSync(dirname(file), { recursive: true });

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error("usage: with-db-env <command> [args...]");
  process.exit(2);
}
const bin = new URL(`../node_modules/.bin/${cmd}`, import.meta.url).pathname;
const result = spawnSync(bin, args, { stdio: "inherit", env });
if (result.error) {
  console.error(`could not run ${cmd}: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
