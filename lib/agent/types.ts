import type { ParamValue } from "../optimizer/types";
import type { FailureKind } from "../schemas/api";

export type ParamStyle = "auto" | "args" | "placeholders";

/** How hard the agent retries and how often it flushes: defaults for real use, tests shrink them. */
export interface Tuning {
  /** Backoff between tries while the server is down or full: first wait and longest wait (ms). */
  retryBaseMs: number;
  retryCapMs: number;
  /** Other 5xx answers (a bug, not an outage) are retried this long, then the call fails (ms). */
  serverErrorGiveUpMs: number;
  /** After Ctrl-C (or a fatal error) calls still in flight get this long to land (ms). */
  shutdownGraceMs: number;
  /** Per HTTP attempt: a hung server counts as a connection error. */
  requestTimeoutMs: number;
  /** Metric batches go out every flushIntervalMs or at flushPoints buffered points. */
  flushIntervalMs: number;
  /** How often metric files (--tensorboard, --metrics-file) are read while the run writes them. */
  filePollMs: number;
  flushPoints: number;
  /** Output lines go out every flushIntervalMs or at outputFlushLines buffered lines. */
  outputFlushLines: number;
  /** Metric points the agent keeps while the server cannot take them; the oldest go beyond this. */
  maxBufferedPoints: number;
  /** SIGTERM, then SIGKILL after this grace. */
  killGraceMs: number;
  /** Waiting for a free slot after 409 parallel_limit. */
  slotWaitBaseMs: number;
  slotWaitCapMs: number;
  /** How often the TTY display redraws (elapsed times move even without events). */
  redrawMs: number;
}

export const DEFAULT_TUNING: Tuning = {
  retryBaseMs: 250,
  retryCapMs: 30_000,
  serverErrorGiveUpMs: 120_000,
  shutdownGraceMs: 5_000,
  requestTimeoutMs: 30_000,
  flushIntervalMs: 1_000,
  filePollMs: 1_000,
  flushPoints: 500,
  outputFlushLines: 200,
  maxBufferedPoints: 1_000_000,
  killGraceMs: 5_000,
  slotWaitBaseMs: 1_000,
  slotWaitCapMs: 10_000,
  redrawMs: 250,
};

export interface AgentOptions {
  experimentId: number;
  command: string[];
  url: string;
  token?: string;
  parallel: number;
  /** Total trials this agent runs, across workers; unlimited when absent (the experiment's budget decides). */
  count?: number;
  metricRegex?: RegExp;
  paramStyle: ParamStyle;
  /** Lowered to a third of the sweep's heartbeatGraceSec when that is shorter. */
  heartbeatSec: number;
  timeoutSec?: number;
  /** Stop waiting for a server that is down (or whose disk is full) after this long; by default never. */
  giveUpAfterSec?: number;
  /** Hide the command's own output (metrics are still parsed). */
  quiet: boolean;
  /** Read every scalar written to TensorBoard event files under the trial's log directory. */
  tensorboard?: boolean;
  /** A metrics file (JSON lines, or CSV when it ends in .csv) to read; `${logdir}` in it is the trial's log directory. */
  metricsFile?: string;
  /** Where each trial's log directory is made (trial-<id> under it); $SWEEPBOARD_LOGDIR_ROOT or the temp folder. */
  logdirRoot?: string;
  tuning?: Partial<Tuning>;
  /** The trials' workerId prefix (a worker's name and slot); host-pid by default. */
  workerLabel?: string;
}

/** Anything with write(): process.stdout, a test buffer. isTTY/columns switch on the live display. */
export interface Output {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Environment variables; not NodeJS.ProcessEnv, which Next.js types with a required NODE_ENV. */
export type Env = Record<string, string | undefined>;

export interface AgentIo {
  stdout: Output;
  stderr: Output;
  /** The environment handed to commands (plus the SWEEPBOARD_* variables); process.env when absent. */
  env?: Env;
  /** Aborting it is Ctrl-C: running trials are killed and failed, runAgent resolves with 130. */
  signal?: AbortSignal;
  cwd?: string;
}

export interface Trial {
  id: number;
  number: number;
  params: Record<string, ParamValue>;
}

export interface MetricPoint {
  name: string;
  step: number;
  value: number;
  /** When the line was printed: seconds since the epoch. */
  wallTime: number;
}

export type { FailureKind };

/** How one trial ended on the agent's side; the worker turns it into complete/fail/prune. */
export type TrialOutcome =
  /** values: one per objective, in the experiment's order. */
  | { kind: "complete"; values: number[] }
  | {
      kind: "failed";
      error: string;
      /** program: the command's own failure (not retried by default); infrastructure: killed, timed out. */
      failure: FailureKind;
      /** the command cannot run at all: stop asking for trials */
      setup?: boolean;
    }
  | { kind: "pruned"; step?: number }
  /** Ctrl-C or a fatal error stopped the run: told as an infrastructure failure. */
  | { kind: "interrupted"; error: string }
  /** The server no longer considers the trial running (marked dead, or told by the script itself). */
  | { kind: "lost"; reason: string };
