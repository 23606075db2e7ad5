import { describe, expect, it } from "vitest";
import { DEFAULT_EXPERIMENT_SORT, nextExperimentSort, parseExperimentSort, sortExperiments } from "@/lib/client/transforms/experiment-sort";
import type { ExperimentSummary } from "@/lib/schemas/experiment";

function exp(id: number, over: Partial<ExperimentSummary>): ExperimentSummary {
  return {
    id, name: `e${id}`, description: "", status: "running", objectives: [{ metric: "loss", direction: "minimize" }], constraints: [], sampler: "random", pruner: "none",
    maxTrials: 10, maxParallel: null, trialsDone: 0, trialsRunning: 0, trialCount: 0, bestValue: null, bestTrialNumber: null,
    createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z", command: null, tags: [], ...over,
  };
}

const list = [
  exp(1, { name: "beta", bestValue: 0.5, updatedAt: "2026-01-03T00:00:00.000Z", status: "completed", trialsDone: 10 }),
  exp(2, { name: "Alpha", bestValue: null, updatedAt: "2026-01-05T00:00:00.000Z", trialsDone: 2 }),
  exp(3, { name: "gamma", bestValue: 0.1, updatedAt: "2026-01-04T00:00:00.000Z", status: "paused", maxTrials: null, trialsDone: 50 }),
  exp(4, { name: "delta", bestValue: 0.1, updatedAt: "2026-01-02T00:00:00.000Z", trialsDone: 5 }),
];
const ids = (sorted: ExperimentSummary[]) => sorted.map((e) => e.id);

describe("sorting the experiments list", () => {
  it("by default, the latest update first", () => {
    expect(ids(sortExperiments(list, DEFAULT_EXPERIMENT_SORT))).toEqual([2, 3, 1, 4]);
  });

  it("by name, case-insensitively", () => {
    expect(ids(sortExperiments(list, { key: "name", dir: "asc" }))).toEqual([2, 1, 4, 3]);
    expect(ids(sortExperiments(list, { key: "name", dir: "desc" }))).toEqual([3, 4, 1, 2]);
  });

  it("by best value: ties by newest id, sweeps without a best last in both directions", () => {
    expect(ids(sortExperiments(list, { key: "best", dir: "asc" }))).toEqual([4, 3, 1, 2]);
    expect(ids(sortExperiments(list, { key: "best", dir: "desc" }))).toEqual([1, 4, 3, 2]);
  });

  it("by status and by share of the budget done (open-ended last)", () => {
    expect(ids(sortExperiments(list, { key: "status", dir: "asc" }))).toEqual([4, 2, 3, 1]);
    expect(ids(sortExperiments(list, { key: "progress", dir: "desc" }))).toEqual([1, 4, 2, 3]);
  });

  it("reads the URL defensively and flips on a second click", () => {
    expect(parseExperimentSort(null, null)).toEqual(DEFAULT_EXPERIMENT_SORT);
    expect(parseExperimentSort("__proto__", "asc")).toEqual(DEFAULT_EXPERIMENT_SORT);
    expect(parseExperimentSort("best", "asc")).toEqual({ key: "best", dir: "asc" });
    expect(parseExperimentSort("name", "sideways")).toEqual({ key: "name", dir: "asc" });
    expect(nextExperimentSort({ key: "name", dir: "asc" }, "name")).toEqual({ key: "name", dir: "desc" });
    expect(nextExperimentSort({ key: "name", dir: "asc" }, "best")).toEqual({ key: "best", dir: "desc" });
  });
});
