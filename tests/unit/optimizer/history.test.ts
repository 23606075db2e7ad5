import { describe, expect, it } from "vitest";
import { MODEL_HISTORY, historyNeed, selectHistory, type HistoryNeed, type TrialRecord } from "@/lib/optimizer";

function record(number: number, state: TrialRecord["state"], value: number | null = null): TrialRecord {
  return { number, state, params: {}, internal: {}, values: value === null ? null : [value], intermediate: [], systemAttrs: {} };
}

const need: HistoryNeed = { kind: "bounded", best: 2, recent: 3, active: 1 };

describe("the bounded model history", () => {
  const trials = [record(0, "complete", 0.1), record(1, "complete", 5), record(2, "failed"), record(3, "complete", 0.05), record(4, "pruned"), record(5, "complete", 9), record(6, "running"), record(7, "waiting"), record(8, "complete", 7)];

  it("keeps the best complete, the newest finished and the newest active trials, by number", () => {
    expect(selectHistory(trials, need, "minimize").map((t) => t.number)).toEqual([0, 3, 4, 5, 7, 8]);
    expect(selectHistory(trials, need, "maximize").map((t) => t.number)).toEqual([4, 5, 7, 8]);
  });

  it("is idempotent, so a database that reads only the selection agrees with Study", () => {
    for (const direction of ["minimize", "maximize"] as const) {
      const once = selectHistory(trials, need, direction);
      expect(selectHistory(once, need, direction)).toEqual(once);
    }
  });

  it("is none for random and QMC, all for grid, bounded for TPE and under Hyperband", () => {
    expect(historyNeed({ name: "random" }, { name: "none" })).toEqual({ kind: "none" });
    expect(historyNeed({ name: "qmc", scramble: true }, undefined)).toEqual({ kind: "none" });
    expect(historyNeed({ name: "grid", values: {}, shuffle: false, seed: 0 }, undefined)).toEqual({ kind: "all" });
    expect(historyNeed({ name: "random" }, { name: "hyperband", minResource: 1, maxResource: "auto", reductionFactor: 3 })).toEqual({ kind: "bounded", ...MODEL_HISTORY });
    const many = Array.from({ length: 5_000 }, (_, i) => record(i, "complete", Math.sin(i)));
    expect(selectHistory(many, { kind: "bounded", ...MODEL_HISTORY }, "minimize").length).toBeLessThanOrEqual(MODEL_HISTORY.best + MODEL_HISTORY.recent + MODEL_HISTORY.active);
  });
});
