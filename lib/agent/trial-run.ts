import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ApiError, ServerUnreachableError, type ApiClient } from "./http-client";
import { MetricBatcher } from "./metric-batcher";
import { StepCounter, type LineParser } from "./metric-parser";
import { PlaceholderError, paramsFileContent, renderCommand, trialEnv } from "./params";
import { RunningCommand, type RunResult } from "./runner";
import type { AgentOptions, Env, MetricPoint, Trial, TrialOutcome, Tuning } from "./types";

export interface TrialEvents {
  output(line: string, stream: "stdout" | "stderr"): void;
  metric(point: MetricPoint): void;
  warn(message: string): void;
}

export interface TrialRunContext {
  trial: Trial;
  options: AgentOptions;
  tuning: Tuning;
  api: ApiClient;
  parser: LineParser;
  objective: string;
  paramsDir: string;
  env: Env;
  cwd?: string;
  /** Aborted on Ctrl-C or when the agent gives up: the command is killed. */
  signal: AbortSignal;
  events: TrialEvents;
}

type StopReason = { kind: "pruned" } | { kind: "timeout" } | { kind: "interrupted" } | { kind: "lost"; reason: string } | { kind: "fatal"; error: unknown };

/**
 * Runs one trial's command to its end and says how it ended. Throws only when the server is
 * unreachable for good (the agent then stops); every other problem is a trial outcome.
 */
export async function runTrial(ctx: TrialRunContext): Promise<TrialOutcome> {
  const { trial, options, tuning, api, signal } = ctx;
  let command: string[];
  try {
    command = renderCommand(options.command, trial.params, options.paramStyle);
  } catch (error) {
    if (error instanceof PlaceholderError) return { kind: "failed", error: error.message, setup: true };
    throw error;
  }
  const paramsFile = join(ctx.paramsDir, `trial-${trial.id}.json`);
  await writeFile(paramsFile, paramsFileContent(trial, options.experimentId));

  const steps = new StepCounter();
  const objective: { value?: number; step?: number } = {};
  let warnedNonFinite = false;
  let stopReason: StopReason | undefined;
  const stop = (reason: StopReason) => {
    if (stopReason) return;
    stopReason = reason;
    run.stop(tuning.killGraceMs);
  };
  const onBackgroundError = (error: unknown) => {
    if (error instanceof ApiError && error.code === "wrong_state") stop({ kind: "lost", reason: error.message });
    else if (error instanceof ServerUnreachableError) stop({ kind: "fatal", error });
    else if (!signal.aborted) ctx.events.warn(`trial ${trial.number}: ${error instanceof Error ? error.message : String(error)}`);
  };
  const batcher = new MetricBatcher({
    send: (points) => api.reportMetrics(trial.id, points, { signal }),
    flushIntervalMs: tuning.flushIntervalMs,
    flushPoints: tuning.flushPoints,
    onShouldPrune: () => stop({ kind: "pruned" }),
    onError: onBackgroundError,
  });
  const onStdoutLine = (line: string) => {
    if (!options.quiet) ctx.events.output(line, "stdout");
    for (const raw of ctx.parser(line)) {
      const point = steps.assign(raw);
      if (point.name === ctx.objective) Object.assign(objective, { value: point.value, step: point.step });
      if (Number.isFinite(point.value)) {
        batcher.add(point);
        ctx.events.metric(point);
      } else if (!warnedNonFinite) {
        warnedNonFinite = true;
        ctx.events.warn(`trial ${trial.number}: ${point.name}=${point.value} is not finite and is not reported`);
      }
    }
  };

  const run = new RunningCommand({
    command,
    cwd: ctx.cwd,
    env: { ...ctx.env, ...trialEnv({ trial, experimentId: options.experimentId, url: options.url, token: options.token, paramsFile }) },
    onStdoutLine,
    onStderrLine: (line) => {
      if (!options.quiet) ctx.events.output(line, "stderr");
    },
  });
  const stopTimers = startTimers(ctx, stop, onBackgroundError);
  const result = await run.done;
  stopTimers();
  await batcher.close();
  await rm(paramsFile, { force: true });
  if (stopReason?.kind === "fatal") throw stopReason.error;
  return decideOutcome(result, stopReason, objective, ctx);
}

/** Heartbeats, the --timeout and Ctrl-C, all of which may stop the command; returns their cleanup. */
function startTimers(ctx: TrialRunContext, stop: (reason: StopReason) => void, onError: (error: unknown) => void): () => void {
  const { trial, options, api, signal } = ctx;
  let beating = false;
  const heartbeat = setInterval(async () => {
    if (beating) return; // a slow answer must not pile up calls
    beating = true;
    try {
      const answer = await api.heartbeat(trial.id, { signal });
      if (answer.state !== "running") stop({ kind: "lost", reason: `the server says trial ${trial.number} is ${answer.state}` });
      else if (answer.shouldPrune) stop({ kind: "pruned" });
    } catch (error) {
      onError(error);
    } finally {
      beating = false;
    }
  }, options.heartbeatSec * 1000);
  const timeout = options.timeoutSec === undefined ? undefined : setTimeout(() => stop({ kind: "timeout" }), options.timeoutSec * 1000);
  const onAbort = () => stop({ kind: "interrupted" });
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  return () => {
    clearInterval(heartbeat);
    clearTimeout(timeout);
    signal.removeEventListener("abort", onAbort);
  };
}

function decideOutcome(result: RunResult, stopReason: StopReason | undefined, objective: { value?: number; step?: number }, ctx: TrialRunContext): TrialOutcome {
  if (result.kind === "spawn-error") return { kind: "failed", error: result.message, setup: true };
  const tail = result.stderrTail ? `\n${result.stderrTail}` : "";
  switch (stopReason?.kind) {
    case "pruned":
      return { kind: "pruned", step: objective.step };
    case "timeout":
      return { kind: "failed", error: `timed out after ${ctx.options.timeoutSec}s (--timeout)${tail}` };
    case "interrupted":
      return { kind: "interrupted", error: "agent interrupted" };
    case "lost":
      return { kind: "lost", reason: stopReason.reason };
  }
  if (result.signal) return { kind: "failed", error: `killed by signal ${result.signal}${tail}` };
  // 127 is the shell's "command not found": as hopeless for the next trial as ENOENT.
  if (result.code === 127) return { kind: "failed", error: `exited with code 127 (command not found?)${tail}`, setup: true };
  if (result.code !== 0) return { kind: "failed", error: `exited with code ${result.code}${tail}` };
  if (objective.value === undefined) {
    return { kind: "failed", error: `the command exited 0 but never printed the objective metric "${ctx.objective}" on stdout (print e.g. "${ctx.objective}=0.42", or see --metric-regex)` };
  }
  if (!Number.isFinite(objective.value)) return { kind: "failed", error: `the objective ${ctx.objective} was last printed as ${objective.value}` };
  return { kind: "complete", value: objective.value };
}
