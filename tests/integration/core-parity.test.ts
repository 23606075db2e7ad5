import { describe, expect, it } from "vitest";
import { InMemoryStorage, Study, parsePrunerConfig, parseSamplerConfig, type Params } from "@/lib/optimizer";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

// The trial core's promise: the in-memory Study and the server (route handlers over the real database) make
// the same decisions from the same seed — the same parameters for every trial, the same prune verdicts —
// for every sampler and pruner, one trial at a time and with several running at once.
setupTempDatabase();

const space = {
  x: { type: "uniform", low: -5, high: 5 },
  lr: { type: "loguniform", low: 1e-4, high: 1 },
  k: { type: "int", low: 1, high: 9 },
  model: { type: "choice", options: [{ value: "a", params: { c: { type: "uniform", low: 0, high: 1 } } }, "b"] },
};

function loss(p: Params, step: number): number {
  const x = p.x as number;
  const base = x * x + Math.abs(Math.log10(p.lr as number) + 2) + ((p.k as number) - 4) ** 2 * 0.1 + (p.model === "a" ? (p["model.a.c"] as number) : 0.7);
  return base * (1 + 2 / (step + 1));
}

type Config = { name: string; settings: Record<string, unknown> };
const SAMPLERS: Config[] = [
  { name: "random", settings: {} },
  { name: "qmc", settings: {} },
  { name: "tpe", settings: { nStartupTrials: 4, multivariate: false } },
  // TPE's defaults: multivariate, grouped, constant liar, univariate every second trial.
  { name: "tpe", settings: { nStartupTrials: 4 } },
];
const PRUNERS: Config[] = [
  { name: "median", settings: { nStartupTrials: 2 } },
  { name: "asha", settings: { minResource: 1, reductionFactor: 2 } },
  { name: "hyperband", settings: { minResource: 1, maxResource: "auto", reductionFactor: 2 } },
];
const STEPS = 6;
const TRIALS = 16;

/** One worker's view of a sweep: ask, report a step (answering whether to prune), tell. */
interface Driver {
  ask(): Promise<{ key: number; params: Params }>;
  report(key: number, step: number, value: number): Promise<boolean>;
  prune(key: number): Promise<void>;
  complete(key: number, value: number): Promise<void>;
}

function studyDriver(sampler: Config, pruner: Config, seed: number): Driver {
  const study = new Study({
    storage: new InMemoryStorage(),
    space,
    sampler: parseSamplerConfig(sampler.name, sampler.settings),
    pruner: parsePrunerConfig(pruner.name, pruner.settings),
    objectives: [{ metric: "loss", direction: "minimize" }],
    seed,
  });
  return {
    async ask() {
      const t = await study.ask();
      return { key: t.number, params: t.params };
    },
    async report(key, step, value) {
      await study.report(key, step, value);
      return study.shouldPrune(key);
    },
    async prune(key) {
      await study.tell(key, { state: "pruned" });
    },
    async complete(key, value) {
      await study.tell(key, { state: "complete", values: [value] });
    },
  };
}

