import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A minimal in-process implementation of lib/agent/PROTOCOL.md, enough to drive the agent.

type Params = Record<string, number | string | boolean | null>;

export interface FakePoint {
  name: string;
  step: number;
  value: number;
  wallTime?: number;
}

export interface FakeTrial {
  id: number;
  number: number;
  params: Params;
  state: "running" | "complete" | "failed" | "pruned";
  workerId?: string;
  points: FakePoint[];
  heartbeats: number;
  values?: number[];
  /** values[0], as the server keeps it. */
  value?: number;
  error?: string;
  kind?: string;
  pruneStep?: number;
  /** Every shouldPrune answered for this trial, in order. */
  pruneAnswers: boolean[];
  /** What POST /command and /output brought (output batches by number, as the real server keeps one each). */
  command?: { argv: string[]; cwd: string; host: string };
  output?: Map<number, Array<{ stream: string; text: string; at: string }>>;
}

export interface FakeServerOptions {
  maxTrials?: number | null;
  maxParallel?: number | null;
  status?: string;
  metric?: string;
  direction?: "minimize" | "maximize";
  /** Several objectives (overrides metric/direction). */
  objectives?: Array<{ metric: string; direction: "minimize" | "maximize" }>;
  heartbeatGraceSec?: number;
  /** Parameters of trial `number`. */
  params?: (number: number) => Params;
  /** Asked on every metrics report and heartbeat. */
  shouldPrune?: (trial: FakeTrial) => boolean;
  token?: string;
  /** Hold every metrics answer this long (ms), after storing the points. */
  metricsDelayMs?: number;
}

export class FakeServer {
  readonly trials: FakeTrial[] = [];
  readonly log: string[] = [];
  /** When each log entry happened (ms since the epoch). */
  readonly at: number[] = [];
  /** Every request body in arrival order, with its path. */
  readonly bodies: Array<{ path: string; body: Record<string, unknown> }> = [];
  /** Answer this many next requests with 503, as a restarting server would. */
  unavailable = 0;
  /** Answer this many next requests with 500 internal, as a server bug would. */
  internalErrors = 0;
  /** With `unavailable`: the Retry-After header (seconds) of those 503s. */
  retryAfter?: string;
  /** With `unavailable`: the error code of those 503s (database_unavailable: the server's database is down). */
  unavailableCode = "unavailable";
  /** A full disk: every write (POST) answers 507 storage_full, reads work. */
  diskFull = false;
  /** Process the next call to this route, then cut the connection instead of answering. */
  loseNextAnswer?: "metrics" | "heartbeat" | "complete" | "fail" | "prune";
  maxRunningSeen = 0;
  private server?: Server;
  private port = 0;

  constructor(private readonly options: FakeServerOptions = {}) {}

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Down for real: the port refuses connections until up(); the trials are kept. */
  async down(): Promise<void> {
    this.note("DOWN");
    await this.close();
    this.server = undefined;
  }

  async up(): Promise<void> {
    this.note("UP");
    await this.start(this.port);
  }

  private note(entry: string): void {
    this.log.push(entry);
    this.at.push(Date.now());
  }

