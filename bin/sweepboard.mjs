#!/usr/bin/env node
// Launcher: the CLI is TypeScript, run through tsx. It is a child process because the
// react-server condition (so lib/db's `import "server-only"` resolves to an empty module, for the
// token command) can only be set when Node starts.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../lib/cli/main.ts", import.meta.url));
// Resolved from this package, not the caller's working directory.
const tsx = import.meta.resolve("tsx");

// fd 3 is a pipe the CLI watches: killed with SIGKILL, this launcher cannot forward anything, but the kernel
// closes the pipe, and the CLI stops as on SIGTERM (its runs stopped, their trials failed as interrupted).
const child = spawn(process.execPath, ["--conditions=react-server", "--import", tsx, entry, ...process.argv.slice(2)], {
  stdio: ["inherit", "inherit", "inherit", "pipe"],
  // tsx reads the "@/..." paths from the tsconfig of the working directory unless told which: this package's.
  // The default database is the one `npm start` serves (data/ in this package), wherever this runs from.
  env: {
    DATABASE_URL: `file:${fileURLToPath(new URL("../data/sweepboard.db", import.meta.url))}`,
    ...process.env,
    SWEEPBOARD_LAUNCHER_FD: "3",
    TSX_TSCONFIG_PATH: fileURLToPath(new URL("../tsconfig.json", import.meta.url)),
  },
});

// A terminal's Ctrl-C reaches both processes; a signal sent to this one alone must reach the CLI too.
// The CLI treats a second signal within 500 ms as the same one.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}

child.on("exit", (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exitCode = code ?? 1;
});
child.on("error", (error) => {
  console.error(`sweepboard: cannot start the CLI: ${error.message}`);
  process.exitCode = 1;
});
