import { describe, it, expect } from "vitest";
import {
  BudgetError,
  InMemoryStorage,
  InvalidValueError,
  NotFoundError,
  ParallelLimitError,
  StateError,
  Study,
  type SamplerConfig,
} from "../../../lib/optimizer";

const space = { x: { type: "uniform", low: -5, high: 5 }, n: { type: "int", low: 0, high: 3 } };
const random: SamplerConfig = { name: "random" };

function makeStudy(extra: Partial<ConstructorParameters<typeof Study>[0]> = {}): Study {
  return new Study({ storage: new InMemoryStorage(), space, sampler: random, objectives: [{ metric: "loss", direction: "minimize" }], seed: 7, ...extra });
}

describe("Study ask/tell", () => {
  it("asks running trials with dense numbers and tells them", async () => {
    const study = makeStudy({ clock: () => 1000 });
    const a = await study.ask();
    const b = await study.ask();
    expect([a.number, b.number, a.state]).toEqual([0, 1, "running"]);
    expect(a.params.x).toBeGreaterThanOrEqual(-5);
    const told = await study.tell(a.number, { state: "complete", values: [1.5] });
    expect(told).toMatchObject({ state: "complete", values: [1.5], systemAttrs: { startedAt: 1000, finishedAt: 1000 } });
    expect((await study.bestTrial())?.number).toBe(0);
  });

  it("enforces the budget and the parallel limit", async () => {
    const study = makeStudy({ maxTrials: 2, maxParallel: 1 });
    const a = await study.ask();
    await expect(study.ask()).rejects.toBeInstanceOf(ParallelLimitError);
    await study.tell(a.number, { state: "complete", values: [0] });
    const b = await study.ask();
    await study.tell(b.number, { state: "failed", error: "oom" });
    await expect(study.ask()).rejects.toBeInstanceOf(BudgetError);
  });

  it("turns NaN and Infinity into failed trials with a reason", async () => {
    const study = makeStudy();
    const a = await study.ask();
    const r = await study.tell(a.number, { state: "complete", values: [NaN] });
    expect(r.state).toBe("failed");
    expect(r.systemAttrs.failReason).toBe("objective loss was NaN, not a finite number");
    const b = await study.ask();
    expect((await study.tell(b.number, { state: "complete", values: [Infinity] })).state).toBe("failed");
  });

  it("rejects telling twice, wrong value counts and unknown trials", async () => {
    const study = makeStudy();
    const a = await study.ask();
    await expect(study.tell(a.number, { state: "complete", values: [1, 2] })).rejects.toBeInstanceOf(InvalidValueError);
    expect((await study.trials())[0]!.state).toBe("running");
    await study.tell(a.number, { state: "complete", values: [1] });
    await expect(study.tell(a.number, { state: "complete", values: [1] })).rejects.toBeInstanceOf(StateError);
    await expect(study.tell(99, { state: "pruned" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(study.report(a.number, 1, 0.5)).rejects.toBeInstanceOf(StateError);
  });

  it("hands out enqueued trials first with their given params", async () => {
    const study = makeStudy();
    await study.enqueue({ x: 1.25, n: 2 });
    const a = await study.ask();
    expect(a).toMatchObject({ number: 0, state: "running", params: { x: 1.25, n: 2 }, internal: { x: 1.25, n: 2 } });
    expect((await study.ask()).number).toBe(1);
  });

  it("gives concurrent asks distinct numbers", async () => {
    const study = makeStudy();
    const trials = await Promise.all([study.ask(), study.ask(), study.ask()]);
    expect(trials.map((t) => t.number).sort()).toEqual([0, 1, 2]);
  });

  it("is reproducible from the seed", async () => {
    const run = async (seed: number) => {
      const study = makeStudy({ seed });
      const out = [];
      for (let i = 0; i < 5; i++) {
        const t = await study.ask();
        out.push(t.params);
        await study.tell(t.number, { state: "complete", values: [Number(t.params.x)] });
      }
      return out;
    };
    expect(await run(3)).toEqual(await run(3));
    expect(await run(3)).not.toEqual(await run(4));
  });

  it("records intermediate values and asks the pruner", async () => {
    const study = makeStudy({ pruner: { name: "median", percentile: 50, nStartupTrials: 1, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1 } });
    const a = await study.ask();
    await study.report(a.number, 1, 1.0);
    await study.tell(a.number, { state: "complete", values: [1] });
    const b = await study.ask();
    await study.report(b.number, 1, 5.0);
    expect(await study.shouldPrune(b.number)).toBe(true);
    await study.report(b.number, 1, 0.5);
    expect(await study.shouldPrune(b.number)).toBe(false);
    expect((await study.trials())[1]!.intermediate).toEqual([[1, 0.5]]);
  });

  it("retries a dead worker's trial with the same parameters, spending no budget", async () => {
    const study = makeStudy({ maxTrials: 2, maxRetries: 1 });
    const a = await study.ask();
    const stale = await study.markStale(a.number);
    expect(stale).toMatchObject({ state: "failed", failureKind: "infrastructure", retryPending: true });
    const retry = await study.ask();
    expect(retry).toMatchObject({ number: 1, state: "running", retryOf: 0, params: a.params });
    await study.tell(retry.number, { state: "complete", values: [1] });
    const b = await study.ask();
    expect(b.retryOf).toBeNull();
    await study.tell(b.number, { state: "failed", error: "exit 1" });
    // The program's own failure is not retried: the budget (2 originals) is spent.
    await expect(study.ask()).rejects.toBeInstanceOf(BudgetError);
  });

  it("takes a late result from a trial presumed dead while its retry has not been handed out", async () => {
    const study = makeStudy({ maxRetries: 1 });
    const a = await study.ask();
    await study.markStale(a.number);
    const late = await study.tell(a.number, { state: "complete", values: [0.25] });
    expect(late).toMatchObject({ state: "complete", values: [0.25], retryPending: false });
    const next = await study.ask();
    expect(next.retryOf).toBeNull();
  });

  it("refuses to enqueue past the budget", async () => {
    const study = makeStudy({ maxTrials: 1 });
    await study.enqueue({ x: 0, n: 1 });
    await expect(study.enqueue({ x: 1, n: 1 })).rejects.toBeInstanceOf(BudgetError);
  });

  it("keeps a pruned trial's last report", async () => {
    const study = makeStudy();
    const a = await study.ask();
    await study.report(a.number, 3, 0.7);
    const pruned = await study.tell(a.number, { state: "pruned" });
    expect(pruned).toMatchObject({ state: "pruned", intermediate: [[3, 0.7]] });
  });
});
