#!/usr/bin/env node
// `npm start`: apply migrations to the database, build the app if the build is missing or older
// than the sources, then serve it. PORT (3000) and HOST (127.0.0.1) choose where.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const withDbEnv = join(root, "scripts/with-db-env.mjs");
const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "127.0.0.1";

function run(args, label) {
  const result = spawnSync(process.execPath, [withDbEnv, ...args], { stdio: "inherit", cwd: root });
  if (result.status !== 0) {
    console.error(`sweepboard: ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
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

function buildIsStale() {
  const stamp = join(root, ".next/BUILD_ID");
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const sources = ["app", "components", "lib", "public"].map((d) => newestMtime(join(root, d)));
  const files = ["package-lock.json", "next.config.ts", "proxy.ts", "instrumentation.ts", "prisma/schema.prisma"].map((f) => (existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0));
  return Math.max(...sources, ...files) > built;
}

run(["prisma", "migrate", "deploy"], "database migration");
if (buildIsStale()) {
  console.log("sweepboard: building the app (first start or sources changed)...");
  run(["next", "build"], "build");
}
console.log(`sweepboard: serving on http://${host}:${port}`);
// HOST goes into the server's environment too: its host check (proxy.ts) and the dashboard's sign-in
// default both depend on the address it is bound to.
const child = spawn(process.execPath, [withDbEnv, "next", "start", "-p", port, "-H", host], { stdio: "inherit", cwd: root, env: { ...process.env, HOST: host } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
