import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { regexGroupNames } from "./metric-parser";
import type { AgentOptions, ParamStyle } from "./types";
import { DEFAULT_HEARTBEAT_SEC } from "../optimizer/core/liveness";

export const AGENT_USAGE = `Usage: sweepboard agent <experiment-id> [options] [-- <command ...>]

Asks the server for trials and runs <command> once per trial with its parameters; without a command, the
one stored with the sweep.

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

  const parallel = positiveInt("--parallel", str(values, "parallel")) ?? 1;
  const options: AgentOptions = {
    ...runSettings(values, env, command, { n: parallel, flag: "--parallel" }),
    experimentId: Number(id),
    parallel,
    count: positiveInt("--count", str(values, "count")),
  };
  return { help: false, options };
}

type Values = Record<string, string | boolean | undefined>;
const str = (values: Values, key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);

/** How each trial is run and read: the options the agent and the worker (which runs agents) share. */
/** How many trials run at once, and the flag that said so (--parallel for an agent, --slots for a worker). */
interface Concurrency {
  n: number;
  flag: string;
}

function runSettings(values: Values, env: Record<string, string | undefined>, command: string[], concurrency: Concurrency): Omit<AgentOptions, "experimentId" | "parallel" | "count"> {
  const paramStyle = (str(values, "param-style") ?? "auto") as ParamStyle;
  if (!["auto", "args", "placeholders"].includes(paramStyle)) throw new UsageError(`--param-style must be auto, args or placeholders, got "${paramStyle}"`);
  if (paramStyle === "placeholders" && command.length > 0 && !command.some((part) => part.includes("${"))) {
    throw new UsageError("--param-style placeholders needs ${name} placeholders in the command");
  }
  return {
    command,
    url: parseUrl(str(values, "url") ?? env.SWEEPBOARD_URL ?? "http://127.0.0.1:3000"),
    token: str(values, "token") ?? (env.SWEEPBOARD_TOKEN || undefined),
    metricRegex: parseRegex(str(values, "metric-regex")),
    paramStyle,
    heartbeatSec: positiveNumber("--heartbeat", str(values, "heartbeat")) ?? DEFAULT_HEARTBEAT_SEC,
    timeoutSec: positiveNumber("--timeout", str(values, "timeout")),
    giveUpAfterSec: positiveNumber("--give-up-after", str(values, "give-up-after")),
    quiet: values.quiet === true,
    tensorboard: values.tensorboard === true,
    metricsFile: metricsFile(str(values, "metrics-file"), concurrency),
    logdirRoot: str(values, "logdir-root") ?? (env.SWEEPBOARD_LOGDIR_ROOT || join(tmpdir(), "sweepboard-logs")),
  };
}

export const WORKER_USAGE = `Usage: sweepboard worker [options]

Registers this machine with the server and waits for sweeps launched from the dashboard (or POST
/api/v1/experiments/{id}/launch). Each slot runs one trial at a time of the sweep it is given, with the
sweep's stored command, until the sweep has no more trials for it, is paused or finished, or is taken back.

