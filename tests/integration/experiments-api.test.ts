import { describe, expect, it } from "vitest";
import * as experimentsRoute from "@/app/api/v1/experiments/route";
import * as experimentRoute from "@/app/api/v1/experiments/[id]/route";
import * as trialsRoute from "@/app/api/v1/experiments/[id]/trials/route";
import * as completeRoute from "@/app/api/v1/trials/[id]/complete/route";
import * as metricsRoute from "@/app/api/v1/trials/[id]/metrics/route";
import { DEFAULT_SAMPLER, PRUNER_DEFAULTS, TPE_DEFAULTS } from "@/lib/optimizer";
import { callRoute } from "../support/call-route";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

const flatSpace = {
  lr: { type: "loguniform", low: 1e-5, high: 1 },
  momentum: { type: "uniform", low: 0, high: 0.99 },
  layers: { type: "int", low: 1, high: 8 },
  act: { type: "categorical", values: ["relu", "tanh"] },
};

async function createSweep(extra: Record<string, unknown> = {}) {
  const res = await callRoute(experimentsRoute.POST, {
    body: { name: "mnist", space: flatSpace, objective: { metric: "val_loss", direction: "minimize" }, sampler: "random", maxTrials: 3, seed: 7, ...extra },
  });
  expect(res.status).toBe(201);
  return res.body.experiment as { id: number; name: string; maxTrials: number };
}

describe("experiments API: the thin slice", () => {
  it("creates, lists and reads a sweep", async () => {
    const created = await createSweep();
    expect(created.name).toBe("mnist");
    const list = await callRoute(experimentsRoute.GET, {}, "GET");
    expect(list.status).toBe(200);
    expect(list.body.experiments.map((e: { id: number }) => e.id)).toContain(created.id);
    const one = await callRoute(experimentRoute.GET, { params: { id: created.id } }, "GET");
    expect(one.status).toBe(200);
    expect(one.body.experiment).toMatchObject({ id: created.id, status: "running", trialsDone: 0, maxTrials: 3, sampler: "random" });
  });

  it("asks trials with seeded random parameters inside the space, and refuses past the budget", async () => {
    const exp = await createSweep();
    const numbers: number[] = [];
    for (let i = 0; i < 3; i++) {
      const ask = await callRoute(trialsRoute.POST, { params: { id: exp.id } });
      expect(ask.status).toBe(201);
      const t = ask.body.trial;
      expect(t.state).toBe("running");
      expect(t.params.lr).toBeGreaterThanOrEqual(1e-5);
      expect(t.params.lr).toBeLessThanOrEqual(1);
      expect(Number.isInteger(t.params.layers)).toBe(true);
      expect(["relu", "tanh"]).toContain(t.params.act);
      numbers.push(t.number);
      const report = await callRoute(metricsRoute.POST, { params: { id: t.id }, body: { points: [{ name: "val_loss", step: 0, value: 1 }, { name: "val_loss", step: 1, value: 0.5 + i }] } });
      expect(report.status).toBe(200);
      expect(report.body).toMatchObject({ stored: 2, shouldPrune: false });
      const done = await callRoute(completeRoute.POST, { params: { id: t.id }, body: { value: 0.5 + i } });
      expect(done.status).toBe(200);
      expect(done.body.trial).toMatchObject({ state: "complete", value: 0.5 + i, values: [0.5 + i] });
    }
    expect(numbers).toEqual([0, 1, 2]);
    const over = await callRoute(trialsRoute.POST, { params: { id: exp.id } });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe("budget_exhausted");
    expect(over.body.error.message).toMatch(/budget of 3 trials/);

    const one = await callRoute(experimentRoute.GET, { params: { id: exp.id } }, "GET");
    expect(one.body.experiment).toMatchObject({ trialsDone: 3, bestValue: 0.5 });
    const trials = await callRoute(trialsRoute.GET, { params: { id: exp.id } }, "GET");
    expect(trials.body.trials).toHaveLength(3);
  });

  it("gives the same parameters for the same seed", async () => {
    const a = await createSweep({ seed: 42 });
    const b = await createSweep({ seed: 42 });
    const ta = await callRoute(trialsRoute.POST, { params: { id: a.id } });
    const tb = await callRoute(trialsRoute.POST, { params: { id: b.id } });
    expect(ta.body.trial.params).toEqual(tb.body.trial.params);
  });

  it("marks a trial failed when told NaN (as Python's json writes it) instead of completing it", async () => {
    const exp = await createSweep();
    const t = (await callRoute(trialsRoute.POST, { params: { id: exp.id } })).body.trial;
    const res = await callRoute(completeRoute.POST, { params: { id: t.id }, body: '{"value": NaN}' });
    expect(res.status).toBe(200);
    expect(res.body.trial.state).toBe("failed");
    expect(res.body.trial.error).toMatch(/val_loss was NaN/);
  });

  it('gives each name one meaning: no sampler, "auto" and a W&B "bayes" import get the default; "tpe" and {"type": "tpe"} TPE\'s defaults', async () => {
    const read = async (id: number) => (await callRoute(experimentRoute.GET, { params: { id } }, "GET")).body.experiment;
    // createSweep's body says "random" unless told; undefined leaves the key out of the JSON.
    for (const extra of [{ sampler: undefined }, { sampler: "auto" }, { sampler: { type: "auto" } }]) {
      const e = await read((await createSweep(extra)).id);
      expect(e.sampler).toBe("auto");
      expect(e.samplerConfig).toEqual(DEFAULT_SAMPLER);
    }
    for (const extra of [{ sampler: "tpe" }, { sampler: { type: "tpe" } }]) {
      const e = await read((await createSweep(extra)).id);
      expect(e.sampler).toBe("tpe");
      expect(e.samplerConfig).toEqual(TPE_DEFAULTS);
    }
    const wandb = await callRoute(experimentsRoute.POST, {
      body: { name: "w", spaceFormat: "wandb", space: "method: bayes\nmetric: {name: loss, goal: minimize}\nparameters:\n  x: {min: 0.0, max: 1.0}\n" },
    });
    expect(wandb.status).toBe(201);
    expect((await read(wandb.body.experiment.id)).samplerConfig).toEqual(DEFAULT_SAMPLER);
    // Settings override the default field by field.
    const tuned = await read((await createSweep({ sampler: { type: "tpe", nStartupTrials: 3, constantLiar: false } })).id);
    expect(tuned.samplerConfig).toEqual({ ...TPE_DEFAULTS, nStartupTrials: 3, constantLiar: false });
    const univariate = await read((await createSweep({ sampler: { type: "tpe", multivariate: false } })).id);
    expect(univariate.samplerConfig).toMatchObject({ multivariate: false, group: false, univariateEvery: 0, constantLiar: true });
  });

  it("fills in every pruner's engine defaults (the median pruner: no warm-up, as Optuna's)", async () => {
    const read = async (id: number) => (await callRoute(experimentRoute.GET, { params: { id } }, "GET")).body.experiment;
    for (const name of ["median", "asha", "hyperband"] as const) {
      const e = await read((await createSweep({ pruner: name })).id);
      expect(e.prunerConfig).toEqual({ name, ...PRUNER_DEFAULTS[name] });
    }
    expect((await read((await createSweep({ pruner: { type: "median" } })).id)).prunerConfig.nWarmupSteps).toBe(0);
  });
});
