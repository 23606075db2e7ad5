import { runAgent } from "./agent";
import { hostname } from "node:os";
import { AGENT_USAGE, parseAgentArgs, parseWorkerArgs, WORKER_USAGE } from "./args";
import { runWorkerDaemon } from "./worker-daemon";
import { killAllNow } from "./runner";
import type { Env, Output } from "./types";

export interface CliIo {
  stdout: Output;
  stderr: Output;
  env: Env;
  /** Ctrl-C: the agent stops its trials gracefully. */
  signal?: AbortSignal;
  /** The CLI's version (and build), which a worker registers with. */
  version?: string;
}

/** A subcommand gets the arguments after its name and resolves with the exit status. */
export type Subcommand = (argv: string[], io: CliIo) => Promise<number>;

/** `sweepboard agent`: runs trials of an experiment (the registry of commands is lib/cli/commands.ts). */
export const agentCommand: Subcommand = async (argv, io) => {
  const parsed = parseAgentArgs(argv, io.env);
  if (parsed.help) {
    io.stdout.write(`${AGENT_USAGE}\n`);
    return 0;
  }
  const result = await runAgent(parsed.options, { stdout: io.stdout, stderr: io.stderr, env: io.env, signal: io.signal });
  return result.exitCode;
};

/** `sweepboard worker`: waits for sweeps launched from the dashboard and runs them on its slots. */
export const workerCommand: Subcommand = async (argv, io) => {
  const parsed = parseWorkerArgs(argv, io.env, hostname());
  if (parsed.help) {
    io.stdout.write(`${WORKER_USAGE}\n`);
    return 0;
  }
  return runWorkerDaemon(parsed.options, { stdout: io.stdout, stderr: io.stderr, env: io.env, signal: io.signal, version: io.version });
};

/**
 * For the process entry: SIGINT/SIGTERM/SIGHUP once stops gracefully (trials killed and failed, exit 130);
 * a second one, later than the duplicate a terminal plus the bin launcher can deliver, kills at once.
 */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  let firstAt = 0;
  const onSignal = () => {
    if (!controller.signal.aborted) {
      firstAt = Date.now();
      process.stderr.write("\nsweepboard: interrupted, stopping trials (press Ctrl-C again to kill them now)\n");
      controller.abort();
    } else if (Date.now() - firstAt > 500) {
      killAllNow();
      process.exit(130);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  return controller.signal;
}
