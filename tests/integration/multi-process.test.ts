import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

const { url } = setupTempDatabase();
const run = promisify(execFile);

interface WorkerResult {
  numbers: number[];
  refusals: Record<string, number>;
  failed: number;
}

/**
 * Several instances on one database, as a team runs them behind a load balancer: `processes` separate Node
 * processes (each its own connection or pool, nothing shared in memory) doing `count` steps each, all starting
 * at the same moment.
 */
async function instances(processes: number, experimentId: number, mode: "ask" | "ask-complete" | "sweep", count: number): Promise<WorkerResult[]> {
  const startAt = Date.now() + 4_000;
  const outputs = await Promise.all(
    Array.from({ length: processes }, () =>
      run(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/ask-worker.ts", String(experimentId), mode, String(count), String(startAt)], {
        env: { ...process.env, DATABASE_URL: url() },
        timeout: 90_000,
      }),
    ),
  );
  return outputs.map((o) => JSON.parse(o.stdout.trim().split("\n").at(-1)!) as WorkerResult);
}

async function sweep(body: Record<string, unknown>): Promise<number> {
  const created = await callRoute(routes.experiments.POST, { body: { space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random", seed: 1, ...body } });
  expect(created.status).toBe(201);
  return created.body.experiment.id as number;
}

const sum = (rs: WorkerResult[], f: (r: WorkerResult) => number) => rs.reduce((s, r) => s + f(r), 0);

describe("several processes on one database", { timeout: 120_000 }, () => {
  it("asking at once, they hand out dense unique trial numbers and never exceed the budget", async () => {
    const id = await sweep({ name: "budget", maxTrials: 30 });
    const results = await instances(3, id, "ask-complete", 14);
    const numbers = results.flatMap((r) => r.numbers).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(sum(results, (r) => r.refusals.budget_exhausted ?? 0) + sum(results, (r) => r.refusals.experiment_not_running ?? 0)).toBe(3 * 14 - 30);
    const trials = (await callRoute(routes.trials.GET, { params: { id }, query: { limit: "100" } }, "GET")).body.trials as Array<{ number: number; state: string }>;
    expect(trials.map((t) => t.number).sort((a, b) => a - b)).toEqual(numbers);
    expect(trials.every((t) => t.state === "complete")).toBe(true);
  });

  it("asking at once, they hold the parallel limit", async () => {
    const id = await sweep({ name: "parallel", maxParallel: 3 });
    const results = await instances(3, id, "ask", 5);
    expect(sum(results, (r) => r.numbers.length)).toBe(3);
    expect(sum(results, (r) => r.refusals.parallel_limit ?? 0)).toBe(3 * 5 - 3);
    const trials = (await callRoute(routes.trials.GET, { params: { id } }, "GET")).body.trials as Array<{ number: number; state: string }>;
    expect(trials.map((t) => t.number).sort()).toEqual([0, 1, 2]);
  });

  it("sweeping stale trials at once, each dead trial fails exactly once", async () => {
    const id = await sweep({ name: "stale", heartbeatGraceSec: 60, maxRetries: 1 });
    for (let i = 0; i < 6; i++) expect((await callRoute(routes.trials.POST, { params: { id } })).status).toBe(201);
    const results = await instances(3, id, "sweep", 2);
    expect(sum(results, (r) => r.failed)).toBe(6);
    const trials = (await callRoute(routes.trials.GET, { params: { id } }, "GET")).body.trials as Array<{ state: string }>;
    expect(trials).toHaveLength(6);
    expect(trials.every((t) => t.state === "failed")).toBe(true);
  });
});
