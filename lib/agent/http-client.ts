import type { FailureKind } from "../schemas/api";
import { experimentSummarySchema } from "../schemas/experiment";
import { trialSchema } from "../schemas/trial";
import { workerHeartbeatResponse } from "../schemas/worker";
import { z } from "zod";
import type { OutputLine } from "./output-batcher";
import { sleep } from "./sleep";
import { DEFAULT_TUNING, type MetricPoint, type Trial, type Tuning } from "./types";

/** A 4xx answer (or a 5xx that outlasted its retries): the server understood and refused. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The call had been tried before: a write may have landed on an earlier try. */
    readonly retried = false,
  ) {
    super(message);
  }
}

/** The server stayed down (or full) past --give-up-after, or the agent is shutting down. */
export class ServerUnreachableError extends Error {
  override name = "ServerUnreachableError";
}

/**
 * Why calls cannot get through: the server is down or restarting (connection refused/reset, timeouts,
 * 502/503/504), its disk is full (507, reads still work), or it asks to slow down (429).
 */
export type OutageKind = "unreachable" | "storage_full" | "rate_limited";

export interface OutageEvents {
  /** Once per outage (not per call or try), when the first call fails. */
  started?(kind: OutageKind, reason: string): void;
  /** When a call gets through again. */
  ended?(kind: OutageKind, downMs: number): void;
  /** A 5xx that is not an outage (a server bug): once per call that meets it. */
  serverError?(what: string, reason: string): void;
}

const experimentAnswer = experimentSummarySchema.pick({ id: true, name: true, status: true, objectives: true, maxTrials: true, trialsDone: true, bestValue: true, bestTrialNumber: true, command: true }).partial({ command: true });
const trialAnswer = trialSchema.pick({ id: true, number: true, params: true });
export type ExperimentInfo = ReturnType<typeof experimentAnswer.parse> & {
  /** GET /experiments/{id} answers it, but experimentSummarySchema does not declare it yet: read by hand. */
  heartbeatGraceSec?: number;
};

const registerAnswer = z.object({ id: z.number(), heartbeatSec: z.number().positive() });
const beatAnswer = workerHeartbeatResponse.pick({ assignments: true, heartbeatSec: true });
export type WorkerAssignment = ReturnType<typeof beatAnswer.parse>["assignments"][number];
export interface WorkerSlotEnd {
  assignment: number;
  exitCode?: number;
  summary?: string;
}

export interface CallOptions {
  /** The agent's stop signal: once aborted, the call gets tuning.shutdownGraceMs more to land. */
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  url: string;
  token?: string;
  tuning?: Partial<Tuning>;
  /** Give up on an outage this long after it started (ms); by default never. */
  giveUpAfterMs?: number;
  events?: OutageEvents;
}

type Attempt =
  | { kind: "answer"; status: number; text: string }
  | { kind: "retry"; outage?: OutageKind; status?: number; text?: string; reason: string; retryAfterMs?: number };

const MAX_RETRY_AFTER_MS = 3_600_000;

export class ApiClient {
  private readonly tuning: Tuning;
  private readonly outages = new Map<OutageKind, number>();
  /** When each stop signal was first seen aborted: every call after it shares one shutdown grace. */
  private readonly abortedAt = new WeakMap<AbortSignal, number>();

  constructor(private readonly options: ApiClientOptions) {
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
  }

  /** Outages going on now, and since when (ms since the epoch). */
  get currentOutages(): ReadonlyMap<OutageKind, number> {
    return this.outages;
  }

  async getExperiment(id: number, opts?: CallOptions): Promise<ExperimentInfo> {
    const body = (await this.call("GET", `/experiments/${id}`, undefined, opts)) as { experiment?: Record<string, unknown> };
    const info: ExperimentInfo = parseAnswer(() => experimentAnswer.parse(body.experiment), "GET experiment");
    const grace = body.experiment?.heartbeatGraceSec;
    if (typeof grace === "number" && Number.isFinite(grace) && grace > 0) info.heartbeatGraceSec = grace;
    return info;
  }

  async ask(experimentId: number, workerId: string, opts?: CallOptions): Promise<Trial> {
    const body = await this.call("POST", `/experiments/${experimentId}/trials`, { workerId }, opts);
    return parseAnswer(() => trialAnswer.parse((body as { trial?: unknown }).trial), "ask");
  }

  /** The trial's state on the server, e.g. to see whether a retried tell had landed. */
  async trialState(trialId: number, opts?: CallOptions): Promise<string | undefined> {
    const body = (await this.call("GET", `/trials/${trialId}`, undefined, opts)) as { trial?: { state?: unknown } };
    return typeof body.trial?.state === "string" ? body.trial.state : undefined;
  }

