import { describe, expect, it } from "vitest";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

async function createSweep(extra: Record<string, unknown> = {}) {
  return callRoute(routes.experiments.POST, {
    body: { name: "constrained", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, constraints: ["memory_over"], sampler: "random", seed: 1, ...extra },
  });
}
const ask = async (id: number) => (await callRoute(routes.trials.POST, { params: { id } })).body.trial as { id: number; number: number };
const experiment = async (id: number) => (await callRoute(routes.experiment.GET, { params: { id } }, "GET")).body.experiment;
const trial = async (id: number) => (await callRoute(routes.trial.GET, { params: { id } }, "GET")).body.trial;

describe("constraints: feasible when every constraint metric is <= 0", () => {
  it("takes the values from the complete call or from each constraint metric's last report, and the best counts feasible trials only", async () => {
    const created = await createSweep();
    expect(created.status).toBe(201);
    const id = created.body.experiment.id as number;
    expect(created.body.experiment.constraints).toEqual(["memory_over"]);

    // The lowest loss, but infeasible (told in the complete call).
    const a = await ask(id);
    expect((await callRoute(routes.complete.POST, { params: { id: a.id }, body: { value: 0.1, constraints: [2.5] } })).status).toBe(200);
    // Feasible from its last report of the constraint metric (0 counts as feasible).
    const b = await ask(id);
    await callRoute(routes.metrics.POST, { params: { id: b.id }, body: { points: [{ name: "memory_over", step: 0, value: 3 }, { name: "memory_over", step: 1, value: 0 }] } });
    await callRoute(routes.complete.POST, { params: { id: b.id }, body: { value: 0.5 } });
    // Never reported the constraint: infeasible, but complete.
    const c = await ask(id);
    await callRoute(routes.complete.POST, { params: { id: c.id }, body: { value: 0.05 } });

    expect(await trial(a.id)).toMatchObject({ state: "complete", constraints: [2.5], feasible: false });
    expect(await trial(b.id)).toMatchObject({ state: "complete", constraints: [0], feasible: true });
    expect(await trial(c.id)).toMatchObject({ state: "complete", constraints: [null], feasible: false });
    expect(await experiment(id)).toMatchObject({ bestValue: 0.5, bestTrialNumber: b.number });
  });

  it("refuses a wrong number of constraint values with the path, leaving the trial running", async () => {
    const id = (await createSweep()).body.experiment.id as number;
    const t = await ask(id);
    const wrong = await callRoute(routes.complete.POST, { params: { id: t.id }, body: { value: 1, constraints: [1, 2] } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({ code: "validation_error", path: "constraints" });
    expect((await trial(t.id)).state).toBe("running");
    const plain = (await createSweep({ constraints: undefined })).body.experiment.id as number;
    const u = await ask(plain);
    const extra = await callRoute(routes.complete.POST, { params: { id: u.id }, body: { value: 1, constraints: [0] } });
    expect(extra.status).toBe(422);
    expect(extra.body.error.message).toMatch(/has no constraints/);
    expect((await callRoute(routes.complete.POST, { params: { id: u.id }, body: { value: 1 } })).body.trial).toMatchObject({ state: "complete", constraints: null, feasible: null });
  });

  it("refuses constraint names that repeat or that are objectives", async () => {
    const twice = await createSweep({ constraints: ["m", "m"] });
    expect(twice.status).toBe(422);
    expect(twice.body.error.path).toBe("constraints.1");
    const objective = await createSweep({ constraints: ["loss"] });
    expect(objective.status).toBe(422);
    expect(objective.body.error.message).toMatch(/is an objective/);
    const empty = await createSweep({ constraints: [""] });
    expect(empty.status).toBe(422);
  });
});

describe("several objectives: the experiment names its Pareto front", () => {
  it("lists the complete, feasible, nondominated trials, and null for one objective", async () => {
    const created = await createSweep({ objective: undefined, objectives: [{ metric: "loss" }, { metric: "accuracy", direction: "maximize" }] });
    expect(created.status).toBe(201);
    const id = created.body.experiment.id as number;
    const told: Array<{ values: number[]; constraints: number[] }> = [
      { values: [0.2, 0.8], constraints: [0] }, // front
      { values: [0.1, 0.7], constraints: [-1] }, // front (lower loss)
      { values: [0.3, 0.75], constraints: [0] }, // dominated by #0
      { values: [0.05, 0.99], constraints: [1] }, // would dominate all, but infeasible
    ];
    for (const body of told) {
      const t = await ask(id);
      expect((await callRoute(routes.complete.POST, { params: { id: t.id }, body })).status).toBe(200);
    }
    await ask(id); // running: not on the front
    const exp = await experiment(id);
    expect(exp.paretoFront).toEqual([0, 1]);
    expect(exp.bestTrialNumber).toBe(1);
    const single = (await createSweep()).body.experiment.id as number;
    expect((await experiment(single)).paretoFront).toBeNull();
  });
});