  close(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private running(): number {
    return this.trials.filter((t) => t.state === "running").length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "").replace(/^\/api\/v1/, "");
    this.note(`${req.method} ${path}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: string, message: string, headers?: Record<string, string>) => send(status, { error: { code, message } }, headers);
    if (this.unavailable > 0) {
      this.unavailable--;
      return error(503, this.unavailableCode, "restarting", this.retryAfter === undefined ? {} : { "retry-after": this.retryAfter });
    }
    if (this.internalErrors > 0) {
      this.internalErrors--;
      return error(500, "internal", "something went wrong");
    }
    if (this.diskFull && req.method === "POST") return error(507, "storage_full", "the server's disk is full");
    if (this.options.token && req.headers.authorization !== `Bearer ${this.options.token}`) return error(401, "unauthorized", "invalid API token");
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    this.bodies.push({ path, body });
    const o = this.options;
    const objectives = o.objectives ?? [{ metric: o.metric ?? "loss", direction: o.direction ?? "minimize" }];

    let m = /^\/experiments\/(\d+)$/.exec(path);
    if (m && req.method === "GET") {
      if (m[1] !== "1") return error(404, "not_found", `experiment ${m[1]} does not exist`);
      const done = this.trials.filter((t) => t.state !== "running").length;
      const grace = o.heartbeatGraceSec === undefined ? {} : { heartbeatGraceSec: o.heartbeatGraceSec };
      return send(200, { experiment: { id: 1, name: "fake", status: o.status ?? "running", objectives, maxTrials: o.maxTrials ?? null, maxParallel: o.maxParallel ?? null, trialsDone: done, trialsRunning: this.running(), trialCount: this.trials.length, bestValue: null, bestTrialNumber: null, ...grace } });
    }
    m = /^\/experiments\/(\d+)\/trials$/.exec(path);
    if (m && req.method === "POST") {
      if ((o.status ?? "running") !== "running") return error(409, "experiment_not_running", "experiment 1 is paused");
      if (o.maxTrials != null && this.trials.length >= o.maxTrials) return error(409, "budget_exhausted", "experiment 1 has used its budget of trials");
      if (o.maxParallel != null && this.running() >= o.maxParallel) return error(409, "parallel_limit", "too many running trials");
      const number = this.trials.length;
      const trial: FakeTrial = { id: 100 + number, number, params: o.params?.(number) ?? { x: number }, state: "running", workerId: body.workerId as string | undefined, points: [], heartbeats: 0, pruneAnswers: [] };
      this.trials.push(trial);
      this.maxRunningSeen = Math.max(this.maxRunningSeen, this.running());
      return send(201, { trial: { ...trial, experimentId: 1 } });
    }
    m = /^\/trials\/(\d+)(?:\/(metrics|heartbeat|complete|fail|prune|command|output))?$/.exec(path);
    const trial = m ? this.trials.find((t) => t.id === Number(m![1])) : undefined;
    if (!m || !trial) return error(404, "not_found", `no route or trial for ${path}`);
    if (m[2] === undefined && req.method === "GET") return send(200, { trial: { ...trial, experimentId: 1 } });
    if (trial.state !== "running") return error(409, "wrong_state", `trial ${trial.id} is ${trial.state}`);
    const prune = () => {
      const answer = o.shouldPrune?.(trial) ?? false;
      trial.pruneAnswers.push(answer);
      return answer;
    };
    switch (m[2]) {
      case "command":
        trial.command = body as FakeTrial["command"];
        return send(200, { saved: true });
      case "output": {
        const batches = (trial.output ??= new Map());
        const duplicate = batches.has(body.batch as number);
        if (!duplicate) batches.set(body.batch as number, body.lines as Array<{ stream: string; text: string; at: string }>);
        return send(200, { stored: duplicate ? 0 : (body.lines as unknown[]).length, duplicate, truncated: 0, droppedLines: 0 });
      }
      case "metrics": {
        const points = body.points as FakePoint[];
        for (const p of points) if (!trial.points.some((q) => q.name === p.name && q.step === p.step)) trial.points.push(p);
        const answer = prune();
        if (o.metricsDelayMs) await new Promise((r) => setTimeout(r, o.metricsDelayMs));
        return send(200, { stored: points.length, shouldPrune: answer });
      }
      case "heartbeat":
        trial.heartbeats++;
        return send(200, { state: "running", shouldPrune: prune() });
      case "complete": {
        const values = (body.values as number[] | undefined) ?? [body.value as number];
        if (values.length !== objectives.length) return error(422, "validation_error", `values: expected ${objectives.length} value(s), got ${values.length}`);
        Object.assign(trial, { state: "complete", values, value: values[0] });
        break;
      }
      case "fail":
        Object.assign(trial, { state: "failed", error: body.error as string, kind: (body.kind as string | undefined) ?? "program" });
        break;
      case "prune":
        Object.assign(trial, { state: "pruned", pruneStep: body.step as number | undefined });
        break;
    }
    if (this.loseNextAnswer === m[2]) {
      this.loseNextAnswer = undefined;
      this.note(`LOST answer to ${path}`);
      req.socket.destroy();
      return;
    }
    return send(200, { trial: { ...trial, experimentId: 1 } });
  }
}
