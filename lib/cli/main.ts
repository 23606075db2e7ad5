// Process entry for bin/sweepboard.mjs; everything else is importable without side effects.
import { interruptSignal } from "@/lib/agent/cli";
import { runCli } from "./commands";

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: interruptSignal() }).then((code) => {
  process.exitCode = code;
});
