import { NoResponseError, sendRaw, type RawRequest, type RawResponse } from "./http-probe";
import type { AppServer } from "./server";

export interface FuzzFailure {
  kind: "5xx" | "slow" | "timeout" | "reset" | "crash" | "hang";
  label: string;
  request: RawRequest;
  detail: string;
}

/** A request with a short name that says what it tries (`create: hyperband 5e-324`). */
export interface Probe {
  label: string;
  req: RawRequest;
}

/**
 * Sends probes to the server and keeps the score: counts by status class, every 5xx, every response
 * slower than the limit, and crashes or hangs of the server. After a crash or hang it restarts the
 * server (same database) and carries on, so one run reports every problem rather than the first.
 */
export class FuzzRunner {
  sent = 0;
  readonly byClass: Record<string, number> = {};
  readonly failures: FuzzFailure[] = [];
  slowest: { ms: number; label: string; request?: RawRequest } = { ms: 0, label: "" };
  restarts = 0;
  private generation = 0;
  private recovering: Promise<void> | null = null;
  private readonly inFlight = new Set<Probe>();

  constructor(
    private readonly app: AppServer,
    private readonly opts: { slowMs: number; maxRestarts: number },
  ) {}

  /** Sends one probe; undefined when the server gave no response (the failure is recorded). */
  async send(probe: Probe): Promise<RawResponse | undefined> {
    if (this.recovering) await this.recovering;
    if (this.restarts > this.opts.maxRestarts) return undefined;
    const generation = this.generation;
    this.inFlight.add(probe);
    this.sent++;
    try {
      const res = await sendRaw(this.app.port, probe.req, this.opts.slowMs);
      const cls = `${Math.floor(res.status / 100)}xx`;
      this.byClass[cls] = (this.byClass[cls] ?? 0) + 1;
      if (res.ms > this.slowest.ms) this.slowest = { ms: res.ms, label: probe.label, request: probe.req };
      if (res.status >= 500) this.failures.push({ kind: "5xx", label: probe.label, request: probe.req, detail: `${res.status} ${res.body.slice(0, 200)}` });
      else if (res.ms > this.opts.slowMs) this.failures.push({ kind: "slow", label: probe.label, request: probe.req, detail: `${Math.round(res.ms)} ms` });
      return res;
    } catch (error) {
      if (!(error instanceof NoResponseError)) throw new Error(`the fuzz built a request node:http cannot send (${probe.label}: ${probe.req.method} ${JSON.stringify(probe.req.path.slice(0, 200))}): ${String(error)}`);
      this.byClass.none = (this.byClass.none ?? 0) + 1;
      if (error.kind === "timeout" && this.slowest.ms < this.opts.slowMs) this.slowest = { ms: this.opts.slowMs, label: `${probe.label} (no response)`, request: probe.req };
      await this.noResponse(probe, error, generation);
      return undefined;
    } finally {
      this.inFlight.delete(probe);
    }
  }

  /** Runs `probes` with at most `concurrency` in flight; `then` may send follow-ups (an ask after a create). */
  async pool(probes: Probe[], concurrency: number, then?: (probe: Probe, res: RawResponse | undefined) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < probes.length && this.restarts <= this.opts.maxRestarts) {
        const probe = probes[next++]!;
        const res = await this.send(probe);
        if (then) await then(probe, res);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  private async noResponse(probe: Probe, error: NoResponseError, generation: number): Promise<void> {
    if (generation !== this.generation) return; // the server was restarted under this request: already recorded
    if (this.recovering) return this.recovering;
    const others = [...this.inFlight].filter((p) => p !== probe).map((p) => p.label);
    const alongside = others.length ? ` (in flight alongside: ${others.join(" | ")})` : "";
    this.recovering = (async () => {
      const health = await sendRaw(this.app.port, { method: "GET", path: "/api/v1/openapi.json" }, 5_000).then(
        () => "up" as const,
        (e: unknown) => (e instanceof NoResponseError && e.kind === "timeout" ? ("hung" as const) : ("down" as const)),
      );
      if (health === "up") {
        this.failures.push({ kind: error.kind === "timeout" ? "timeout" : "reset", label: probe.label, request: probe.req, detail: `${error.message}; the server still answers${alongside}` });
      } else {
        const tail = this.app.log().slice(-600).replace(/\s+/g, " ");
        this.failures.push({ kind: health === "down" ? "crash" : "hang", label: probe.label, request: probe.req, detail: `${error.message}; server ${health === "down" ? "exited" : "stopped answering"}${alongside}; log tail: ${tail}` });
        this.generation++;
        this.restarts++;
        await this.app.kill("SIGKILL");
        if (this.restarts <= this.opts.maxRestarts) await this.app.restart();
      }
    })();
    try {
      await this.recovering;
    } finally {
      this.recovering = null;
    }
  }

  /** The line to quote: totals, by class, 5xx count, the slowest response and its request. */
  summary(seed: number): string {
    const classes = ["2xx", "3xx", "4xx", "5xx", "none"].map((c) => `${c}=${this.byClass[c] ?? 0}`).join(" ");
    const kinds = ["5xx", "slow", "timeout", "reset", "hang", "crash"].map((k) => `${k}=${this.failures.filter((f) => f.kind === k).length}`).join(" ");
    const slow = this.slowest.request ? `${this.slowest.request.method} ${this.slowest.request.path.slice(0, 120)} [${this.slowest.label}]` : "-";
    return `FUZZ seed=${seed} requests=${this.sent} ${classes} | failures: ${kinds} restarts=${this.restarts} | slowest=${Math.round(this.slowest.ms)}ms ${slow}`;
  }
}

/** One failure as a request someone can replay with curl. */
export function describeFailure(f: FuzzFailure): string {
  const headers = Object.entries(f.request.headers ?? {})
    .filter(([k]) => k !== "connection")
    .map(([k, v]) => `${k}: ${v.length > 120 ? `${v.slice(0, 120)}…` : v}`)
    .join("; ");
  const body = f.request.body === undefined ? "" : String(f.request.body);
  const shownBody = body.length > 300 ? `${body.slice(0, 300)}… (${body.length} chars)` : body;
  return `[${f.kind}] ${f.label}: ${f.request.method} ${f.request.path.slice(0, 300)}${headers ? ` {${headers}}` : ""}${shownBody ? ` body=${JSON.stringify(shownBody)}` : ""} -> ${f.detail}`;
}
