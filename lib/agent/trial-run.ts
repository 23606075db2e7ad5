import { mkdir, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { MetricsFileSource, TensorBoardSource, type MetricFileSource } from "./metric-files";
import { ApiError, ServerUnreachableError, type ApiClient } from "./http-client";
import { MetricBatcher, type PointBudget } from "./metric-batcher";
import { maskSecrets, OutputBatcher, secretsOf } from "./output-batcher";
import { StepCounter, type LineParser } from "./metric-parser";
import { decideOutcome, type StoppedFor } from "./outcome";
import { PlaceholderError, paramsFileContent, renderCommand, trialEnv } from "./params";
import { RunningCommand } from "./runner";
import { ARGS_JSON_FILE_MACRO, argsJson, LOGDIR_MACRO } from "../shared/command-template";
import { tellOutcome } from "./tell";
import type { AgentOptions, Env, MetricPoint, Trial, TrialOutcome, Tuning } from "./types";

/** In the command and the metrics file's path: the trial's log directory. */
const LOGDIR = LOGDIR_MACRO;

export interface TrialEvents {
  output(line: string, stream: "stdout" | "stderr"): void;
  metric(point: MetricPoint): void;
  warn(message: string): void;
}

export interface TrialRunContext {
  trial: Trial;
  /** heartbeatSec here is the effective interval (already lowered for the sweep's grace). */
  options: AgentOptions;
  tuning: Tuning;
  api: ApiClient;
  parser: LineParser;
  /** The experiment's objective metrics, in its order. */
  objectives: readonly string[];
  budget: PointBudget;
  paramsDir: string;
  env: Env;
  cwd?: string;
  /** Aborted on Ctrl-C or when the agent gives up: the command is killed. */
  signal: AbortSignal;
  events: TrialEvents;
}

/**
 * Runs one trial's command to its end, delivers its points, tells the server how it ended (the
 * heartbeat goes on until then) and returns that outcome. Throws only when the agent must stop:
 * the server stayed away past --give-up-after, or it refuses the token.
 */
export async function runTrial(ctx: TrialRunContext): Promise<TrialOutcome> {
  const { trial, options, tuning, api, signal } = ctx;
  // The trial's own log directory, when the command or a metrics source uses it: ${logdir} in the command
  // and the metrics file's path, SWEEPBOARD_LOGDIR in its environment.
  const usesLogdir = options.tensorboard === true || options.metricsFile !== undefined || options.command.some((part) => part.includes(LOGDIR));
  const logdir = usesLogdir ? join(options.logdirRoot ?? join(tmpdir(), "sweepboard-logs"), `experiment-${options.experimentId}`, `trial-${trial.id}`) : undefined;
  const withLogdir = (text: string) => (logdir === undefined ? text : text.split(LOGDIR).join(logdir));
  let command: string[];
  const argsJsonFile = join(ctx.paramsDir, `trial-${trial.id}.args.json`);
  try {
    command = renderCommand(options.command.map(withLogdir), trial.params, options.paramStyle, { env: ctx.env, argsJsonFile });
  } catch (error) {
    if (!(error instanceof PlaceholderError)) throw error;
    return tellOutcome(api, trial, { kind: "failed", error: error.message, failure: "program", setup: true }, signal);
  }
  if (options.command.some((part) => part.includes(ARGS_JSON_FILE_MACRO))) await writeFile(argsJsonFile, argsJson(trial.params));
  const paramsFile = join(ctx.paramsDir, `trial-${trial.id}.json`);
  await writeFile(paramsFile, paramsFileContent(trial, options.experimentId));
  if (logdir !== undefined) await mkdir(logdir, { recursive: true });
  const sources: MetricFileSource[] = [];
  if (options.tensorboard === true && logdir !== undefined) sources.push(new TensorBoardSource(logdir));
  if (options.metricsFile !== undefined) {
    const file = new MetricsFileSource(resolve(ctx.cwd ?? process.cwd(), withLogdir(options.metricsFile)));
    await file.start();
    sources.push(file);
  }

  const steps = new StepCounter();
  const last = new Map<string, { value: number; step: number }>();
  const objectives = new Set(ctx.objectives);
  let warnedNonFinite = false;
  let stoppedFor: StoppedFor | undefined;
  let lost: string | undefined;
  let fatal: unknown;
  // A prune, --timeout or Ctrl-C stops a process that still runs; once it exited they change nothing.
  const stop = (why: StoppedFor) => {
    if (stoppedFor || lost !== undefined || run.exited) return;
    stoppedFor = why;
    run.stop(tuning.killGraceMs);
  };
  const end = (why: { lost: string } | { fatal: unknown }) => {
    if ("fatal" in why) fatal ??= why.fatal;
    else lost ??= why.lost;
    run.stop(tuning.killGraceMs);
  };
  const onBackgroundError = (error: unknown): { fatal: boolean } => {
    if (error instanceof ApiError && (error.code === "wrong_state" || error.status === 404)) end({ lost: error.message });
    else if (error instanceof ApiError && (error.status === 401 || error.status === 403)) end({ fatal: error });
    else if (error instanceof ServerUnreachableError) {
      if (!signal.aborted) end({ fatal: error });
    } else {
      if (!signal.aborted) ctx.events.warn(`trial ${trial.number}: ${error instanceof Error ? error.message : String(error)}`);
      return { fatal: false };
    }
    return { fatal: true };
  };
  const batcher = new MetricBatcher({
    send: (points) => api.reportMetrics(trial.id, points, { signal }),
    flushIntervalMs: tuning.flushIntervalMs,
    flushPoints: tuning.flushPoints,
    budget: ctx.budget,
    onShouldPrune: () => stop("pruned"),
    onError: onBackgroundError,
  });
  // Every point, whether printed or read from a file, goes this one way: the objectives' last values decide
  // the outcome, finite values are reported.
  const take = (point: MetricPoint) => {
    if (objectives.has(point.name)) last.set(point.name, { value: point.value, step: point.step });
    if (Number.isFinite(point.value)) {
      batcher.add(point);
      ctx.events.metric(point);
    } else if (!warnedNonFinite) {
      warnedNonFinite = true;
      ctx.events.warn(`trial ${trial.number}: ${point.name}=${point.value} is not finite and is not reported`);
    }
  };
  // The command line and what it prints go to the trial's page, the API token masked wherever it appears.
  const secrets = secretsOf([options.token, ctx.env.SWEEPBOARD_TOKEN]);
  const output = new OutputBatcher({
    send: (batch, lines) => api.sendOutput(trial.id, batch, lines, { signal }),
    flushIntervalMs: tuning.flushIntervalMs,
    flushLines: tuning.outputFlushLines,
    secrets,
    warn: (message) => ctx.events.warn(`trial ${trial.number}: ${message}`),
  });
  const commandSent = api
    .sendCommand(trial.id, { argv: command.map((arg) => maskSecrets(arg, secrets)), cwd: resolve(ctx.cwd ?? process.cwd()), host: hostname() }, { signal })
    .catch((error: unknown) => ctx.events.warn(`trial ${trial.number}: sending its command line failed (the trial goes on): ${error instanceof Error ? error.message : String(error)}`));
  const onStdoutLine = (line: string) => {
    const wallTime = Date.now() / 1000;
    output.add("stdout", line);
    if (!options.quiet) ctx.events.output(line, "stdout");
    for (const raw of ctx.parser(line)) take(steps.assign(raw, wallTime));
  };
  const warned = new Set<string>();
  const pollFiles = async () => {
    for (const source of sources) {
      const { points, warnings } = await source.poll();
      for (const w of warnings) {
        if (warned.has(w)) continue;
        warned.add(w);
        ctx.events.warn(`trial ${trial.number}: ${w}`);
      }
      for (const p of points) take(p);
    }
  };

  const run = new RunningCommand({
    command,
    cwd: ctx.cwd,
    // Python block-buffers a piped stdout: without this every line would arrive at exit, too late
    // for the pruner and all stamped with the same wall time.
    env: { PYTHONUNBUFFERED: "1", ...ctx.env, ...trialEnv({ trial, experimentId: options.experimentId, url: options.url, token: options.token, paramsFile }), ...(logdir === undefined ? {} : { SWEEPBOARD_LOGDIR: logdir }) },
    onStdoutLine,
    onStderrLine: (line) => {
      output.add("stderr", line);
      if (!options.quiet) ctx.events.output(line, "stderr");
    },
  });
  const stopTimers = startTimers(ctx, { stop, end, onError: onBackgroundError });
  // Files are read while the run writes them, one poll at a time, and once more after it exits.
  let polling: Promise<void> = Promise.resolve();
  const poller = sources.length === 0 ? undefined : setInterval(() => {
    polling = polling.then(pollFiles).catch((error: unknown) => ctx.events.warn(`trial ${trial.number}: reading metric files: ${error instanceof Error ? error.message : String(error)}`));
  }, tuning.filePollMs);
  try {
    const result = await run.done;
    if (poller) {
      clearInterval(poller);
      await polling;
      await pollFiles().catch((error: unknown) => ctx.events.warn(`trial ${trial.number}: reading metric files: ${error instanceof Error ? error.message : String(error)}`));
    }
    await rm(paramsFile, { force: true });
    await rm(argsJsonFile, { force: true });
    await batcher.close();
    await Promise.all([commandSent, output.close()]);
    if (fatal !== undefined) throw fatal;
    const outcome = decideOutcome({ result, stoppedFor, agentInterrupted: signal.aborted, lost, last, objectives: ctx.objectives, timeoutSec: options.timeoutSec });
    return await tellOutcome(api, trial, outcome, signal);
  } finally {
    if (poller) clearInterval(poller);
    output.dispose();
    stopTimers();
  }
}

interface Stoppers {
  stop(why: StoppedFor): void;
  end(why: { lost: string }): void;
  onError(error: unknown): unknown;
}

/** Heartbeats (until the outcome is told), the --timeout and Ctrl-C; returns their cleanup. */
function startTimers(ctx: TrialRunContext, { stop, end, onError }: Stoppers): () => void {
  const { trial, options, api, signal } = ctx;
  let beating = false;
  const heartbeat = setInterval(async () => {
    if (beating) return; // a slow answer (or an outage) must not pile up calls
    beating = true;
    try {
      const answer = await api.heartbeat(trial.id, { signal });
      if (answer.state !== "running") end({ lost: `the server says trial ${trial.number} is ${answer.state}` });
      else if (answer.shouldPrune) stop("pruned");
    } catch (error) {
      onError(error);
    } finally {
      beating = false;
    }
  }, options.heartbeatSec * 1000);
  const timeout = options.timeoutSec === undefined ? undefined : setTimeout(() => stop("timeout"), options.timeoutSec * 1000);
  const onAbort = () => stop("interrupted");
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  return () => {
    clearInterval(heartbeat);
    clearTimeout(timeout);
    signal.removeEventListener("abort", onAbort);
  };
}
