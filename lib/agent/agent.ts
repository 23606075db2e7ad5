import { mkdtemp, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { ApiClient, ApiError, type OutageEvents } from "./http-client";
import { PointBudget } from "./metric-batcher";
import { createLineParser } from "./metric-parser";
import { formatDuration, formatNumber } from "./format";
import { PlainReporter, type Reporter } from "./progress";
import { TtyReporter } from "./progress-tty";
import { Tally } from "./tally";
import { DEFAULT_TUNING, type AgentIo, type AgentOptions } from "./types";
import { runWorker, type Shared } from "./worker";

export interface AgentResult {
  exitCode: number;
  complete: number;
  pruned: number;
  failed: number;
  lost: number;
  best?: { value: number; trialNumber: number };
}

/**
 * The agent, importable: runs --parallel workers against one experiment until its budget, --count,
 * a setup error or io.signal (Ctrl-C) ends them. Resolves with the exit status; never exits the process.
 */
export async function runAgent(options: AgentOptions, io: AgentIo): Promise<AgentResult> {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  // Warnings go to stderr until the reporter exists (it needs the experiment first).
  const say = { warn: (text: string): void => void io.stderr.write(`sweepboard: warning: ${text}\n`), message: (text: string): void => void io.stderr.write(`sweepboard: ${text}\n`) };
  const budget = new PointBudget(tuning.maxBufferedPoints, (text) => say.warn(text));
  const api = new ApiClient({
    url: options.url,
    token: options.token,
    tuning,
    giveUpAfterMs: options.giveUpAfterSec === undefined ? undefined : options.giveUpAfterSec * 1000,
    events: outageMessages(options, budget, say),
  });
  // Our own controller: Ctrl-C and a fatal error in one worker both stop every worker.
  const stop = new AbortController();
  const onInterrupt = () => stop.abort("agent interrupted");
  if (io.signal?.aborted) onInterrupt();
  io.signal?.addEventListener("abort", onInterrupt, { once: true });
  let experiment;
  try {
    experiment = await api.getExperiment(options.experimentId, { signal: stop.signal });
  } catch (error) {
    io.signal?.removeEventListener("abort", onInterrupt);
    io.stderr.write(`sweepboard: ${describeFatal(error, options)}\n`);
    return { exitCode: io.signal?.aborted ? 130 : 1, complete: 0, pruned: 0, failed: 0, lost: 0 };
  }
  if (options.command.length === 0) {
    if (!experiment.command) {
      io.signal?.removeEventListener("abort", onInterrupt);
      io.stderr.write(`sweepboard: experiment ${experiment.id} stores no command: give one after -- (sweepboard agent ${experiment.id} -- python train.py)\n`);
      return { exitCode: 2, complete: 0, pruned: 0, failed: 0, lost: 0 };
    }
    options = { ...options, command: experiment.command };
  }
  const objectives = experiment.objectives;
  const best = experiment.bestValue === null ? undefined : { value: experiment.bestValue, trialNumber: experiment.bestTrialNumber ?? -1 };
  const tally = new Tally(objectives, experiment.maxTrials, experiment.trialsDone, options.count, best);
  const reporter: Reporter = io.stdout.isTTY
    ? new TtyReporter(io.stdout, io.stderr, tally, options.quiet, options.parallel, tuning.redrawMs)
    : new PlainReporter(io.stdout, io.stderr, tally, options.quiet);
  say.warn = (text) => reporter.warn(text);
  say.message = (text) => reporter.message(text);
  const goals = objectives.map((o) => `${o.metric} (${o.direction})`).join(", ");
  reporter.message(`experiment ${experiment.id} "${experiment.name}" (${experiment.status}), objective${objectives.length > 1 ? "s" : ""} ${goals}, ${options.parallel} worker${options.parallel > 1 ? "s" : ""}`);
  const heartbeatSec = heartbeatInterval(options.heartbeatSec, experiment.heartbeatGraceSec, (text) => reporter.message(text));

  const paramsDir = await mkdtemp(join(tmpdir(), "sweepboard-agent-"));
  const shared: Shared = {};
  let fatal: unknown;
  const parser = createLineParser(options.metricRegex, objectives[0]!.metric);
  const workers = Array.from({ length: options.parallel }, (_, i) =>
    runWorker({
      index: i + 1,
      workerId: `${options.workerLabel ?? `${hostname()}-${process.pid}`}-w${i + 1}`,
      options: { ...options, heartbeatSec },
      tuning,
      api,
      parser,
      objectives: objectives.map((o) => o.metric),
      budget,
      paramsDir,
      env: io.env ?? process.env,
      cwd: io.cwd,
      signal: stop.signal,
      tally,
      reporter,
      shared,
    }).catch((error: unknown) => {
      fatal ??= error;
      stop.abort(`agent stopped: ${describeFatal(error, options)}`);
    }),
  );
  await Promise.all(workers);
  io.signal?.removeEventListener("abort", onInterrupt);
  await rm(paramsDir, { recursive: true, force: true });

  const interrupted = io.signal?.aborted === true;
  const why = interrupted ? "interrupted" : fatal ? "stopped by an error" : (shared.stopAsking?.reason ?? "done");
  reporter.finish(summarize(tally, why));
  if (fatal && !interrupted) io.stderr.write(`sweepboard: ${describeFatal(fatal, options)}\n`);
  else if (shared.stopAsking?.error && !interrupted) io.stderr.write(`sweepboard: ${shared.stopAsking.reason}\n`);
  const exitCode = interrupted ? 130 : fatal || shared.stopAsking?.error ? 1 : 0;
  return { exitCode, complete: tally.complete, pruned: tally.pruned, failed: tally.failed, lost: tally.lost, best: tally.best };
}

/**
 * The server marks a trial dead after heartbeatGraceSec without a sign of life, so the interval
 * must stay well inside it: a third of the grace leaves room for two lost beats.
 */
export function heartbeatInterval(requestedSec: number, graceSec: number | undefined, say: (text: string) => void): number {
  if (graceSec === undefined || requestedSec <= graceSec / 3) return requestedSec;
  const sec = graceSec / 3;
  say(`heartbeat every ${formatNumber(sec)}s instead of ${formatNumber(requestedSec)}s: the sweep's heartbeatGraceSec is ${formatNumber(graceSec)}s`);
  return sec;
}

/** One line when an outage starts and one when it ends, whatever the number of calls and tries. */
function outageMessages(options: AgentOptions, budget: PointBudget, say: { warn(text: string): void; message(text: string): void }): OutageEvents {
  const cap = (until: string) => (options.giveUpAfterSec === undefined ? `until ${until} (Ctrl-C to stop; --give-up-after caps the wait)` : `for up to ${formatDuration(options.giveUpAfterSec * 1000)} (--give-up-after)`);
  return {
    started(kind, reason) {
      if (kind === "storage_full") say.warn(`the server's disk is full: keeping ${budget.total} points to send later, retrying ${cap("it has room")}`);
      else if (kind === "rate_limited") say.warn(`the server asks to slow down (${reason}): waiting as it says`);
      else say.warn(`the server at ${options.url} does not answer (${reason}): runs go on, their points and results wait, retrying ${cap("it does")}`);
    },
    ended(kind, downMs) {
      if (kind === "storage_full") say.message(`the server's disk takes writes again after ${formatDuration(downMs)}; sending what was kept`);
      else if (kind === "unreachable") say.message(`the server answers again after ${formatDuration(downMs)}`);
    },
    serverError(what, reason) {
      say.warn(`${what}: ${reason}; retrying`);
    },
  };
}

function summarize(tally: Tally, why: string): string {
  const parts = [`${tally.complete} complete`, `${tally.pruned} pruned`, `${tally.failed} failed`];
  if (tally.lost) parts.push(`${tally.lost} ended on the server`);
  const best = tally.best ? `; best ${tally.objective}=${formatNumber(tally.best.value)}${tally.best.trialNumber >= 0 ? ` (trial ${tally.best.trialNumber})` : ""}` : "";
  return `${tally.finished} trial${tally.finished === 1 ? "" : "s"} (${parts.join(", ")}) in ${formatDuration(Date.now() - tally.startedAt)}${best}; ${why}`;
}

/** One line for errors that stop the agent, with the fix when there is an obvious one. */
export function describeFatal(error: unknown, options: Pick<AgentOptions, "url">): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return `the server refused the token (401): ${error.message}; pass --token or set SWEEPBOARD_TOKEN`;
    if (error.status === 403) return `the token may not do this (403): ${error.message}`;
    if (error.status === 404 && error.code === "not_found") return `${error.message} (server ${options.url})`;
    return `the server answered ${error.status} ${error.code}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
