import { describe, expect, it } from "vitest";
import { DatabaseStudyStorage } from "@/lib/db/study-storage";
import { InMemoryStorage, Study, parsePrunerConfig, parseSamplerConfig, type StudyStorage } from "@/lib/optimizer";
import { createExperiment } from "@/lib/server/create-experiment";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

const space = {
  x: { type: "uniform", low: -5, high: 5 },
  lr: { type: "loguniform", low: 1e-4, high: 1 },
  model: { type: "choice", options: [{ value: "a", params: { k: { type: "int", low: 1, high: 9 } } }, "b"] },
};

function objective(p: Record<string, unknown>): number {
  const x = p.x as number;
  return x * x + Math.abs(Math.log10(p.lr as number) + 2) + (p.model === "a" ? ((p["model.a.k"] as number) - 3) ** 2 * 0.1 : 0.5);
}

async function run(storage: StudyStorage) {
  const study = new Study({
    storage,
    space,
    sampler: parseSamplerConfig("tpe", { nStartupTrials: 5, multivariate: true, group: true }),
    pruner: parsePrunerConfig("median", { nStartupTrials: 2 }),
    objectives: [{ metric: "loss", direction: "minimize" }],
    seed: 11,
  });
  const out: Array<{ params: unknown; pruned: boolean }> = [];
  for (let i = 0; i < 14; i++) {
    const t = await study.ask();
    const f = objective(t.params);
    let pruned = false;
    for (let step = 0; step < 4; step++) {
      await study.report(t.number, step, f * (4 - step));
      if (await study.shouldPrune(t.number)) {
        pruned = true;
        break;
      }
    }
    await study.tell(t.number, pruned ? { state: "pruned" } : { state: "complete", values: [f] });
    out.push({ params: t.params, pruned });
  }
  return { out, best: await study.bestTrial() };
}

describe("the engine's Study over the database storage", () => {
  it("makes exactly the decisions it makes in memory, and stores them in the real tables", async () => {
    const experiment = await createExperiment({ body: { name: "study over db", space, objective: { metric: "loss", direction: "minimize" }, sampler: "random", seed: 1 } });
    const db = await run(new DatabaseStudyStorage(experiment.id, "loss"));
    const memory = await run(new InMemoryStorage());
    expect(db.out).toEqual(memory.out);
    expect(db.out.some((t) => t.pruned)).toBe(true);
    expect(db.best?.values).toEqual(memory.best?.values);

    const stored = await new DatabaseStudyStorage(experiment.id, "loss").listTrials();
    expect(stored.map((t) => t.number)).toEqual(Array.from({ length: 14 }, (_, i) => i));
    expect(stored.filter((t) => t.state === "pruned").length).toBe(db.out.filter((t) => t.pruned).length);
    expect(stored[0]!.intermediate.length).toBe(4);
  });
});
