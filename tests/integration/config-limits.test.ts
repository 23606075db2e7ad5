import { describe, expect, it } from "vitest";
import * as uiPreview from "@/app/api/ui/preview/route";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

const base = { name: "limits", objective: { metric: "loss" }, seed: 1 };

/** Creates a sweep; a 201 must also serve asks. */
async function create(extra: object) {
  return callRoute(routes.experiments.POST, { body: { ...base, ...extra } });
}

function expect422(res: { status: number; body: any }, path: string, message: RegExp) {
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.body.error.code).toBe("validation_error");
  const issues: Array<{ path: string; message: string }> = res.body.error.issues ?? [{ path: res.body.error.path, message: res.body.error.message.replace(/^[^:]*: /, "") }];
  const hit = issues.find((i) => i.path === path);
  expect(hit, `no issue at ${path} in ${JSON.stringify(issues)}`).toBeDefined();
  expect(hit!.message).toMatch(message);
}

const chain = (depth: number): unknown => (depth === 0 ? 1 : { type: "choice", options: [{ value: "d", params: { c: chain(depth - 1) } }, "stop"] });

describe("the attacker's configurations are refused at create, each with its path", () => {
  it("Hyperband over [5e-324, 1e308]: a heap-exhausting loop on the first ask", async () => {
    const res = await create({ space: { x: { type: "uniform", low: 0, high: 1 } }, pruner: { type: "hyperband", minResource: 5e-324, maxResource: 1e308, reductionFactor: 3 } });
    expect422(res, "pruner.minResource", /must be >= 1/);
    expect422(res, "pruner.maxResource", /must be <= 9007199254740991/);
    expect422(await create({ space: { x: 1 }, pruner: { type: "hyperband", minResource: 1, maxResource: 1e15, reductionFactor: 3 } }), "pruner.maxResource", /gives 32 brackets .*; at most 20 are allowed/);
  });

  it("grid resolution 3,000,000 and TPE with 5,000,000 candidates", async () => {
    expect422(await create({ space: { x: { type: "uniform", low: 0, high: 1 } }, sampler: { type: "grid", resolution: 3_000_000 } }), "sampler.resolution", /must be <= 1000/);
    expect422(await create({ space: { x: { type: "uniform", low: 0, high: 1 } }, sampler: { type: "tpe", nEiCandidates: 5_000_000 } }), "sampler.nEiCandidates", /must be <= 512/);
  });

  it("configs that used to fail every ask with a 500", async () => {
    expect422(await create({ space: { x: { type: "uniform", low: 0, high: 1 } }, sampler: "grid" }), "sampler.values.x", /needs grid values or a resolution/);
    expect422(await create({ space: { n: { type: "int", low: -1e15, high: 1e15 } }, sampler: "grid" }), "sampler.values.n", /has 2000000000000001 values/);
    expect422(await create({ space: { q: { type: "quniform", low: 0, high: 1, q: 1e-300 } } }), "space.q.q", /must be >= 1e-12/);
    expect422(await create({ space: { a: { type: "int", low: 1, high: 10_000 }, b: { type: "int", low: 1, high: 10_000 } }, sampler: "grid" }), "sampler", /100000000 configurations; at most 10000000/);
    expect422(await create({ space: { x: { type: "int", low: 1, high: 3 } }, sampler: { type: "grid", values: { y: [1] } } }), "sampler.values.y", /unknown parameter/);
    expect422(await create({ space: { w: { type: "uniform", low: -1e308, high: 1e308 } } }), "space.w.low", /must be >= -1e\+300/);
    expect422(await create({ space: { ln: { type: "lognormal", mu: 1000, sigma: 1 } } }), "space.ln.sigma", /must be <= 700/);
    expect422(await create({ space: { c: { type: "categorical", values: ["a", "b"], weights: [1e308, 1e308] } } }), "space.c.weights", /finite sum/);
    const many = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`p${i}`, { type: "uniform", low: 0, high: 1 }]));
    expect422(await create({ space: many, sampler: { type: "tpe", nEiCandidates: 512 } }), "sampler.nEiCandidates", /must be <= 292 for this space/);
  });

  it("a choice nested 32 and 1,000 deep, and 150,000 categorical values", async () => {
    expect422(await create({ space: { deep: chain(11) } }), `space.deep${".options[0].params.c".repeat(10)}`, /nest at most 10 deep/);
    // Deeper than 64 levels of JSON (32 choices are about 130) is refused before parsing, as a bad request.
    for (const depth of [32, 1_000]) {
      const res = await create({ space: { deep: chain(depth) } });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/more than 64 levels deep/);
    }
    expect422(await create({ space: { c: { type: "categorical", values: Array.from({ length: 150_000 }, (_, i) => i) } } }), "space.c.values", /at most 2000 values, got 150000/);
  });

  it("every issue of one request in one answer: space, sampler and pruner", async () => {
    const res = await create({ space: { q: { type: "quniform", low: 0, high: 1, q: 1e-300 } }, sampler: { type: "tpe", nEiCandidates: 2_000 }, pruner: { type: "asha", reductionFactor: 1e6 } });
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(["space.q.q", "sampler.nEiCandidates", "pruner.reductionFactor"]);
  });

  it("the new-sweep preview names the same problems", async () => {
    const res = await callRoute(uiPreview.POST, { body: { ...base, space: { x: { type: "uniform", low: 0, high: 1 } }, sampler: "grid" } });
    expect(res.body.ok).toBe(false);
    expect(res.body.issues).toEqual([{ path: "sampler.values.x", message: "a continuous parameter needs grid values or a resolution" }]);
  });
});

