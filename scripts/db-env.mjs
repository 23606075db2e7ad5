// The environment every Sweepboard command runs in: DATABASE_URL defaulted to the embedded SQLite file
// (its folder made), node_modules/.bin on PATH (Prisma runs its generators by name), and the telemetry of
// Next.js and Prisma switched off: offline machines would otherwise hang on failing DNS look-ups.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { defaultDatabaseUrl, sqliteFilePath } from "./db-url.mjs";

export const binDir = new URL("../node_modules/.bin", import.meta.url).pathname;

export function dbEnv(base = process.env) {
  const env = { ...base };
  env.PATH = env.PATH ? `${binDir}:${env.PATH}` : binDir;
  env.DATABASE_URL ??= defaultDatabaseUrl;
  env.NEXT_TELEMETRY_DISABLED = "1";
  env.CHECKPOINT_DISABLE = "1";
  env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
  // No Prisma Client is generated (lib/db queries through Kysely): without a client generator that says
  // engineType = "client", `prisma generate` would try to download a query engine these machines cannot reach.
  env.PRISMA_CLIENT_ENGINE_TYPE ??= "client";
  const file = sqliteFilePath(env.DATABASE_URL);
  if (file) mkdirSync(dirname(file), { recursive: true });
  return env;
}
