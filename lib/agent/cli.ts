import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runAgent } from "./agent";
import { AGENT_USAGE, parseAgentArgs, UsageError } from "./args";
import { killAllNow } from "./runner";
import type { Env, Output } from "./types";

export interface CliIo {
  stdout: Output;
  stderr: Output;
  env: Env;
  /** Ctrl-C: the agent stops its trials gracefully. */
  signal?: AbortSignal;
}

/** A subcommand gets the arguments after its name and resolves with the exit status. */
export type Subcommand = (argv: string[], io: CliIo) => Promise<number>;

const USAGE = `Usage: sweepboard <command> [options]

Commands:
  agent <experiment-id> [options] -- <command ...>   run trials of an experiment
  token create|list|revoke                           manage API tokens (on the server's machine)

Run "sweepboard agent --help" for the agent's options.`;

const agent: Subcommand = async (argv, io) => {
  const parsed = parseAgentArgs(argv, io.env);
  if (parsed.help) {
    io.stdout.write(`${AGENT_USAGE}\n`);
    return 0;
  }
  const result = await runAgent(parsed.options, { stdout: io.stdout, stderr: io.stderr, env: io.env, signal: io.signal });
  return result.exitCode;
};

/**
 * `token` touches the database, so it lives with the server code (lib/cli/token.ts). Imported on
 * demand so that `agent` never loads Prisma.
 */
const token: Subcommand = async (argv, io) => {
  const { runTokenCommand } = await import("../cli/token");
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  return runTokenCommand(argv, { out: (line) => io.stdout.write(`${line}\n`), root });
};

/** The subcommand registry: add an entry here to add a command. */
export const SUBCOMMANDS: Record<string, Subcommand> = { agent, token };

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.stderr : io.stdout).write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  try {
    if (!command) throw new UsageError(`unknown command "${name}" (commands: ${Object.keys(SUBCOMMANDS).join(", ")})`);
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`sweepboard: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`sweepboard: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

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