describe("configurations at the limits are created and asked", () => {
  it("a choice 10 deep, 2,000 categories, a wide int, Hyperband with 20 brackets", async () => {
    const res = await create({
      space: { deep: chain(10), c: { type: "categorical", values: Array.from({ length: 2_000 }, (_, i) => `v${i}`) }, n: { type: "int", low: -(2 ** 50), high: 2 ** 50 } },
      sampler: { type: "tpe", nStartupTrials: 2 },
      pruner: { type: "hyperband", minResource: 1, maxResource: 3 ** 20 - 1, reductionFactor: 3 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.experiment.id;
    for (let i = 0; i < 4; i++) {
      const ask = await callRoute(routes.trials.POST, { params: { id } });
      expect(ask.status, JSON.stringify(ask.body)).toBe(201);
      const n = ask.body.trial.params.n;
      expect(Number.isInteger(n) && Math.abs(n) <= 2 ** 50).toBe(true);
      await callRoute(routes.complete.POST, { params: { id: ask.body.trial.id }, body: { value: i } });
    }
  });
});

describe("a sweep stored before the limits", () => {
  it("answers each ask with a 409 that names the setting, not a 500", async () => {
    const { insertExperiment } = await import("@/lib/db/experiments");
    const stored = (over: Record<string, unknown>) =>
      insertExperiment({
        name: "old",
        description: "",
        spaceSource: "{}",
        spaceFormat: "json",
        space: { x: { type: "uniform", low: 0, high: 1 } },
        sampler: "random",
        samplerConfig: { name: "random" },
        pruner: "none",
        prunerConfig: { name: "none" },
        objectives: [{ metric: "loss", direction: "minimize" }],
        constraints: [],
        maxTrials: null,
        maxParallel: null,
        seed: 1,
        maxRetries: 0,
        retryOn: "infrastructure",
        heartbeatGraceSec: 300,
        ...over,
      }, new Date().toISOString());
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ sampler: "grid", samplerConfig: { name: "grid", values: {}, resolution: 3_000_000, shuffle: false, seed: 0 } }, "sampler.resolution", /must be <= 1000/],
      [{ sampler: "grid", samplerConfig: { name: "grid", values: {}, shuffle: false, seed: 0 } }, "sampler.values.x", /needs grid values or a resolution/],
      [{ pruner: "hyperband", prunerConfig: { name: "hyperband", minResource: 5e-324, maxResource: 1e308, reductionFactor: 3 } }, "pruner.minResource", /must be >= 1/],
      [{ space: { c: { type: "categorical", values: Array.from({ length: 150_000 }, (_, i) => i) } } }, "space.c.values", /at most 2000 values/],
    ];
    for (const [over, path, message] of cases) {
      const { id } = await stored(over);
      const res = await callRoute(routes.trials.POST, { params: { id } });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(409);
      expect(res.body.error.code).toBe("conflict");
      expect(res.body.error.path).toBe(path);
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.message).toMatch(/create a new sweep/);
    }
  });
});
