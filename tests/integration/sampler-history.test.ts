// lib/db/trial-core.ts readSamplerHistory: a sweep no larger than every bound is read in one query, and
// that read gives the same trials, in the same order, as the bounded selection of six.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { readSamplerHistory } from "@/lib/db/trial-core";
import { selectHistory, type HistoryNeed } from "@/lib/optimizer";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

const ask = async (id: number) => (await callRoute(routes.trials.POST, { params: { id } })).body.trial as { id: number; number: number };

describe("the sampler's history read", () => {
  it("reads a small sweep whole, the same trials as the bounded read and as the engine's selection", async () => {
    const created = await callRoute(routes.experiments.POST, { body: { name: "history", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random", seed: 3, maxRetries: 0 } });
    const id = created.body.experiment.id as number;
    // Every state a trial can be in: complete (with and without constraints), pruned with a report, failed, running, waiting.
    for (let i = 0; i < 6; i++) {
      const t = await ask(id);
      await callRoute(routes.complete.POST, { params: { id: t.id }, body: { value: (i * 7) % 5 } });
    }
    const pruned = await ask(id);
    await callRoute(routes.metrics.POST, { params: { id: pruned.id }, body: { points: [{ name: "loss", step: 3, value: 9 }] } });
    await callRoute(routes.prune.POST, { params: { id: pruned.id } });
    const failed = await ask(id);
    await callRoute(routes.fail.POST, { params: { id: failed.id }, body: { error: "boom" } });
    await ask(id);
    expect((await callRoute(routes.enqueue.POST, { params: { id }, body: { params: { x: 0.5 } } })).status).toBe(201);
    const count = (await callRoute(routes.experiment.GET, { params: { id } }, "GET")).body.experiment.trialCount as number;
    expect(count).toBe(10);

    const small: HistoryNeed = { kind: "bounded", best: 10, recent: 10, active: 10 };
    const whole = await readSamplerHistory(db(), id, small, ["minimize"], false, count);
    const bounded = await readSamplerHistory(db(), id, small, ["minimize"], false);
    expect(whole).toEqual(bounded);
    expect(whole.map((t) => t.state).sort()).toEqual(["complete", "complete", "complete", "complete", "complete", "complete", "failed", "pruned", "running", "waiting"]);
    const all = await readSamplerHistory(db(), id, { kind: "all" });
    expect(whole).toEqual(selectHistory(all, small, "minimize"));

    // One bound below the sweep's size: the bounded selection, not the whole sweep.
    const tight: HistoryNeed = { kind: "bounded", best: 2, recent: 3, active: 10 };
    const read = await readSamplerHistory(db(), id, tight, ["minimize"], false, count);
    expect(read).toEqual(selectHistory(all, tight, "minimize"));
    expect(read.length).toBeLessThan(10);
  });
});
