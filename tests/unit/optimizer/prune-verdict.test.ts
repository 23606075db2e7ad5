import { describe, expect, it } from "vitest";
import { createPruner, parsePrunerConfig, type Direction, type TrialRecord } from "../../../lib/optimizer";

function t(number: number, intermediate: Array<[number, number]>, state: TrialRecord["state"] = "complete", systemAttrs: Record<string, unknown> = {}): TrialRecord {
  return { number, state, params: {}, internal: {}, values: state === "complete" ? [0] : null, intermediate, systemAttrs };
}

function verdict(name: string, config: Record<string, unknown>, others: TrialRecord[], intermediate: Array<[number, number]>, direction: Direction = "minimize", attrs: Record<string, unknown> = {}) {
  const pruner = createPruner(parsePrunerConfig(name, config));
  const study = { direction, trials: others };
  const trial = t(99, intermediate, "running", attrs);
  const v = pruner.verdict(study, trial);
  // The verdict and shouldPrune are one decision.
  expect(pruner.shouldPrune(study, trial)).toBe(v?.prune ?? false);
  return v;
}

describe("a pruner's verdict says what it compared", () => {
  const done = [t(0, [[1, 1.0], [2, 0.8]]), t(1, [[1, 3.0], [2, 2.0]]), t(2, [[1, 2.0]])];

  it("median: the trial's best so far against the median of the complete trials at its step", () => {
    expect(verdict("median", { nStartupTrials: 2 }, done, [[1, 2.5]])).toEqual({
      prune: true,
      step: 1,
      value: 2.5,
      threshold: 2,
      rule: "best value so far against the median of 3 complete trials at step 1",
    });
    expect(verdict("median", { nStartupTrials: 2 }, done, [[1, 1.5]])).toMatchObject({ prune: false, threshold: 2, value: 1.5 });
  });

  it("percentile names its percentile; maximize looks at 100 - p", () => {
    const v = verdict("percentile", { percentile: 25, nStartupTrials: 2 }, done, [[1, 2.4]], "maximize");
    expect(v).toMatchObject({ prune: true, step: 1, value: 2.4, threshold: 2.5 });
    expect(v?.rule).toContain("25th percentile of 3 complete trials at step 1");
  });

  it("is null when the report is not judged (warm-up, too few trials, no report)", () => {
    expect(verdict("median", { nStartupTrials: 2, nWarmupSteps: 2 }, done, [[1, 9]])).toBeNull();
    expect(verdict("median", { nStartupTrials: 5 }, done, [[1, 9]])).toBeNull();
    expect(verdict("median", { nStartupTrials: 2 }, done, [])).toBeNull();
    expect(verdict("none", {}, done, [[1, 9]])).toBeNull();
  });

  it("only NaN reported: pruned without a threshold", () => {
    expect(verdict("median", { nStartupTrials: 2 }, done, [[1, NaN]])).toMatchObject({ prune: true, threshold: null, rule: "it reported only NaN" });
  });

  it("asha: the value at the rung against the worst value still promoted", () => {
    const others = [t(0, [[1, 1]]), t(1, [[1, 2]]), t(2, [[1, 3]]), t(3, [[1, 4]], "running")];
    // Rung at step 1 with eta 2: 5 values (1, 2, 3, 4 and ours), the best floor(5 / 2) = 2 go on: the cut is 2.
    const pruned = verdict("asha", { minResource: 1, reductionFactor: 2 }, others, [[1, 3.5]]);
    expect(pruned).toMatchObject({ prune: true, step: 1, value: 3.5, threshold: 2 });
    expect(pruned?.rule).toContain("rung of step 1");
    expect(pruned?.rule).toContain("of 5 trials");
    expect(verdict("asha", { minResource: 1, reductionFactor: 2 }, others, [[1, 1.5]])).toMatchObject({ prune: false, threshold: 1.5 });
  });

  it("hyperband says which bracket it judged in", () => {
    // Bracket 0 has its first rung at step 1; every trial here is in it.
    const b0 = { bracket: 0 };
    const others = [t(0, [[1, 1], [9, 1]], "complete", b0), t(1, [[1, 2], [9, 2]], "complete", b0), t(2, [[1, 3], [9, 3]], "complete", b0)];
    const v = verdict("hyperband", { minResource: 1, maxResource: 9, reductionFactor: 3 }, others, [[1, 50]], "minimize", b0);
    expect(v).toMatchObject({ prune: true, step: 1, value: 50, threshold: 1 });
    expect(v?.rule).toMatch(/, in bracket 0$/);
  });
});
