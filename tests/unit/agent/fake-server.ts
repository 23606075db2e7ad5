import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A minimal in-process implementation of lib/agent/PROTOCOL.md, enough to drive the agent.

type Params = Record<string, number | string | boolean | null>;

export interface FakeTrial {
  id: number;
  number: number;
  params: Params;
  state: "running" | "complete" | "failed" | "pruned";
  workerId?: string;
  points: Array<{ name: string; step: number; value: number }>;
  heartbeats: number;
  value?: number;
  error?: string;
  pruneStep?: number;
}

export interface FakeServerOptions {
  maxTrials?: number | null;
  maxParallel?: number | null;
  status?: string;
  metric?: string;
  direction?: "minimize" | "maximize";
  /** Parameters of trial `number`. */
  params?: (number: number) => Params;
  /** Asked on every metrics report and heartbeat. */
  shouldPrune?: (trial: FakeTrial) => boolean;
  token?: string;
}

export class FakeServer {
  readonly trials: FakeTrial[] = [];
  readonly log: string[] = [];
  /** Answer this many next requests with 503, as a restarting server would. */
  unavailable = 0;
  maxRunningSeen = 0;
  private server?: Server;

  constructor(private readonly options: FakeServerOptions = {}) {}

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
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
    this.log.push(`${req.method} ${path}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: string, message: string) => send(status, { error: { code, message } });
    if (this.unavailable > 0) {
      this.unavailable--;
      return error(503, "unavailable", "restarting");
    }
    if (this.options.token && req.headers.authorization !== `Bearer ${this.options.token}`) return error(401, "unauthorized", "invalid API token");
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const o = this.options;

    let m = /^\/experiments\/(\d+)$/.exec(path);
    if (m && req.method === "GET") {
      if (m[1] !== "1") return error(404, "not_found", `experiment ${m[1]} does not exist`);
      const done = this.trials.filter((t) => t.state !== "running").length;
      const objectives = [{ metric: o.metric ?? "loss", direction: o.direction ?? "minimize" }];
      return send(200, { experiment: { id: 1, name: "fake", status: o.status ?? "running", objectives, maxTrials: o.maxTrials ?? null, maxParallel: o.maxParallel ?? null, trialsDone: done, trialsRunning: this.running(), trialCount: this.trials.length, bestValue: null, bestTrialNumber: null } });
    }
    m = /^\/experiments\/(\d+)\/trials$/.exec(path);
    if (m && req.method === "POST") {
      if ((o.status ?? "running") !== "running") return error(409, "experiment_not_running", "experiment 1 is paused");
      if (o.maxTrials != null && this.trials.length >= o.maxTrials) return error(409, "budget_exhausted", "experiment 1 has used its budget of trials");
      if (o.maxParallel != null && this.running() >= o.maxParallel) return error(409, "parallel_limit", "too many running trials");
      const number = this.trials.length;
      const trial: FakeTrial = { id: 100 + number, number, params: o.params?.(number) ?? { x: number }, state: "running", workerId: body.workerId as string | undefined, points: [], heartbeats: 0 };
      this.trials.push(trial);
      this.maxRunningSeen = Math.max(this.maxRunningSeen, this.running());
      return send(201, { trial: { ...trial, experimentId: 1 } });
    }
    m = /^\/trials\/(\d+)\/(metrics|heartbeat|complete|fail|prune)$/.exec(path);
    const trial = m ? this.trials.find((t) => t.id === Number(m![1])) : undefined;
    if (!m || !trial) return error(404, "not_found", `no route or trial for ${path}`);
    if (trial.state !== "running") return error(409, "wrong_state", `trial ${trial.id} is ${trial.state}`);
    const prune = () => o.shouldPrune?.(trial) ?? false;
    switch (m[2]) {
      case "metrics": {
        const points = body.points as FakeTrial["points"];
        for (const p of points) if (!trial.points.some((q) => q.name === p.name && q.step === p.step)) trial.points.push(p);
        return send(200, { stored: points.length, shouldPrune: prune() });
      }
      case "heartbeat":
        trial.heartbeats++;
        return send(200, { state: "running", shouldPrune: prune() });
      case "complete":
        Object.assign(trial, { state: "complete", value: body.value as number });
        break;
      case "fail":
        Object.assign(trial, { state: "failed", error: body.error as string });
        break;
      case "prune":
        Object.assign(trial, { state: "pruned", pruneStep: body.step as number | undefined });
        break;
    }
    return send(200, { trial: { ...trial, experimentId: 1 } });
  }
}
