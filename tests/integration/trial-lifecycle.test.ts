import { describe, expect, it } from "vitest";
import { failStaleTrials } from "@/lib/server/fail-stale-trials";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

async function createSweep(extra: Record<string, unknown> = {}) {
  const res = await callRoute(routes.experiments.POST, {
    body: {
      name: "lifecycle",
      space: { x: { type: "uniform", low: 0, high: 1 }, k: { type: "int", low: 1, high: 5 } },
      objective: { metric: "loss" },
      sampler: "random",
      maxTrials: 5,
      seed: 3,
      ...extra,
    },
  });
  expect(res.status).toBe(201);
  return res.body.experiment as { id: number };
}
const ask = async (id: number) => callRoute(routes.trials.POST, { params: { id } });

describe("experiment controls", () => {
  it("pause refuses asks with a clear 409, resume allows them again", async () => {
    const exp = await createSweep();
    expect((await callRoute(routes.status.POST, { params: { id: exp.id }, body: { action: "pause" } })).body.experiment.status).toBe("paused");
    const refused = await ask(exp.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("experiment_not_running");
    expect(refused.body.error.message).toMatch(/is paused/);
    const again = await callRoute(routes.status.POST, { params: { id: exp.id }, body: { action: "pause" } });
    expect(again.status).toBe(409);
    expect((await callRoute(routes.status.POST, { params: { id: exp.id }, body: { action: "resume" } })).body.experiment.status).toBe("running");
    expect((await ask(exp.id)).status).toBe(201);
    const bad = await callRoute(routes.status.POST, { params: { id: exp.id }, body: { action: "explode" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.path).toBe("action");
  });

  it("finishing completes the sweep; extending the budget reopens a completed one", async () => {
    const exp = await createSweep({ maxTrials: 1 });
    const t = (await ask(exp.id)).body.trial;
    await callRoute(routes.complete.POST, { params: { id: t.id }, body: { value: 1 } });
    expect((await callRoute(routes.experiment.GET, { params: { id: exp.id } }, "GET")).body.experiment.status).toBe("completed");
    const extended = await callRoute(routes.budget.POST, { params: { id: exp.id }, body: { add: 2 } });
    expect(extended.body.experiment).toMatchObject({ status: "running", maxTrials: 3 });
    expect((await ask(exp.id)).status).toBe(201);
    expect((await callRoute(routes.budget.POST, { params: { id: exp.id }, body: { add: 0 } })).status).toBe(422);
    const finished = await callRoute(routes.status.POST, { params: { id: exp.id }, body: { action: "finish" } });
    expect(finished.body.experiment.status).toBe("completed");
  });

  it("the parallel limit answers 409 parallel_limit until a trial finishes", async () => {
    const exp = await createSweep({ maxParallel: 1 });
    const first = (await ask(exp.id)).body.trial;
    const second = await ask(exp.id);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe("parallel_limit");
    await callRoute(routes.complete.POST, { params: { id: first.id }, body: { value: 0.5 } });
    expect((await ask(exp.id)).status).toBe(201);
  });

  it("enqueued parameters are validated against the space and handed out first", async () => {
    const exp = await createSweep();
    const outside = await callRoute(routes.enqueue.POST, { params: { id: exp.id }, body: { params: { x: 2, k: 3 } } });
    expect(outside.status).toBe(422);
    expect(outside.body.error.path).toBe("params.x");
    const unknown = await callRoute(routes.enqueue.POST, { params: { id: exp.id }, body: { params: { x: 0.5, k: 3, zz: 1 } } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.path).toBe("params.zz");
    const queued = await callRoute(routes.enqueue.POST, { params: { id: exp.id }, body: { params: { x: 0.25, k: 4 } } });
    expect(queued.status).toBe(201);
    expect(queued.body.trial.state).toBe("waiting");
    const t = (await ask(exp.id)).body.trial;
    expect(t).toMatchObject({ id: queued.body.trial.id, state: "running", params: { x: 0.25, k: 4 } });
  });
});

describe("trials: report, heartbeat, tell", () => {
  it("reports are idempotent per (trial, name, step), several names and steps per call", async () => {
    const exp = await createSweep();
    const t = (await ask(exp.id)).body.trial;
    const points = [
      { name: "loss", step: 0, value: 1 },
      { name: "loss", step: 1, value: 0.5 },
      { name: "acc", step: 1, value: 0.7 },
    ];
    expect((await callRoute(routes.metrics.POST, { params: { id: t.id }, body: { points } })).body.stored).toBe(3);
    expect((await callRoute(routes.metrics.POST, { params: { id: t.id }, body: { points } })).status).toBe(200);
    const names = await callRoute(routes.metrics.GET, { params: { id: t.id } }, "GET");
    expect(names.body.names).toEqual(["acc", "loss"]);
    const series = await callRoute(routes.metrics.GET, { params: { id: t.id }, query: { name: "loss" } }, "GET");
    expect(series.body.points.map((p: { step: number; value: number }) => [p.step, p.value])).toEqual([[0, 1], [1, 0.5]]);
  });

  it("refuses oversized batches with 413 and bad points with 422 naming the point", async () => {
    const exp = await createSweep();
    const t = (await ask(exp.id)).body.trial;
    const many = Array.from({ length: 10_001 }, (_, i) => ({ name: "l", step: i, value: i }));
    const big = await callRoute(routes.metrics.POST, { params: { id: t.id }, body: { points: many } });
    expect(big.status).toBe(413);
    const neg = await callRoute(routes.metrics.POST, { params: { id: t.id }, body: { points: [{ name: "l", step: 0, value: 1 }, { name: "l", step: -1, value: 1 }] } });
    expect(neg.status).toBe(422);
    expect(neg.body.error.path).toBe("points[1].step");
    const series = await callRoute(routes.metrics.GET, { params: { id: t.id }, query: { name: "l" } }, "GET");
    expect(series.body.points).toEqual([]);
  });

  it("heartbeats keep a trial alive; a silent one is failed and retried with the same parameters", async () => {
    const exp = await createSweep({ maxRetries: 1, heartbeatGraceSec: 30 });
    const t = (await ask(exp.id)).body.trial;
    expect((await callRoute(routes.heartbeat.POST, { params: { id: t.id } })).body).toEqual({ state: "running", shouldPrune: false });
    expect(await failStaleTrials({ now: () => new Date(Date.now() + 2_000) })).toBe(0);
    expect(await failStaleTrials({ now: () => new Date(Date.now() + 60_000) })).toBe(1);
    const dead = (await callRoute(routes.trial.GET, { params: { id: t.id } }, "GET")).body.trial;
    expect(dead).toMatchObject({ state: "failed", error: expect.stringMatching(/no heartbeat/) });
    const retried = (await ask(exp.id)).body.trial;
    expect(retried).toMatchObject({ params: t.params, retryOfId: t.id, number: t.number + 1 });
    // Its retry runs: the original's late result is too late now.
    expect((await callRoute(routes.complete.POST, { params: { id: t.id }, body: { value: 1 } })).status).toBe(409);
    expect((await callRoute(routes.heartbeat.POST, { params: { id: t.id } })).status).toBe(409);
    // the retry limit is 1: failing the retry queues nothing more
    await callRoute(routes.fail.POST, { params: { id: retried.id }, body: { error: "boom", kind: "infrastructure" } });
    const next = (await ask(exp.id)).body.trial;
    expect(next.retryOfId).toBeNull();
  });

  it("a trial presumed dead that reports again before its retry is handed out is taken back", async () => {
    const exp = await createSweep({ maxRetries: 1, heartbeatGraceSec: 30 });
    const a = (await ask(exp.id)).body.trial;
    const b = (await ask(exp.id)).body.trial;
    expect(await failStaleTrials({ experimentId: exp.id, now: () => new Date(Date.now() + 60_000) })).toBe(2);
    // A late result completes it; a heartbeat brings the other back to running.
    const late = await callRoute(routes.complete.POST, { params: { id: a.id }, body: { value: 0.5 } });
    expect(late.status).toBe(200);
    expect(late.body.trial).toMatchObject({ state: "complete", value: 0.5, error: null });
    expect((await callRoute(routes.heartbeat.POST, { params: { id: b.id } })).body).toEqual({ state: "running", shouldPrune: false });
    // Neither leaves a retry behind: the next ask is a fresh trial.
    expect((await ask(exp.id)).body.trial).toMatchObject({ retryOfId: null, number: 2 });
  });

  it("metric reports alone keep a trial alive, as README's Python loop sends no heartbeat", async () => {
    const exp = await createSweep({ heartbeatGraceSec: 30 });
    const t = (await ask(exp.id)).body.trial;
    const start = Date.now();
    const later = (s: number) => () => new Date(start + s * 1000);
    // Reports at +20 s and +40 s, each within the grace of the one before: never stale.
    for (const [at, step] of [[20, 0], [40, 1]] as const) {
      expect(await failStaleTrials({ experimentId: exp.id, now: later(at), upSince: new Date(start - 1000) })).toBe(0);
      const { reportMetrics } = await import("@/lib/server/report-metrics");
      await reportMetrics({ trialId: t.id, body: { points: [{ name: "loss", step, value: 1 }] }, now: () => start + at * 1000 });
    }
    expect(await failStaleTrials({ experimentId: exp.id, now: later(65), upSince: new Date(start - 1000) })).toBe(0);
    expect(await failStaleTrials({ experimentId: exp.id, now: later(75), upSince: new Date(start - 1000) })).toBe(1);
  });

  it("names the best trial: bestTrialNumber follows the objective's direction", async () => {
    for (const [direction, best] of [["minimize", 1], ["maximize", 2]] as const) {
      const exp = await createSweep({ objective: { metric: "loss", direction } });
      for (const value of [0.5, 0.1, 0.9]) {
        const t = (await ask(exp.id)).body.trial;
        await callRoute(routes.complete.POST, { params: { id: t.id }, body: { value } });
      }
      const pruned = (await ask(exp.id)).body.trial;
      await callRoute(routes.metrics.POST, { params: { id: pruned.id }, body: { points: [{ name: "loss", step: 1, value: direction === "minimize" ? -5 : 5 }] } });
      await callRoute(routes.prune.POST, { params: { id: pruned.id } });
      const read = (await callRoute(routes.experiment.GET, { params: { id: exp.id } }, "GET")).body.experiment;
      expect(read, direction).toMatchObject({ bestTrialNumber: best, bestValue: direction === "minimize" ? 0.1 : 0.9 });
    }
  });

  it("time the server was down does not count against a trial's grace period", async () => {
    const exp = await createSweep({ heartbeatGraceSec: 30 });
    await ask(exp.id);
    const start = Date.now();
    // Silent for 60 s, but the server came up only 10 s ago: not stale yet.
    expect(await failStaleTrials({ experimentId: exp.id, now: () => new Date(start + 60_000), upSince: new Date(start + 50_000) })).toBe(0);
    expect(await failStaleTrials({ experimentId: exp.id, now: () => new Date(start + 90_000), upSince: new Date(start + 50_000) })).toBe(1);
  });

  it("refuses a grace period shorter than three agent heartbeats", async () => {
    const res = await callRoute(routes.experiments.POST, { body: { name: "g", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss", direction: "minimize" }, heartbeatGraceSec: 5 } });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ path: "heartbeatGraceSec", message: expect.stringMatching(/at least 30/) });
  });

  it("retries the program's own failures only with retryOn any", async () => {
    const strict = await createSweep({ maxRetries: 2 });
    const s = (await ask(strict.id)).body.trial;
    await callRoute(routes.fail.POST, { params: { id: s.id }, body: { error: "exit 1" } });
    expect((await ask(strict.id)).body.trial.retryOfId).toBeNull();
    const lenient = await createSweep({ maxRetries: 2, retryOn: "any" });
    const l = (await ask(lenient.id)).body.trial;
    await callRoute(routes.fail.POST, { params: { id: l.id }, body: { error: "exit 1" } });
    expect((await ask(lenient.id)).body.trial).toMatchObject({ retryOfId: l.id, params: l.params });
  });

  it("fail, prune and manual retry", async () => {
    const exp = await createSweep();
    const a = (await ask(exp.id)).body.trial;
    const failed = await callRoute(routes.fail.POST, { params: { id: a.id }, body: { error: "CUDA out of memory" } });
    expect(failed.body.trial).toMatchObject({ state: "failed", error: "CUDA out of memory" });
    const b = (await ask(exp.id)).body.trial;
    expect((await callRoute(routes.prune.POST, { params: { id: b.id }, body: { step: 3 } })).body.trial.state).toBe("pruned");
    expect((await callRoute(routes.retry.POST, { params: { id: b.id } })).status).toBe(409);
    const r = await callRoute(routes.retry.POST, { params: { id: a.id } });
    expect(r.status).toBe(201);
    expect(r.body.trial).toMatchObject({ state: "waiting", params: a.params, retryOfId: a.id });
    expect((await callRoute(routes.retry.POST, { params: { id: a.id } })).status).toBe(409);
  });
});

describe("listing and export", () => {
  it("pages trials with a cursor and filters by state", async () => {
    const exp = await createSweep({ maxTrials: 7 });
    for (let i = 0; i < 7; i++) {
      const t = (await ask(exp.id)).body.trial;
      if (i % 2 === 0) await callRoute(routes.complete.POST, { params: { id: t.id }, body: { value: i } });
    }
    const seen: number[] = [];
    let cursor: number | null | undefined;
    do {
      const page = await callRoute(routes.trials.GET, { params: { id: exp.id }, query: { limit: "3", ...(cursor != null ? { cursor: String(cursor) } : {}) } }, "GET");
      expect(page.status).toBe(200);
      seen.push(...page.body.trials.map((t: { number: number }) => t.number));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const complete = await callRoute(routes.trials.GET, { params: { id: exp.id }, query: { state: "complete" } }, "GET");
    expect(complete.body.trials.map((t: { number: number }) => t.number)).toEqual([0, 2, 4, 6]);
    const bad = await callRoute(routes.trials.GET, { params: { id: exp.id }, query: { state: "done" } }, "GET");
    expect(bad.status).toBe(422);
    expect(bad.body.error.path).toBe("state");
  });

  it("exports CSV and JSON", async () => {
    const exp = await createSweep();
    const t = (await ask(exp.id)).body.trial;
    await callRoute(routes.complete.POST, { params: { id: t.id }, body: { value: 0.125 } });
    const csv = await callRoute(routes.exportRoute.GET, { params: { id: exp.id }, query: { format: "csv" } }, "GET");
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const [header, row] = String(csv.body).trim().split("\n");
    expect(header).toBe("number,state,loss,param:k,param:x,started_at,completed_at,last_step,error");
    expect(row).toMatch(/^0,complete,0.125,/);
    const json = await callRoute(routes.exportRoute.GET, { params: { id: exp.id } }, "GET");
    expect(json.body.trials).toHaveLength(1);
    expect(json.body.experiment.id).toBe(exp.id);
  });
});

describe("concurrent asks", () => {
  it("give dense, unique trial numbers", async () => {
    const exp = await createSweep({ maxTrials: 40 });
    const results = await Promise.all(Array.from({ length: 40 }, () => ask(exp.id)));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const numbers = results.map((r) => r.body.trial.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect((await ask(exp.id)).status).toBe(409);
  });
});

describe("pruning through the API", () => {
  it.each([["median"], ["percentile"], ["asha"], ["hyperband"]])("a sweep with the %s pruner asks, reports and answers shouldPrune", async (pruner) => {
    const exp = await createSweep({ pruner: pruner === "percentile" ? { type: "percentile", percentile: 25, nStartupTrials: 1 } : { type: pruner }, maxTrials: 8 });
    for (let i = 0; i < 8; i++) {
      const t = (await ask(exp.id)).body.trial;
      const good = i < 4;
      let pruned = false;
      for (let step = 0; step < 20 && !pruned; step++) {
        const r = await callRoute(routes.metrics.POST, { params: { id: t.id }, body: { points: [{ name: "loss", step, value: good ? 1 / (step + 1) : 10 + step }] } });
        expect(r.status).toBe(200);
        pruned = r.body.shouldPrune;
      }
      if (pruned) await callRoute(routes.prune.POST, { params: { id: t.id } });
      else await callRoute(routes.complete.POST, { params: { id: t.id }, body: { value: good ? 0.05 : 29 } });
      if (good) expect(pruned).toBe(false);
    }
    const { body } = await callRoute(routes.trials.GET, { params: { id: exp.id }, query: { state: "pruned" } }, "GET");
    if (pruner !== "hyperband") expect(body.trials.length).toBeGreaterThan(0);
  });
});

describe("metric series pages", () => {
  it("page a long series with a step cursor", async () => {
    const exp = await createSweep();
    const t = (await ask(exp.id)).body.trial;
    await callRoute(routes.metrics.POST, { params: { id: t.id }, body: { points: Array.from({ length: 25 }, (_, s) => ({ name: "loss", step: s * 2, value: s })) } });
    const steps: number[] = [];
    let cursor: number | null = -1;
    while (cursor !== null) {
      const page: any = await callRoute(routes.metrics.GET, { params: { id: t.id }, query: { name: "loss", limit: "10", afterStep: String(cursor) } }, "GET");
      expect(page.status).toBe(200);
      steps.push(...page.body.points.map((p: { step: number }) => p.step));
      cursor = page.body.nextCursor;
    }
    expect(steps).toEqual(Array.from({ length: 25 }, (_, s) => s * 2));
    const bad = await callRoute(routes.metrics.GET, { params: { id: t.id }, query: { name: "loss", limit: "0" } }, "GET");
    expect(bad.status).toBe(422);
    expect(bad.body.error.path).toBe("limit");
  });
});
