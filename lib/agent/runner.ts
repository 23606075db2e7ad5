import { spawn, type ChildProcess } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";
import { TailBuffer } from "./tail";
import { releaseGroup, watchGroup } from "./watchdog";
import type { Env } from "./types";

export interface RunOptions {
  command: string[];
  env: Env;
  cwd?: string;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
}

export type RunResult =
  | { kind: "exited"; code: number | null; signal: NodeJS.Signals | null; stderrTail: string }
  /** The command could not start at all (not found, not executable). */
  | { kind: "spawn-error"; message: string };

/** Running groups, so a second Ctrl-C can SIGKILL everything at once. */
const live = new Set<RunningCommand>();

export function killAllNow(): void {
  for (const run of live) run.signalGroup("SIGKILL");
}

/**
 * One command in its own process group (detached), so stopping it also stops the data loaders
 * and shells it started; a plain child.kill() would leave those running and holding the GPU.
 */
export class RunningCommand {
  readonly done: Promise<RunResult>;
  private readonly child: ChildProcess;
  private killTimer?: NodeJS.Timeout;
  private hasExited = false;

  constructor(options: RunOptions) {
    const [file, ...args] = options.command;
    const stderrTail = new TailBuffer(20, 2048);
    this.child = spawn(file ?? "", args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    live.add(this);
    if (this.child.pid !== undefined) watchGroup(this.child.pid);
    const stdoutDone = readLines(this.child.stdout, (line) => options.onStdoutLine?.(line));
    const stderrDone = readLines(this.child.stderr, (line) => {
      stderrTail.push(line);
      options.onStderrLine?.(line);
    });
    this.done = new Promise<RunResult>((resolve) => {
      this.child.once("error", (error: NodeJS.ErrnoException) => {
        if (this.child.pid !== undefined) return; // a kill() error on a live child; "exit" still follows
        this.hasExited = true;
        this.finish();
        resolve({ kind: "spawn-error", message: describeSpawnError(file ?? "", error) });
      });
      this.child.once("exit", async (code, signal) => {
        this.hasExited = true;
        // Wait for the pipes to drain, but not forever: a grandchild that kept them open is
        // killed with the rest of the group instead of blocking the trial.
        await Promise.race([Promise.all([stdoutDone, stderrDone]), new Promise((r) => setTimeout(r, 2_000))]);
        this.signalGroup("SIGKILL");
        this.child.stdout?.destroy();
        this.child.stderr?.destroy();
        this.finish();
        resolve({ kind: "exited", code, signal, stderrTail: stderrTail.text() });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The process itself has ended (its output may still be draining): nothing is left to stop. */
  get exited(): boolean {
    return this.hasExited;
  }

  /** SIGTERM to the whole group, SIGKILL after the grace period if the leader is still there. */
  stop(graceMs: number): void {
    if (this.killTimer || this.child.pid === undefined || this.hasExited) return;
    this.signalGroup("SIGTERM");
    this.killTimer = setTimeout(() => this.signalGroup("SIGKILL"), graceMs);
  }

  signalGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // ESRCH: the group is already gone
    }
  }

  private finish(): void {
    clearTimeout(this.killTimer);
    live.delete(this);
    if (this.child.pid !== undefined) releaseGroup(this.child.pid);
  }
}

function describeSpawnError(file: string, error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return `command not found: ${file} (check the command after --, and PATH)`;
  if (error.code === "EACCES") return `cannot run ${file}: permission denied (is it executable?)`;
  return `cannot run ${file}: ${error.message}`;
}

const MAX_LINE = 64 * 1024;

/** Splits a stream into lines (\n, \r\n, or a bare \r as progress bars write); resolves at its end. */
function readLines(stream: Readable | null, onLine: (line: string) => void): Promise<void> {
  if (!stream) return Promise.resolve();
  const decoder = new StringDecoder("utf8");
  let pending = "";
  const emit = (text: string) => {
    const parts = (pending + text).split(/\r\n|\n|\r/);
    pending = parts.pop() ?? "";
    if (pending.length > MAX_LINE) {
      // A huge line without a newline: hand it on in pieces rather than buffering without bound.
      parts.push(pending);
      pending = "";
    }
    for (const line of parts) onLine(line);
  };
  return new Promise((resolve) => {
    stream.on("data", (chunk: Buffer) => emit(decoder.write(chunk)));
    stream.once("close", () => {
      emit(decoder.end());
      if (pending) onLine(pending);
      pending = "";
      resolve();
    });
  });
}
