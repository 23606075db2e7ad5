// Helpers to run bench/optimizer/optuna_harness.py with Debian's Python (the python3 first on PATH may lack optuna).

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const PYTHON = process.env.SWEEPBOARD_BENCH_PYTHON ?? "/usr/bin/python3";
export const HARNESS = fileURLToPath(new URL("./optuna_harness.py", import.meta.url));

/** Runs the harness to completion and returns its stdout JSON lines, parsed. */
export function runHarness(args: string[], stdin?: string, onLine?: (obj: unknown) => void): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [HARNESS, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    const out: unknown[] = [];
    let buf = "";
    let err = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line) continue;
        const obj: unknown = JSON.parse(line);
        out.push(obj);
        onLine?.(obj);
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (err += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${PYTHON} ${HARNESS} ${args.join(" ")} exited with ${code}:\n${err}`));
    });
    child.stdin.end(stdin ?? "");
  });
}
