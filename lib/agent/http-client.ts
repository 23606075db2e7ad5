import { experimentSummarySchema } from "../schemas/experiment";
import { trialSchema } from "../schemas/trial";
import { sleep } from "./sleep";
import { DEFAULT_TUNING, type MetricPoint, type Trial, type Tuning } from "./types";

/** A 4xx answer: the server understood and refused, so retrying would not help. */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Connection errors or 5xx for longer than the retry window: the server is gone, not restarting. */
export class ServerUnreachableError extends Error {
  override name = "ServerUnreachableError";
}

const experimentAnswer = experimentSummarySchema.pick({ id: true, name: true, status: true, objectives: true, maxTrials: true, trialsDone: true, bestValue: true, bestTrialNumber: true });
const trialAnswer = trialSchema.pick({ id: true, number: true, params: true });
export type ExperimentInfo = ReturnType<typeof experimentAnswer.parse>;

export interface CallOptions {
  /** Overrides the retry window, e.g. a short one for the last tells of an interrupted agent. */
  giveUpMs?: number;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  url: string;
  token?: string;
  tuning?: Partial<Tuning>;
  /** Reported once per outage so the user sees why the agent stalls. */
  onRetry?: (what: string, attempt: number, reason: string) => void;
}

export class ApiClient {
  private readonly tuning: Tuning;
  constructor(private readonly options: ApiClientOptions) {
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
  }

  async getExperiment(id: number): Promise<ExperimentInfo> {
    const body = await this.call("GET", `/experiments/${id}`);
    return parseAnswer(() => experimentAnswer.parse((body as { experiment?: unknown }).experiment), "GET experiment");
  }

  async ask(experimentId: number, workerId: string, opts?: CallOptions): Promise<Trial> {
    const body = await this.call("POST", `/experiments/${experimentId}/trials`, { workerId }, opts);
    return parseAnswer(() => trialAnswer.parse((body as { trial?: unknown }).trial), "ask");
  }

  async reportMetrics(trialId: number, points: MetricPoint[], opts?: CallOptions): Promise<{ shouldPrune: boolean }> {
    const body = await this.call("POST", `/trials/${trialId}/metrics`, { points }, opts);
    return { shouldPrune: (body as { shouldPrune?: unknown }).shouldPrune === true };
  }

  async heartbeat(trialId: number, opts?: CallOptions): Promise<{ state: string; shouldPrune: boolean }> {
    const body = (await this.call("POST", `/trials/${trialId}/heartbeat`, {}, opts)) as { state?: unknown; shouldPrune?: unknown };
    return { state: typeof body.state === "string" ? body.state : "running", shouldPrune: body.shouldPrune === true };
  }

  async complete(trialId: number, value: number, opts?: CallOptions): Promise<void> {
    await this.call("POST", `/trials/${trialId}/complete`, { value }, opts);
  }

  async fail(trialId: number, error: string, opts?: CallOptions): Promise<void> {
    await this.call("POST", `/trials/${trialId}/fail`, { error }, opts);
  }

  async prune(trialId: number, step: number | undefined, opts?: CallOptions): Promise<void> {
    await this.call("POST", `/trials/${trialId}/prune`, step === undefined ? {} : { step }, opts);
  }

  /**
   * One call with retries: connection errors, timeouts and 5xx back off exponentially (the server
   * may be restarting) until the window closes; 4xx throws ApiError at once. Every call is safe to
   * repeat: metric points are idempotent per (trial, name, step) and a repeated tell answers 409.
   */
  async call(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<unknown> {
    const { retryBaseMs, retryCapMs, requestTimeoutMs } = this.tuning;
    const giveUpMs = opts.giveUpMs ?? this.tuning.retryGiveUpMs;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const answer = await this.attempt(method, path, body, requestTimeoutMs);
      if ("text" in answer) {
        if (answer.status < 400) return parseJsonAnswer(answer.text, `${method} ${path}`);
        throw toApiError(answer.status, answer.text);
      }
      const reason = answer.reason;
      const elapsed = Date.now() - started;
      if (elapsed >= giveUpMs || opts.signal?.aborted) {
        throw new ServerUnreachableError(`${method} ${path} failed after ${Math.round(elapsed / 1000)}s of retries: ${reason} (is the server at ${this.options.url} running?)`);
      }
      this.options.onRetry?.(`${method} ${path}`, attempt, reason);
      const wait = Math.min(retryCapMs, retryBaseMs * 2 ** (attempt - 1), Math.max(0, giveUpMs - elapsed));
      await sleep(wait * (0.8 + 0.4 * Math.random()), opts.signal);
    }
  }

  /** One HTTP exchange: the body of a non-5xx answer, or why it is worth retrying. */
  private async attempt(method: string, path: string, body: unknown, timeoutMs: number): Promise<{ status: number; text: string } | { reason: string }> {
    try {
      const response = await fetch(`${this.options.url}/api/v1${path}`, {
        method,
        headers: this.headers(body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      return response.status >= 500 ? { reason: `HTTP ${response.status}` } : { status: response.status, text };
    } catch (error) {
      return { reason: describeNetworkError(error) };
    }
  }

  private headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (hasBody) headers["content-type"] = "application/json";
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    return headers;
  }
}

function toApiError(status: number, text: string): ApiError {
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    if (error && typeof error.code === "string") return new ApiError(status, error.code, typeof error.message === "string" ? error.message : error.code);
  } catch {
    // not our JSON error body (a proxy page, say): fall through with the raw text
  }
  return new ApiError(status, `http_${status}`, `HTTP ${status}: ${text.slice(0, 200)}`);
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return "request timed out";
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
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
