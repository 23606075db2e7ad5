import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { agentCommand, workerCommand, type CliIo, type Subcommand } from "@/lib/agent/cli";
import { UsageError } from "@/lib/agent/args";

export type { CliIo, Subcommand };

const USAGE = `Usage: sweepboard <command> [options]

Commands:
  agent <experiment-id> [options] [-- <command ...>] run trials of an experiment
  worker [--slots N] [--gpus 0,1,...] [--name NAME]  run the sweeps launched from the dashboard here
  token create|list|revoke                           manage API tokens (on the server's machine)
  db copy --from file:... --to postgresql://...      copy a SQLite database into an empty PostgreSQL one

Run "sweepboard agent --help" or "sweepboard worker --help" for their options.`;

/**
 * `token` touches the database, so it is imported on demand: `agent` never loads Prisma, and the agent's
 * own code (lib/agent) never imports the database layer.
 */
const token: Subcommand = async (argv, io) => {
  const { runTokenCommand } = await import("./token");
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  return runTokenCommand(argv, { out: (line) => io.stdout.write(`${line}\n`), root });
};

/** `db copy` touches the database too: imported on demand, like token. */
const db: Subcommand = async (argv, io) => {
  const { runDbCommand } = await import("./db");
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  return runDbCommand(argv, { out: (line) => io.stdout.write(`${line}\n`), err: (line) => io.stderr.write(`${line}\n`), root });
};

/** The subcommand registry: add an entry here to add a command. */
export const SUBCOMMANDS: Record<string, Subcommand> = { agent: agentCommand, worker: workerCommand, token, db };

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
