import { describe, expect, it } from "vitest";
import { MAX_BRACKETS, MAX_CATEGORIES, MAX_EI_CANDIDATES, MAX_GRID_SIZE, MAX_TPE_CANDIDATE_PARAMS } from "@/lib/optimizer";
import { bracketsFor } from "@/lib/optimizer/pruners/hyperband";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

// The heaviest configurations the limits allow (lib/optimizer/limits.ts) must be accepted and must ask: each over 300
// finished trials, a run of asks succeeds with suggestions inside the space, and the sweep is readable while they
// run. How long one of those asks keeps the server from answering others is a speed target, measured by
// bench/server/ask-bound.ts (npm run bench:server:ask-bound), not asserted here.
const HISTORY = 300;
const ASKS = 8;

/** A deterministic stream of uniform numbers, so the seeded history is the same on every run. */
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function createSweep(body: object): Promise<number> {
  const res = await callRoute(routes.experiments.POST, { body: { objective: { metric: "loss" }, seed: 7, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.experiment.id;
}

/** Finished trials through the API: enqueue given parameters, ask for them, report a few steps, tell a value. */
async function seedHistory(id: number, n: number, paramsOf: (i: number) => Record<string, unknown>, steps: number[] = []): Promise<void> {
  for (let i = 0; i < n; i++) {
    const queued = await callRoute(routes.enqueue.POST, { params: { id }, body: { params: paramsOf(i) } });
    expect(queued.status, JSON.stringify(queued.body)).toBe(201);
    const trial = (await callRoute(routes.trials.POST, { params: { id } })).body.trial;
    expect(trial.id).toBe(queued.body.trial.id);
    if (steps.length > 0) await callRoute(routes.metrics.POST, { params: { id: trial.id }, body: { points: steps.map((step) => ({ name: "loss", step, value: 1 / (step + 1) + i / n })) } });
    expect((await callRoute(routes.complete.POST, { params: { id: trial.id }, body: { value: Math.sin(i) } })).status).toBe(200);
  }
}

/**
 * Starts `asks` asks one after another and, while each runs, GETs the sweep again and again. Every ask must
 * answer 201 and every GET 200; returns the parameters the asks suggested.
 */
async function askWhileReading(id: number, asks: number): Promise<Array<Record<string, unknown>>> {
  const suggested: Array<Record<string, unknown>> = [];
  for (let a = 0; a < asks; a++) {
    let done = false;
    const ask = callRoute(routes.trials.POST, { params: { id } }).then((res) => {
      done = true;
      return res;
    });
    let gets = 0;
    while (!done || gets === 0) {
      const res = await callRoute(routes.experiment.GET, { params: { id } }, "GET");
      expect(res.status).toBe(200);
      expect(res.body.experiment.id).toBe(id);
      gets++;
    }
    const res = await ask;
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    suggested.push(res.body.trial.params);
    expect((await callRoute(routes.complete.POST, { params: { id: res.body.trial.id }, body: { value: a } })).status).toBe(200);
  }
  const counts = (await callRoute(routes.experiment.GET, { params: { id } }, "GET")).body.experiment;
  expect(counts.trialCount).toBe(HISTORY + asks);
  return suggested;
}

describe("the heaviest settings the limits allow are accepted and ask", () => {
  const values = Array.from({ length: MAX_CATEGORIES }, (_, i) => `c${i}`);
  const numeric = {
    u: { type: "uniform", low: -5, high: 5 },
    n: { type: "int", low: 0, high: 1_000 },
    lg: { type: "loguniform", low: 1e-6, high: 1 },
    q: { type: "quniform", low: 0, high: 10, q: 0.5 },
    z: { type: "normal", mu: 0, sigma: 2 },
  };
  const draw = (r: () => number) => ({
    cat: values[Math.floor(r() * values.length)],
    u: -5 + 10 * r(),
    n: Math.floor(r() * 1_001),
    lg: 10 ** (-6 * r()),
    q: Math.floor(r() * 21) * 0.5,
    z: -4 + 8 * r(),
  });
  const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

  // TPE's work per ask is candidates x parameters x history: both shapes at the bound on their product.
  for (const [candidates, names] of [
    [MAX_EI_CANDIDATES, ["u", "n", "lg"]],
    [Math.floor(MAX_TPE_CANDIDATE_PARAMS / 6), ["u", "n", "lg", "q", "z"]],
  ] as const) {
    it(`TPE with ${candidates} candidates over the largest categorical and ${names.join(", ")}, ${HISTORY} trials of history`, { timeout: 180_000 }, async () => {
      const keys = ["cat", ...names];
      expect(candidates * keys.length).toBeLessThanOrEqual(MAX_TPE_CANDIDATE_PARAMS);
      expect(candidates * (keys.length + 1)).toBeGreaterThan(MAX_TPE_CANDIDATE_PARAMS);
      const space = pick({ cat: { type: "categorical", values }, ...numeric }, keys);
      const id = await createSweep({ name: `tpe ${candidates}`, space, sampler: { type: "tpe", nEiCandidates: candidates } });
      const r = stream(candidates);
      await seedHistory(id, HISTORY, () => pick(draw(r), keys));
      // TPE alternates joint (multivariate) and per-parameter suggestions: both run among the asks.
      const suggested = await askWhileReading(id, ASKS);
      for (const p of suggested) {
        expect(Object.keys(p).sort()).toEqual([...keys].sort());
        expect(values).toContain(p.cat);
        expect(p.u).toBeGreaterThanOrEqual(-5);
        expect(p.u).toBeLessThanOrEqual(5);
        expect(Number.isInteger(p.n) && (p.n as number) >= 0 && (p.n as number) <= 1_000).toBe(true);
        expect(p.lg).toBeGreaterThanOrEqual(1e-6);
        expect(p.lg).toBeLessThanOrEqual(1);
        if (keys.includes("q")) expect(Number.isInteger((p.q as number) / 0.5) && (p.q as number) >= 0 && (p.q as number) <= 10).toBe(true);
        if (keys.includes("z")) expect(Number.isFinite(p.z)).toBe(true);
      }
    });
  }

  it("the largest grid, shuffled, with 300 configurations taken", { timeout: 120_000 }, async () => {
    const space = { a: { type: "int", low: 1, high: 10_000 }, b: { type: "int", low: 1, high: 1_000 } };
    const id = await createSweep({ name: "largest grid", space, sampler: { type: "grid", shuffle: true, seed: 3 } });
    const detail = (await callRoute(routes.experiment.GET, { params: { id } }, "GET")).body.experiment;
    expect(detail.samplerConfig).toMatchObject({ name: "grid", shuffle: true });
    expect(10_000 * 1_000).toBe(MAX_GRID_SIZE);
    const r = stream(2);
    const taken = new Set<string>();
    await seedHistory(id, HISTORY, () => {
      const p = { a: 1 + Math.floor(r() * 10_000), b: 1 + Math.floor(r() * 1_000) };
      taken.add(`${p.a},${p.b}`);
      return p;
    });
    // The grid proposes configurations it has not run yet: none of the asks repeats a finished one or another ask.
    for (const p of await askWhileReading(id, ASKS)) {
      expect(Number.isInteger(p.a) && (p.a as number) >= 1 && (p.a as number) <= 10_000).toBe(true);
      expect(Number.isInteger(p.b) && (p.b as number) >= 1 && (p.b as number) <= 1_000).toBe(true);
      const key = `${p.a},${p.b}`;
      expect(taken.has(key), key).toBe(false);
      taken.add(key);
    }
  });

  it("Hyperband at its most brackets, over TPE at its most candidates and parameters, 300 trials with reported steps", { timeout: 180_000 }, async () => {
    const space = { x: { type: "uniform", low: 0, high: 1 }, y: { type: "loguniform", low: 1e-4, high: 1 }, k: { type: "int", low: 1, high: 64 }, w: { type: "int", low: 0, high: 1_000 } };
    const pruner = { type: "hyperband", minResource: 1, maxResource: 3 ** 20 - 1, reductionFactor: 3 };
    expect(bracketsFor(1, 3 ** 20 - 1, 3)).toBe(MAX_BRACKETS);
    const id = await createSweep({ name: "hyperband", space, sampler: { type: "tpe", nEiCandidates: MAX_EI_CANDIDATES }, pruner });
    const r = stream(3);
    await seedHistory(id, HISTORY, () => ({ x: r(), y: 10 ** (-4 * r()), k: 1 + Math.floor(r() * 64), w: Math.floor(r() * 1_001) }), [1, 3, 9, 27, 81]);
    for (const p of await askWhileReading(id, ASKS)) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(1);
      expect(p.y).toBeGreaterThanOrEqual(1e-4);
      expect(Number.isInteger(p.k) && (p.k as number) >= 1 && (p.k as number) <= 64).toBe(true);
      expect(Number.isInteger(p.w) && (p.w as number) >= 0 && (p.w as number) <= 1_000).toBe(true);
    }
  });
});
