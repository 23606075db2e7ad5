#!/usr/bin/env node
// `npm start`: apply migrations to the database, build the app if the build is missing or older
// than the sources, then serve it. PORT (3000) and HOST (127.0.0.1) choose where.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { binDir, dbEnv } from "./db-env.mjs";
import { sqliteFilePath } from "./db-url.mjs";
import { acquireServerLock } from "./server-lock.mjs";

const root = new URL("..", import.meta.url).pathname;
const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "127.0.0.1";

const env = dbEnv();

// One server per SQLite file, decided before the migration (PostgreSQL takes no lock: several stateless
// instances may serve one database): a second `npm start` on a database in use
// says so in one line instead of failing inside Prisma's migration engine.
const dbFile = sqliteFilePath(env.DATABASE_URL);
const lock = dbFile ? acquireServerLock(dbFile) : null;
if (lock && "heldBy" in lock) {
  console.error(`sweepboard: another server (pid ${lock.heldBy}) is serving ${dbFile}; stop it first, or set DATABASE_URL to another database`);
  process.exit(1);
}
process.on("exit", () => lock?.release());

/** Runs a step to its end, in the app's folder; a failure ends the start with one line naming it. */
function run(file, args, label) {
  const result = spawnSync(file, args, { stdio: "inherit", cwd: root, env });
  if (result.status !== 0) {
    console.error(`sweepboard: ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

/**
 * Applies pending migrations. Prisma's own chatter (its config banner, and a warning about the schema's
 * datasource url, which `prisma generate` needs but the adapter makes unused) is kept for a failure, where
 * it explains; on success one line says what changed, if anything.
 */
function migrate() {
  const result = spawnSync(join(binDir, "prisma"), ["migrate", "deploy"], { cwd: root, env, encoding: "utf8" });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) {
    process.stderr.write(output);
    console.error(`sweepboard: database migration failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  // Prisma lists each applied migration as its folder, "└─ 20261127000000_init/".
  const applied = output.match(/└─ \d{14}_[^/\s]+\//g)?.length ?? 0;
  if (applied > 0) console.log(`sweepboard: database migrated (${applied} migration${applied === 1 ? "" : "s"} applied)`);
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const serverBundle = join(root, ".next/sweepboard-server.mjs");

function buildIsStale() {
  const stamp = join(root, ".next/BUILD_ID");
  if (!existsSync(stamp) || !existsSync(serverBundle)) return true;
  const built = statSync(stamp).mtimeMs;
  const sources = ["app", "components", "lib", "public", "server"].map((d) => newestMtime(join(root, d)));
  const files = ["package-lock.json", "next.config.ts", "proxy.ts", "instrumentation.ts", "prisma/models.prisma"].map((f) => (existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0));
  return Math.max(...sources, ...files) > built;
}

migrate();
if (buildIsStale()) {
  console.log("sweepboard: building the app (first start or sources changed)...");
  // package.json's "build" is the one recipe (types, Next, the production server and the standalone CLI);
  // npm_execpath is the npm that runs this script, when there is one.
  if (process.env.npm_execpath) run(process.execPath, [process.env.npm_execpath, "run", "build"], "build");
  else run("npm", ["run", "build"], "build");
}
console.log(`sweepboard: serving on http://${host}:${port}`);
// HOST goes into the server's environment too: its host check (proxy.ts) and the dashboard's sign-in
// default both depend on the address it is bound to.
// The production server (server/main.ts): Next for the dashboard, the token API straight to its handlers.
// Started with node itself, not through a shell: the signal we forward reaches the server.
const child = spawn(process.execPath, [serverBundle], { stdio: "inherit", cwd: root, env: { ...env, HOST: host, PORT: port } });
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    stopping = true;
    child.kill(signal);
  });
}
// Stopped by us: a clean exit, whatever next answers a signal with (it exits 143 on SIGTERM). The server
// ending on its own (a crash, the OOM killer's signal): a failure.
child.on("exit", (code) => process.exit(stopping ? 0 : (code ?? 1) || 1));