Options:
  --slots N             trials run at once (default: one per GPU of --gpus, else 1)
  --gpus LIST           GPU ids, e.g. 0,1,2,3: each slot gets its share as CUDA_VISIBLE_DEVICES (4 GPUs and
                        2 slots: 0,1 and 2,3; 2 GPUs and 4 slots: 0,1,0,1); without it the variable is left alone
  --name NAME           how the dashboard names this worker (default: the host name)
  --exit-when-idle SEC  exit 0 after SEC seconds without work (for Slurm and Kubernetes jobs)
  --cwd DIR             where the sweeps' commands run (default: the current folder)
  --url URL             server (default $SWEEPBOARD_URL or http://127.0.0.1:3000)
  --token T             API token with the write scope (default $SWEEPBOARD_TOKEN)
  -h, --help            show this help
  and the agent's --metric-regex, --param-style, --heartbeat, --timeout, --give-up-after, --tensorboard,
  --metrics-file, --logdir-root and --quiet, for every trial it runs (sweepboard agent --help).

Each run also gets SWEEPBOARD_WORKER_ID and SWEEPBOARD_WORKER_SLOT (1, 2, ...).`;

export interface WorkerOptions {
  /** The agent settings every slot runs with (experimentId and command come from each launch). */
  agent: Omit<AgentOptions, "experimentId" | "parallel" | "count">;
  slots: number;
  /** CUDA_VISIBLE_DEVICES of each slot; undefined: left alone. */
  gpus?: string[];
  name: string;
  exitWhenIdleSec?: number;
  cwd?: string;
}

export type ParsedWorkerArgs = { help: true } | { help: false; options: WorkerOptions };

const { parallel: _parallel, count: _count, ...RUN_OPTIONS } = OPTIONS;
const WORKER_OPTIONS = {
  ...RUN_OPTIONS,
  slots: { type: "string" },
  gpus: { type: "string" },
  name: { type: "string" },
  "exit-when-idle": { type: "string" },
  cwd: { type: "string" },
} satisfies ParseArgsConfig["options"];

/** The flags `sweepboard worker` takes (the examples' tests check their scripts against it). */
export const WORKER_FLAGS: readonly string[] = Object.keys(WORKER_OPTIONS);

/** argv is what follows `worker`. Throws UsageError. */
export function parseWorkerArgs(argv: readonly string[], env: Record<string, string | undefined> = {}, host = "worker"): ParsedWorkerArgs {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: WORKER_OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    throw new UsageError(cleanParseError(error));
  }
  if (values.help) return { help: true };
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (a worker runs the commands the sweeps store; see sweepboard worker --help)`);
  const gpuList = parseGpus(str(values, "gpus"));
  const slots = positiveInt("--slots", str(values, "slots")) ?? (gpuList?.length || 1);
  const name = (str(values, "name") ?? host).trim();
  if (name === "" || name.length > 200 || /[\u0000-\u001f\u007f]/.test(name)) throw new UsageError(`--name must be 1 to 200 printable characters, got ${JSON.stringify(str(values, "name"))}`);
  const idle = str(values, "exit-when-idle");
  const options: WorkerOptions = {
    agent: runSettings(values, env, [], { n: slots, flag: "--slots" }),
    slots,
    gpus: gpuList === undefined ? undefined : splitGpus(gpuList, slots),
    name,
    exitWhenIdleSec: idle === undefined ? undefined : positiveNumber("--exit-when-idle", idle),
    cwd: str(values, "cwd"),
  };
  return { help: false, options };
}

function parseGpus(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const ids = raw.split(",").map((g) => g.trim());
  if (ids.length === 0 || ids.some((g) => !/^[0-9A-Za-z:_-]+$/.test(g))) throw new UsageError(`--gpus must be GPU ids separated by commas, e.g. 0,1,2,3; got "${raw}"`);
  if (new Set(ids).size !== ids.length) throw new UsageError(`--gpus names a GPU twice: "${raw}"`);
  return ids;
}

/**
 * Each slot's CUDA_VISIBLE_DEVICES: at least as many GPUs as slots are split into contiguous shares (sizes
 * differing by at most one, the first slots taking the extra); fewer GPUs than slots are shared in turn.
 */
export function splitGpus(gpus: readonly string[], slots: number): string[] {
  if (gpus.length < slots) return Array.from({ length: slots }, (_, i) => gpus[i % gpus.length]!);
  const base = Math.floor(gpus.length / slots);
  const extra = gpus.length % slots;
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < slots; i++) {
    const n = base + (i < extra ? 1 : 0);
    out.push(gpus.slice(at, at + n).join(","));
    at += n;
  }
  return out;
}

/** Parallel trials writing one fixed file would read each other's lines: the path must name the trial's folder. */
function metricsFile(raw: string | undefined, concurrency: Concurrency): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === "") throw new UsageError("--metrics-file needs a path");
  if (concurrency.n > 1 && !raw.includes("${logdir}")) throw new UsageError(`--metrics-file with ${concurrency.flag} above 1 must contain \${logdir} (each trial writes its own file), e.g. '\${logdir}/metrics.jsonl'`);
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
