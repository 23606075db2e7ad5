import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { regexGroupNames } from "./metric-parser";
import type { AgentOptions, ParamStyle } from "./types";
import { DEFAULT_HEARTBEAT_SEC } from "../optimizer/core/liveness";

export const AGENT_USAGE = `Usage: sweepboard agent <experiment-id> [options] -- <command ...>

Asks the server for trials and runs <command> once per trial with its parameters.

Options:
  --parallel N          trials run at once (default 1)
  --count M             stop after M trials from this agent (default: until the budget is used)
  --url URL             server (default $SWEEPBOARD_URL or http://127.0.0.1:3000)
  --token T             API token (default $SWEEPBOARD_TOKEN)
  --metric-regex RE     read metrics with RE: named groups name/value/step, or one group per metric
  --param-style STYLE   auto (default), args (--lr=0.01) or placeholders (\${lr} in the command)
  --heartbeat SEC       heartbeat interval while a trial runs (default 10; at most a third of the
                        sweep's heartbeatGraceSec)
  --timeout SEC         kill and fail a trial running longer than SEC
  --give-up-after SEC   stop (exit 1) when the server has been down or full for SEC; by default the
                        agent waits out outages of any length, keeping runs, points and results
  --tensorboard         read the scalars of TensorBoard event files the command writes under its log
                        directory ($SWEEPBOARD_LOGDIR, also \${logdir} in the command)
  --metrics-file PATH   read metrics from a file the command writes: JSON lines, or CSV when PATH ends
                        in .csv (Lightning's CSVLogger); \${logdir} in PATH is the trial's log directory
  --logdir-root DIR     where the trials' log directories are made (default $SWEEPBOARD_LOGDIR_ROOT or
                        the temp folder)
  --quiet               do not echo the command's output
  -h, --help            show this help

Metrics: lines on stdout such as "step=3 loss=0.42 acc=0.9"; without step= each metric counts its own steps;
also, with --tensorboard or --metrics-file, what the command writes to those files.
The command also gets SWEEPBOARD_PARAM_<NAME>, SWEEPBOARD_PARAMS_JSON, SWEEPBOARD_PARAMS_FILE,
SWEEPBOARD_TRIAL_ID, SWEEPBOARD_EXPERIMENT_ID, SWEEPBOARD_URL, SWEEPBOARD_TOKEN and SWEEPBOARD_LOGDIR (a fresh
folder per trial).`;

export class UsageError extends Error {
  override name = "UsageError";
}

export type ParsedAgentArgs = { help: true } | { help: false; options: AgentOptions };

const OPTIONS = {
  parallel: { type: "string" },
  count: { type: "string" },
  url: { type: "string" },
  token: { type: "string" },
  "metric-regex": { type: "string" },
  "param-style": { type: "string" },
  heartbeat: { type: "string" },
  timeout: { type: "string" },
  "give-up-after": { type: "string" },
  quiet: { type: "boolean" },
  tensorboard: { type: "boolean" },
  "metrics-file": { type: "string" },
  "logdir-root": { type: "string" },
  help: { type: "boolean", short: "h" },
} satisfies ParseArgsConfig["options"];

