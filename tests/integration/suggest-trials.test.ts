// Suggest (lib/server/suggest-trials.ts): the next configurations the optimizer would try, without creating
// trials; the first is what the next ask hands out.
import { describe, expect, it } from "vitest";
import { suggestTrials } from "@/lib/server/suggest-trials";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

const create = async (body: Record<string, unknown>) => (await callRoute(routes.experiments.POST, { body: { name: "suggest", objective: { metric: "loss" }, seed: 11, ...body } })).body.experiment as { id: number };
const ask = async (id: number) => (await callRoute(routes.trials.POST, { params: { id } })).body.trial as { id: number; number: number; params: Record<string, number> };
const count = async (id: number) => (await callRoute(routes.experiment.GET, { params: { id } }, "GET")).body.experiment.trialCount as number;

describe("suggest", () => {
  it("the first suggestion is the next ask's trial; later ones differ; nothing is created", async () => {
    const { id } = await create({ space: { x: { type: "uniform", low: -3, high: 3 }, y: { type: "uniform", low: -3, high: 3 } }, sampler: { type: "tpe", nStartupTrials: 4 } });
    for (let i = 0; i < 8; i++) {
      const t = await ask(id);
      await callRoute(routes.complete.POST, { params: { id: t.id }, body: { value: t.params.x! ** 2 + t.params.y! ** 2 } });
    }
    const { suggestions } = await suggestTrials({ experimentId: id, count: 3 });
    expect(suggestions.map((s) => s.number)).toEqual([8, 9, 10]);
    expect(new Set(suggestions.map((s) => JSON.stringify(s.params))).size).toBe(3);
    expect(await count(id)).toBe(8);
    // Asked again from the same history: the same answer.
    expect((await suggestTrials({ experimentId: id, count: 3 })).suggestions).toEqual(suggestions);
    const next = await ask(id);
    expect(next.number).toBe(8);
    expect(next.params).toEqual(suggestions[0]!.params);
  });

  it("refuses a count outside 1..20 and an unknown sweep, and says when a grid has nothing left", async () => {
    const { id } = await create({ space: { c: { type: "categorical", values: ["a", "b"] } }, sampler: "grid" });
    await expect(suggestTrials({ experimentId: id, count: 0 })).rejects.toMatchObject({ code: "validation_error", path: "count" });
    await expect(suggestTrials({ experimentId: id, count: 21 })).rejects.toMatchObject({ code: "validation_error" });
    await expect(suggestTrials({ experimentId: 999_999, count: 1 })).rejects.toMatchObject({ code: "not_found" });
    await expect(suggestTrials({ experimentId: id, count: 3 })).rejects.toMatchObject({ code: "budget_exhausted" });
    expect((await suggestTrials({ experimentId: id, count: 2 })).suggestions.map((s) => s.params.c).sort()).toEqual(["a", "b"]);
  });
});