  async reportMetrics(trialId: number, points: MetricPoint[], opts?: CallOptions): Promise<{ shouldPrune: boolean }> {
    const body = await this.call("POST", `/trials/${trialId}/metrics`, { points }, opts);
    return { shouldPrune: (body as { shouldPrune?: unknown }).shouldPrune === true };
  }

  async heartbeat(trialId: number, opts?: CallOptions): Promise<{ state: string; shouldPrune: boolean }> {
    const body = (await this.call("POST", `/trials/${trialId}/heartbeat`, {}, opts)) as { state?: unknown; shouldPrune?: unknown };
    return { state: typeof body.state === "string" ? body.state : "running", shouldPrune: body.shouldPrune === true };
  }

  /** The command line the trial runs, where and on which machine (secrets already masked). */
  async sendCommand(trialId: number, body: { argv: string[]; cwd: string; host: string }, opts?: CallOptions): Promise<void> {
    await this.call("POST", `/trials/${trialId}/command`, body, opts);
  }

  /** One numbered batch of printed lines: the server stores a batch number once, so a retry is harmless. */
  async sendOutput(trialId: number, batch: number, lines: OutputLine[], opts?: CallOptions): Promise<void> {
    await this.call("POST", `/trials/${trialId}/output`, { batch, lines }, opts);
  }

  /** values: one per objective, in the experiment's order. */
  async complete(trialId: number, values: number[], opts?: CallOptions): Promise<void> {
    await this.call("POST", `/trials/${trialId}/complete`, { values }, opts);
  }

  async fail(trialId: number, error: string, kind: FailureKind, opts?: CallOptions): Promise<void> {
    await this.call("POST", `/trials/${trialId}/fail`, { error, kind }, opts);
  }

  async prune(trialId: number, step: number | undefined, opts?: CallOptions): Promise<void> {
    await this.call("POST", `/trials/${trialId}/prune`, step === undefined ? {} : { step }, opts);
  }

  /** `sweepboard worker` starts: registered, it beats every heartbeatSec. */
  async registerWorker(body: { name: string; host: string; slots: number; gpus?: string[]; version: string }, opts?: CallOptions): Promise<{ id: number; heartbeatSec: number }> {
    const answer = (await this.call("POST", "/workers", body, opts)) as { worker?: { id?: unknown }; heartbeatSec?: unknown };
    return parseAnswer(() => registerAnswer.parse({ id: answer.worker?.id, heartbeatSec: answer.heartbeatSec }), "register worker");
  }

  /** A worker's beat: reports the slots whose runs ended, answers the slots' work now. */
  async workerBeat(id: number, ended: WorkerSlotEnd[], opts?: CallOptions): Promise<{ assignments: WorkerAssignment[]; heartbeatSec: number }> {
    const answer = await this.call("POST", `/workers/${id}/heartbeat`, { ended }, opts);
    return parseAnswer(() => beatAnswer.parse(answer), "worker heartbeat");
  }

  async stopWorker(id: number, opts?: CallOptions): Promise<void> {
    await this.call("DELETE", `/workers/${id}`, undefined, opts);
  }

  /**
   * One call, retried with capped exponential backoff (honouring Retry-After) while the server is
   * down, restarting, full or busy, for as long as it takes unless giveUpAfterMs caps it; other 5xx
   * for serverErrorGiveUpMs; 4xx throws ApiError at once. Every call is safe to repeat: metric points
   * are idempotent per (trial, name, step) and a repeated tell answers 409 wrong_state.
   */
  async call(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<unknown> {
    const { retryBaseMs, retryCapMs, requestTimeoutMs, serverErrorGiveUpMs, shutdownGraceMs } = this.tuning;
    const what = `${method} ${path}`;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const answer = await this.attempt(method, path, body, requestTimeoutMs);
      if (answer.kind === "answer") {
        this.recovered(method);
        if (answer.status < 400) return parseJsonAnswer(answer.text, what);
        throw toApiError(answer.status, answer.text, attempt > 1);
      }
      const now = Date.now();
      let deadline: number;
      if (answer.outage) {
        const since = this.outageStarted(answer.outage, answer.reason, now);
        deadline = since + (this.options.giveUpAfterMs ?? Infinity);
      } else {
        if (attempt === 1) this.options.events?.serverError?.(what, answer.reason);
        deadline = started + serverErrorGiveUpMs;
      }
      const abortedAt = this.shutdownStarted(opts.signal, now);
      if (abortedAt !== undefined) deadline = Math.min(deadline, abortedAt + shutdownGraceMs);
      if (now >= deadline) {
        if (!answer.outage && answer.status !== undefined) throw toApiError(answer.status, answer.text ?? "", attempt > 1);
        const waited = answer.outage ? now - (this.outages.get(answer.outage) ?? started) : now - started;
        const why = abortedAt !== undefined ? "the agent is stopping" : `gave up after ${formatSeconds(waited)} (--give-up-after)`;
        throw new ServerUnreachableError(`${what}: ${answer.reason}; ${why} (is the server at ${this.options.url} running?)`);
      }
      const backoff = Math.min(retryCapMs, retryBaseMs * 2 ** Math.min(attempt - 1, 30)) * (0.8 + 0.4 * Math.random());
      const wait = Math.min(answer.retryAfterMs ?? backoff, deadline - now);
      // After an abort keep sleeping through the grace; before it, an abort cuts the wait short.
      await sleep(wait, abortedAt === undefined ? opts.signal : undefined);
    }
  }

