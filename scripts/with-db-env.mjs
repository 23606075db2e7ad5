#!/usr/bin/env node
// Runs a node_modules/.bin command in Sweepboard's environment (scripts/db-env.mjs). Signals reach the
// command and its exit status is ours, so stopping this process stops the command too.
import { spawn } from "node:child_process";
import { binDir, dbEnv } from "./db-env.mjs";

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error("usage: with-db-env <command> [args...]");
  process.exit(2);
}
const child = spawn(`${binDir}/${cmd}`, args, { stdio: "inherit", env: dbEnv() });
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("error", (error) => {
  console.error(`could not run ${cmd}: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + 15 : 1)));