async function serverDriver(sampler: Config, pruner: Config, seed: number): Promise<Driver> {
  const created = await callRoute(routes.experiments.POST, {
    body: { name: "parity", space, objective: { metric: "loss", direction: "minimize" }, sampler: { type: sampler.name, ...sampler.settings }, pruner: { type: pruner.name, ...pruner.settings }, seed },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.experiment.id;
  return {
    async ask() {
      const res = await callRoute(routes.trials.POST, { params: { id } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return { key: res.body.trial.id, params: res.body.trial.params };
    },
    async report(key, step, value) {
      const res = await callRoute(routes.metrics.POST, { params: { id: key }, body: { points: [{ name: "loss", step, value }] } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.shouldPrune;
    },
    async prune(key) {
      expect((await callRoute(routes.prune.POST, { params: { id: key } })).status).toBe(200);
    },
    async complete(key, value) {
      expect((await callRoute(routes.complete.POST, { params: { id: key }, body: { value } })).status).toBe(200);
    },
  };
}

/** Runs TRIALS trials `parallel` at a time, stepping the running ones round-robin. Returns what was decided. */
async function script(driver: Driver, parallel: number) {
  const log: Array<{ params: Params; prunedAt: number | null }> = [];
  let asked = 0;
  while (asked < TRIALS) {
    const batch: Array<{ key: number; params: Params; index: number; done: boolean }> = [];
    for (let i = 0; i < parallel && asked < TRIALS; i++, asked++) {
      const t = await driver.ask();
      batch.push({ ...t, index: log.length, done: false });
      log.push({ params: t.params, prunedAt: null });
    }
    for (let step = 0; step < STEPS; step++) {
      for (const t of batch) {
        if (t.done) continue;
        if (await driver.report(t.key, step, loss(t.params, step))) {
          await driver.prune(t.key);
          log[t.index]!.prunedAt = step;
          t.done = true;
        }
      }
    }
    for (const t of batch) if (!t.done) await driver.complete(t.key, loss(t.params, STEPS - 1));
  }
  return log;
}

describe("the trial core on both drivers", () => {
  for (const sampler of SAMPLERS) {
    for (const pruner of PRUNERS) {
      for (const parallel of [1, 4]) {
        it(`${sampler.name} ${JSON.stringify(sampler.settings)} with ${pruner.name}, ${parallel} at a time: same parameters, same prunes`, async () => {
          const memory = await script(studyDriver(sampler, pruner, 5), parallel);
          const server = await script(await serverDriver(sampler, pruner, 5), parallel);
          expect(server).toEqual(memory);
          if (pruner.name !== "hyperband" || parallel === 1) expect(memory.some((t) => t.prunedAt !== null), "the script must exercise the pruner").toBe(true);
        });
      }
    }
  }

  it("gives each seed its own QMC sequence on the server, as Study does", async () => {
    const first = async (seed: number) => (await (await serverDriver({ name: "qmc", settings: {} }, { name: "none", settings: {} }, seed)).ask()).params;
    expect(await first(1)).not.toEqual(await first(2));
    expect(await first(1)).toEqual((await studyDriver({ name: "qmc", settings: {} }, { name: "none", settings: {} }, 1).ask()).params);
  });
});

describe("several objectives and constraints on both drivers", () => {
  // Two objectives and one constraint: the bounded history's "best" is constrained nondominated rank on
  // both paths (the database ranks the complete trials' values with the engine, Study filters everything).
  const objectives = [
    { metric: "loss", direction: "minimize" as const },
    { metric: "size", direction: "maximize" as const },
  ];
  const values = (p: Params) => [loss(p, STEPS - 1), -Math.abs(p.k as number) + (p.x as number)];
  const constraint = (p: Params) => (p.x as number) - 2;
  const cases: Array<{ sampler: Config; objectives: typeof objectives }> = [
    { sampler: { name: "tpe", settings: { nStartupTrials: 4 } }, objectives },
    { sampler: { name: "nsga2", settings: { populationSize: 6 } }, objectives },
    { sampler: { name: "tpe", settings: { nStartupTrials: 4 } }, objectives: objectives.slice(0, 1) },
    { sampler: { name: "gp", settings: { nStartupTrials: 4 } }, objectives: objectives.slice(0, 1) },
  ];
  for (const { sampler, objectives: objs } of cases) {
    it(`${sampler.name} with ${objs.length} objective(s) and a constraint, 2 at a time: same parameters`, async () => {
      const study = new Study({ storage: new InMemoryStorage(), space, sampler: parseSamplerConfig(sampler.name, sampler.settings), objectives: objs, constraints: ["over"], seed: 9 });
      const created = await callRoute(routes.experiments.POST, { body: { name: "mo parity", space, objectives: objs, constraints: ["over"], sampler: { type: sampler.name, ...sampler.settings }, seed: 9 } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.experiment.id;
      const memory: Params[] = [];
      const server: Params[] = [];
      for (let i = 0; i < 14; i += 2) {
        const local = [await study.ask(), await study.ask()];
        const remote = [(await callRoute(routes.trials.POST, { params: { id } })).body.trial, (await callRoute(routes.trials.POST, { params: { id } })).body.trial];
        for (const t of local) {
          memory.push(t.params);
          await study.tell(t.number, { state: "complete", values: values(t.params).slice(0, objs.length), constraints: [constraint(t.params)] });
        }
        for (const t of remote) {
          server.push(t.params);
          const res = await callRoute(routes.complete.POST, { params: { id: t.id }, body: { values: values(t.params).slice(0, objs.length), constraints: [constraint(t.params)] } });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
        }
      }
      expect(server).toEqual(memory);
    });
  }
});