  /** One HTTP exchange: an answer to act on, or why the call is worth another try. */
  private async attempt(method: string, path: string, body: unknown, timeoutMs: number): Promise<Attempt> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.options.url}/api/v1${path}`, {
        method,
        headers: this.headers(body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const reason = describeNetworkError(error);
      // A certificate problem does not heal by waiting: say so instead of retrying forever.
      if (/CERT|SSL|TLS/i.test(reason)) throw new Error(`cannot talk to the server at ${this.options.url}: ${reason}`);
      return { kind: "retry", outage: "unreachable", reason };
    }
    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
    if (status === 502 || status === 503 || status === 504) return { kind: "retry", outage: "unreachable", status, text, reason: describeOutage(status, text), retryAfterMs };
    if (status === 507) return { kind: "retry", outage: "storage_full", status, text, reason: "HTTP 507 storage_full", retryAfterMs };
    if (status === 429) return { kind: "retry", outage: "rate_limited", status, text, reason: "HTTP 429", retryAfterMs };
    if (status >= 500) return { kind: "retry", status, text, reason: describeServerError(status, text), retryAfterMs };
    return { kind: "answer", status, text };
  }

  private shutdownStarted(signal: AbortSignal | undefined, now: number): number | undefined {
    if (!signal?.aborted) return undefined;
    const at = this.abortedAt.get(signal) ?? now;
    this.abortedAt.set(signal, at);
    return at;
  }

  private outageStarted(kind: OutageKind, reason: string, now: number): number {
    const since = this.outages.get(kind);
    if (since !== undefined) return since;
    this.outages.set(kind, now);
    this.options.events?.started?.(kind, reason);
    return now;
  }

  /** An answer came: the server is reachable; a write got through, so its disk takes writes again. */
  private recovered(method: string): void {
    for (const [kind, since] of this.outages) {
      if (kind === "storage_full" && method === "GET") continue;
      this.outages.delete(kind);
      this.options.events?.ended?.(kind, Date.now() - since);
    }
  }

  private headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (hasBody) headers["content-type"] = "application/json";
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    return headers;
  }
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const trimmed = header.trim();
  const ms = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

function toApiError(status: number, text: string, retried: boolean): ApiError {
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    if (error && typeof error.code === "string") return new ApiError(status, error.code, typeof error.message === "string" ? error.message : error.code, retried);
  } catch {
    // not our JSON error body (a proxy page, say): fall through with the raw text
  }
  return new ApiError(status, `http_${status}`, `HTTP ${status}: ${text.slice(0, 200)}`, retried);
}

function describeServerError(status: number, text: string): string {
  const error = toApiError(status, text, false);
  return error.code === `http_${status}` ? `HTTP ${status}` : `HTTP ${status} ${error.code}: ${error.message}`;
}

/** A 502/503/504: `HTTP 503`, or with the server's own code when it names the cause (its database is down). */
function describeOutage(status: number, text: string): string {
  const code = toApiError(status, text, false).code;
  return code === "database_unavailable" ? `HTTP ${status} database_unavailable: the server cannot reach its database` : `HTTP ${status}`;
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return "request timed out";
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  // fetch's own name for a connection the server closed under a request ("other side closed"): what node's
  // http client and the kernel call a reset, so an outage reads the same whichever way the server went away.
  if (cause?.code === "UND_ERR_SOCKET") return "ECONNRESET";
  return cause?.code ?? cause?.message ?? error.message;
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

function parseJsonAnswer(text: string, what: string): unknown {
  if (text.trim() === "") return {};
  return parseAnswer(() => JSON.parse(text) as unknown, what);
}

function parseAnswer<T>(parse: () => T, what: string): T {
  try {
    return parse();
  } catch (error) {
    throw new Error(`unexpected answer from the server for ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
