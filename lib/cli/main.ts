// Process entry for bin/sweepboard.mjs; everything else is importable without side effects.
import { interruptSignal } from "@/lib/agent/cli";
import { Socket } from "node:net";
import { runCli } from "./commands";

// The launcher's pipe (bin/sweepboard.mjs): when it closes, the launcher is gone, and so is whoever started us.
if (process.env.SWEEPBOARD_LAUNCHER_FD === "3") {
  try {
    const pipe = new Socket({ fd: 3, readable: true, writable: false });
    pipe.on("error", () => undefined);
    pipe.on("close", () => process.kill(process.pid, "SIGTERM"));
    pipe.resume();
    pipe.unref();
  } catch {
    // No such descriptor (run by hand with the variable set): nothing to watch.
  }
  delete process.env.SWEEPBOARD_LAUNCHER_FD;
}

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: interruptSignal() }).then((code) => {
  process.exitCode = code;
});