/** argv is what follows `agent`; env supplies SWEEPBOARD_URL / SWEEPBOARD_TOKEN. Throws UsageError. */
export function parseAgentArgs(argv: readonly string[], env: Record<string, string | undefined> = {}): ParsedAgentArgs {
  const [own, command] = splitCommand(argv);
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: own, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    throw new UsageError(cleanParseError(error));
  }
  if (values.help) return { help: true };

  const id = positionals[0];
  if (id === undefined) throw new UsageError("missing <experiment-id> (usage: sweepboard agent <experiment-id> -- <command ...>)");
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}" (put the command after --)`);
  if (!/^[1-9]\d*$/.test(id)) throw new UsageError(`<experiment-id> must be a positive integer, got "${id}"`);
  if (command.length === 0) throw new UsageError("missing the command to run (usage: sweepboard agent <experiment-id> -- <command ...>)");

  const str = (key: keyof typeof OPTIONS) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  const paramStyle = (str("param-style") ?? "auto") as ParamStyle;
  if (!["auto", "args", "placeholders"].includes(paramStyle)) throw new UsageError(`--param-style must be auto, args or placeholders, got "${paramStyle}"`);
  if (paramStyle === "placeholders" && !command.some((part) => part.includes("${"))) {
    throw new UsageError("--param-style placeholders needs ${name} placeholders in the command");
  }

  const options: AgentOptions = {
    experimentId: Number(id),
    command,
    url: parseUrl(str("url") ?? env.SWEEPBOARD_URL ?? "http://127.0.0.1:3000"),
    token: str("token") ?? (env.SWEEPBOARD_TOKEN || undefined),
    parallel: positiveInt("--parallel", str("parallel")) ?? 1,
    count: positiveInt("--count", str("count")),
    metricRegex: parseRegex(str("metric-regex")),
    paramStyle,
    heartbeatSec: positiveNumber("--heartbeat", str("heartbeat")) ?? DEFAULT_HEARTBEAT_SEC,
    timeoutSec: positiveNumber("--timeout", str("timeout")),
    giveUpAfterSec: positiveNumber("--give-up-after", str("give-up-after")),
    quiet: values.quiet === true,
    tensorboard: values.tensorboard === true,
    metricsFile: metricsFile(str("metrics-file"), positiveInt("--parallel", str("parallel")) ?? 1),
    logdirRoot: str("logdir-root") ?? (env.SWEEPBOARD_LOGDIR_ROOT || join(tmpdir(), "sweepboard-logs")),
  };
  return { help: false, options };
}

/** Parallel trials writing one fixed file would read each other's lines: the path must name the trial's folder. */
function metricsFile(raw: string | undefined, parallel: number): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === "") throw new UsageError("--metrics-file needs a path");
  if (parallel > 1 && !raw.includes("${logdir}")) throw new UsageError("--metrics-file with --parallel above 1 must contain ${logdir} (each trial writes its own file), e.g. '${logdir}/metrics.jsonl'");
  return raw;
}

/** Everything after `--` is the command; without `--`, the second positional starts it. */
function splitCommand(argv: readonly string[]): [string[], string[]] {
  const dashes = argv.indexOf("--");
  if (dashes >= 0) return [argv.slice(0, dashes), argv.slice(dashes + 1)];
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  const second = tokens.filter((t) => t.kind === "positional")[1];
  return second ? [argv.slice(0, second.index), argv.slice(second.index)] : [[...argv], []];
}

/** node's parseArgs messages run over several lines of advice; the usage contract is one line. */
function cleanParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message);
  if (ambiguous) return `${ambiguous[1]} needs a value (write ${ambiguous[1]}=VALUE for one starting with "-")`;
  return message.split("\n")[0]!.split(/\. (?=To specify)/)[0]!.replace(/\.$/, "");
}

function positiveInt(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) throw new UsageError(`${flag} must be a positive integer, got "${raw}"`);
  return Number(raw);
}

function positiveNumber(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} must be a positive number of seconds, got "${raw}"`);
  return value;
}

function parseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--url must be an http(s) URL, got "${raw}"`);
  return raw.replace(/\/+$/, "");
}

function parseRegex(raw: string | undefined): RegExp | undefined {
  if (raw === undefined) return undefined;
  let regex: RegExp;
  try {
    regex = new RegExp(raw, "g");
  } catch (error) {
    throw new UsageError(`--metric-regex is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
  }
  const groups = regexGroupNames(regex).filter((name) => name !== "step");
  if (groups.length === 0) throw new UsageError("--metric-regex needs named groups: (?<name>...) and (?<value>...), or one (?<metric>...) group per metric");
  if (groups.includes("name") && !groups.includes("value")) throw new UsageError("--metric-regex has a (?<name>...) group but no (?<value>...) group");
  return regex;
}
