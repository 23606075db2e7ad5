// The standalone CLI: `node sweepboard.mjs agent <id> -- cmd` on any machine with Node 20+, nothing installed.
// scripts/build-server.mjs bundles this file with everything it imports into .next/sweepboard-cli.mjs, which
// the server serves at /sweepboard.mjs; SWEEPBOARD_BUILD is that bundle's build id, the server's answer
// header X-Sweepboard-Build the one it serves now.
import { parseAgentArgs, parseWorkerArgs, UsageError } from "./args";
import { agentCommand, interruptSignal, workerCommand, type Subcommand } from "./cli";

declare const SWEEPBOARD_BUILD: string;
declare const SWEEPBOARD_VERSION: string;

const USAGE = `Usage: node sweepboard.mjs <command> [options]

Commands:
  agent <experiment-id> [options] [-- <command ...>] run trials of an experiment
  worker [--slots N] [--gpus 0,1,...] [--name NAME]  run the sweeps launched from the dashboard here
  --version                                          this file's version and build

Run "node sweepboard.mjs agent --help" or "node sweepboard.mjs worker --help" for their options. Get the
newest file from your server:
  curl -fsSO $SWEEPBOARD_URL/sweepboard.mjs`;

/** Says so, in one line, when the server serves a newer build of this file; silent when it cannot tell. */
export async function checkForUpdate(url: string, own: string, log: (line: string) => void, fetchImpl: typeof fetch = fetch): Promise<void> {
  try {
    const res = await fetchImpl(`${url}/sweepboard.mjs`, { method: "HEAD", signal: AbortSignal.timeout(3_000) });
    const served = res.headers.get("x-sweepboard-build");
    if (res.ok && served && served !== own) log(`sweepboard: this sweepboard.mjs (build ${own}) is not the server's (build ${served}): update it with  curl -fsSO ${url}/sweepboard.mjs`);
  } catch {
    // An unreachable server is the agent's business: it says so itself.
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "version") {
    process.stdout.write(`sweepboard ${SWEEPBOARD_VERSION} (build ${SWEEPBOARD_BUILD})\n`);
    return 0;
  }
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? process.stderr : process.stdout).write(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const commands: Record<string, { run: Subcommand; url: (argv: string[]) => string | undefined }> = {
    agent: { run: agentCommand, url: (argv) => urlOf(parseAgentArgs(argv, process.env)) },
    worker: { run: workerCommand, url: (argv) => urlOf(parseWorkerArgs(argv, process.env)) },
  };
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`sweepboard: unknown command "${name}" (commands: ${Object.keys(commands).join(", ")})\n`);
    return 2;
  }
  try {
    const url = command.url(rest);
    if (url !== undefined) await checkForUpdate(url, SWEEPBOARD_BUILD, (line) => process.stderr.write(`${line}\n`));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // The command reports it.
  }
  try {
    return await command.run(rest, { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: interruptSignal(), version: `${SWEEPBOARD_VERSION} (build ${SWEEPBOARD_BUILD})` });
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`sweepboard: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`sweepboard: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function urlOf(parsed: { help: true } | { help: false; options: { url?: string; agent?: { url: string } } }): string | undefined {
  if (parsed.help) return undefined;
  return parsed.options.url ?? parsed.options.agent?.url;
}

// Only as the bundle's entry (the tests import checkForUpdate).
if (typeof SWEEPBOARD_BUILD === "string") {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
