import { hostname } from "node:os";
import { describeFatal, runAgent } from "./agent";
import type { WorkerOptions } from "./args";
import { ApiClient, ApiError, type WorkerAssignment, type WorkerSlotEnd } from "./http-client";
import type { AgentIo, Env, Output } from "./types";

// `sweepboard worker`: registers this machine, beats, and runs the agent loop on each slot the server gives a
// sweep (one trial at a time per slot, the sweep's stored command, the slot's GPUs). A slot's run stops when
// its agent has nothing more to do (budget used, sweep paused or finished), when the launch is taken back
// (the assignment is gone from a beat's answer), or when the worker stops (Ctrl-C, SIGTERM, --exit-when-idle).

export interface WorkerIo extends AgentIo {
  /** For tests: the host name registered. */
  host?: string;
  /** This CLI's version and build, sent at registration. */
  version?: string;
}

interface SlotRun {
  assignment: WorkerAssignment;
  controller: AbortController;
  done: Promise<void>;
}

/** Resolves with the exit status: 0 after --exit-when-idle or a clean stop, 130 on Ctrl-C, 1 when the server refuses. */
export async function runWorkerDaemon(options: WorkerOptions, io: WorkerIo): Promise<number> {
  const say = (line: string) => void io.stderr.write(`sweepboard worker: ${line}\n`);
  const { agent } = options;
  const api = new ApiClient({
    url: agent.url,
    token: agent.token,
    tuning: agent.tuning,
    giveUpAfterMs: agent.giveUpAfterSec === undefined ? undefined : agent.giveUpAfterSec * 1000,
    events: {
      started: (_kind, reason) => say(`the server at ${agent.url} does not answer (${reason}): slots keep running, retrying`),
      ended: () => say("the server answers again"),
      serverError: (what, reason) => say(`${what}: ${reason}; retrying`),
    },
  });
  const host = io.host ?? hostname();
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  if (io.signal?.aborted) onSignal();
  io.signal?.addEventListener("abort", onSignal, { once: true });

  let id: number;
  let heartbeatSec: number;
  try {
    ({ id, heartbeatSec } = await api.registerWorker({ name: options.name, host, slots: options.slots, ...(options.gpus ? { gpus: options.gpus } : {}), version: io.version ?? "" }, { signal: stop.signal }));
  } catch (error) {
    io.signal?.removeEventListener("abort", onSignal);
    if (stop.signal.aborted) return 130;
    say(`could not register with ${agent.url}: ${describeFatal(error, agent)}`);
    return 1;
  }
  const gpuText = options.gpus ? `, GPUs ${options.gpus.map((g, i) => `slot ${i + 1}: ${g}`).join("; ")}` : "";
  say(`worker ${id} "${options.name}" on ${host}: ${options.slots} slot${options.slots === 1 ? "" : "s"}${gpuText}; waiting for sweeps launched at ${agent.url}`);

  const runs = new Map<number, SlotRun>();
  // Ended runs the server has not been told of yet, and those it still lists until it has been.
  const ended: WorkerSlotEnd[] = [];
  const finished = new Set<number>();
  let wake: (() => void) | undefined;
  let idleSince = Date.now();
  let exitCode = 0;

  const start = (a: WorkerAssignment) => {
    const controller = new AbortController();
    const stopRun = () => controller.abort();
    stop.signal.addEventListener("abort", stopRun, { once: true });
    const label = `[slot ${a.slot + 1}] `;
    const env: Env = { ...(io.env ?? process.env), SWEEPBOARD_WORKER_ID: String(id), SWEEPBOARD_WORKER_SLOT: String(a.slot + 1) };
    const gpus = options.gpus?.[a.slot];
    if (gpus !== undefined) env.CUDA_VISIBLE_DEVICES = gpus;
    say(`slot ${a.slot + 1}: running sweep ${a.experimentId} "${a.experimentName}"${gpus !== undefined ? ` on GPU ${gpus}` : ""}`);
    const stderr = prefixed(io.stderr, label);
    const done = runAgent(
      { ...agent, experimentId: a.experimentId, command: [], parallel: 1, workerLabel: `${options.name}-slot${a.slot + 1}` },
      { stdout: prefixed(io.stdout, label), stderr, env, signal: controller.signal, cwd: options.cwd ?? io.cwd },
    )
      .then(
        (result) => ({ exitCode: result.exitCode, summary: `${result.complete} complete, ${result.pruned} pruned, ${result.failed} failed` }),
        (error: unknown) => ({ exitCode: 1, summary: describeFatal(error, agent) }),
      )
      .then((end) => {
        stderr.flush();
        stop.signal.removeEventListener("abort", stopRun);
        runs.delete(a.id);
        finished.add(a.id);
        ended.push({ assignment: a.id, exitCode: end.exitCode, summary: end.summary.slice(0, 2_000) });
        say(`slot ${a.slot + 1}: sweep ${a.experimentId} ${controller.signal.aborted ? "stopped" : "has no more trials for this slot"} (${end.summary})`);
        idleSince = Date.now();
        wake?.();
      });
    runs.set(a.id, { assignment: a, controller, done });
  };

  while (!stop.signal.aborted) {
    const report = ended.splice(0);
    let assignments: WorkerAssignment[];
    try {
      ({ assignments, heartbeatSec } = await api.workerBeat(id, report, { signal: stop.signal }));
    } catch (error) {
      ended.unshift(...report);
      if (stop.signal.aborted) break;
      say(`the server refused this worker's beat: ${describeFatal(error, agent)}`);
      exitCode = 1;
      break;
    }
    const wanted = new Set(assignments.map((a) => a.id));
    for (const done of finished) if (!wanted.has(done)) finished.delete(done);
    for (const [aid, run] of runs) {
      if (!wanted.has(aid)) {
        say(`slot ${run.assignment.slot + 1}: sweep ${run.assignment.experimentId} was taken back: stopping its run`);
        run.controller.abort();
      }
    }
    for (const a of assignments) if (!runs.has(a.id) && !finished.has(a.id)) start(a);
    if (runs.size > 0) idleSince = Date.now();
    else if (options.exitWhenIdleSec !== undefined && Date.now() - idleSince >= options.exitWhenIdleSec * 1000) {
      say(`no work for ${options.exitWhenIdleSec}s (--exit-when-idle): stopping`);
      break;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, heartbeatSec * 1000);
      function done() {
        clearTimeout(timer);
        stop.signal.removeEventListener("abort", done);
        wake = undefined;
        resolve();
      }
      wake = done;
      stop.signal.addEventListener("abort", done, { once: true });
    });
  }

  for (const run of runs.values()) run.controller.abort();
  await Promise.all([...runs.values()].map((r) => r.done));
  io.signal?.removeEventListener("abort", onSignal);
  try {
    // Goodbye: the slots go back at once instead of when the server counts this worker lost.
    await api.stopWorker(id, { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) say(`could not tell the server this worker stopped: ${describeFatal(error, agent)}`);
  }
  say(`worker ${id} stopped`);
  return io.signal?.aborted ? 130 : exitCode;
}

/** Every line written to `out`, prefixed with the slot's label (a partial line waits for its end). */
function prefixed(out: Output, label: string): Output & { flush(): void } {
  let pending = "";
  return {
    write(chunk: string) {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      if (lines.length > 0) out.write(lines.map((l) => `${label}${l}\n`).join(""));
      return true;
    },
    flush() {
      if (pending !== "") out.write(`${label}${pending}\n`);
      pending = "";
    },
  };
}
