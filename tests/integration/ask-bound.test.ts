import { describe, expect, it } from "vitest";
import { MAX_BRACKETS, MAX_CATEGORIES, MAX_EI_CANDIDATES, MAX_GRID_SIZE, MAX_TPE_CANDIDATE_PARAMS } from "@/lib/optimizer";
import { bracketsFor } from "@/lib/optimizer/pruners/hyperband";
import { callRoute } from "../support/call-route";
import { HEAVIEST_HISTORY as HISTORY, heaviestSweep, historyReport, LARGEST_CATEGORICAL, type HeaviestSweep } from "../support/heaviest-sweeps";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

// The heaviest configurations the limits allow (tests/support/heaviest-sweeps.ts) must be accepted and must ask:
// each over 300 finished trials, a run of asks succeeds with suggestions inside the space, and the sweep is readable
// while they run. How long one of those asks keeps the server from answering others is a speed target, measured
// by bench/server/ask-bound.ts (npm run bench:server:ask-bound) on the same sweeps, not asserted here.
const ASKS = 8;

async function createSweep(s: HeaviestSweep): Promise<number> {
  const res = await callRoute(routes.experiments.POST, { body: { name: s.key, objective: { metric: "loss" }, seed: 7, ...s.sweep } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.experiment.id;
}

/** Finished trials through the API: enqueue the sweep's history parameters, ask for them, report, tell a value. */
async function seedHistory(id: number, s: HeaviestSweep, paramsOf: () => Record<string, unknown> = s.history()): Promise<void> {
  for (let i = 0; i < HISTORY; i++) {
    const queued = await callRoute(routes.enqueue.POST, { params: { id }, body: { params: paramsOf() } });
    expect(queued.status, JSON.stringify(queued.body)).toBe(201);
    const trial = (await callRoute(routes.trials.POST, { params: { id } })).body.trial;
    expect(trial.id).toBe(queued.body.trial.id);
    const report = historyReport(s, i, HISTORY);
    if (report.points.length > 0) await callRoute(routes.metrics.POST, { params: { id: trial.id }, body: { points: report.points } });
    expect((await callRoute(routes.complete.POST, { params: { id: trial.id }, body: { value: report.value } })).status).toBe(200);
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
  for (const key of ["tpe-wide", "tpe-deep"] as const) {
    const s = heaviestSweep(key);
    const candidates = s.candidates!;
    const keys = s.params;
    it(`TPE with ${candidates} candidates over the largest categorical and ${keys.slice(1).join(", ")}, ${HISTORY} trials of history`, { timeout: 180_000 }, async () => {
      // TPE's work per ask is candidates x parameters x history: both shapes at the bound on their product, one at
      // the most candidates, both with the largest categorical.
      expect(LARGEST_CATEGORICAL).toHaveLength(MAX_CATEGORIES);
      if (key === "tpe-wide") expect(candidates).toBe(MAX_EI_CANDIDATES);
      expect(candidates * keys.length).toBeLessThanOrEqual(MAX_TPE_CANDIDATE_PARAMS);
      expect(candidates * (keys.length + 1)).toBeGreaterThan(MAX_TPE_CANDIDATE_PARAMS);
      const id = await createSweep(s);
      await seedHistory(id, s);
      // TPE alternates joint (multivariate) and per-parameter suggestions: both run among the asks.
      const suggested = await askWhileReading(id, ASKS);
      for (const p of suggested) {
        expect(Object.keys(p).sort()).toEqual([...keys].sort());
        expect(LARGEST_CATEGORICAL).toContain(p.cat);
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
    const s = heaviestSweep("grid");
    const id = await createSweep(s);
    const detail = (await callRoute(routes.experiment.GET, { params: { id } }, "GET")).body.experiment;
    expect(detail.samplerConfig).toMatchObject({ name: "grid", shuffle: true });
    expect(10_000 * 1_000).toBe(MAX_GRID_SIZE);
    const next = s.history();
    const taken = new Set<string>();
    await seedHistory(id, s, () => {
      const p = next();
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
    const s = heaviestSweep("hyperband");
    expect(s.sweep.pruner).toMatchObject({ minResource: 1, maxResource: 3 ** 20 - 1, reductionFactor: 3 });
    expect(bracketsFor(1, 3 ** 20 - 1, 3)).toBe(MAX_BRACKETS);
    const id = await createSweep(s);
    expect(s.steps).toEqual([1, 3, 9, 27, 81]);
    await seedHistory(id, s);
    for (const p of await askWhileReading(id, ASKS)) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(1);
      expect(p.y).toBeGreaterThanOrEqual(1e-4);
      expect(Number.isInteger(p.k) && (p.k as number) >= 1 && (p.k as number) <= 64).toBe(true);
      expect(Number.isInteger(p.w) && (p.w as number) >= 0 && (p.w as number) <= 1_000).toBe(true);
    }
  });
});
