import { describe, expect, it } from "vitest";
import { curveTrials, defaultCurvesLabel } from "@/lib/client/transforms/curve-trials";
import { DEFAULT_VIEW } from "@/lib/client/view-state";
import type { TrialDto } from "@/lib/schemas/trial";

function trial(number: number, state: TrialDto["state"], value: number | null): TrialDto {
  return {
    id: 1000 + number, experimentId: 1, number, state, params: { x: number }, values: value === null ? null : [value], value, userAttrs: {}, workerId: null,
    heartbeatAt: null, createdAt: "", startedAt: null, completedAt: null, error: null, retryOfId: null, constraints: null, feasible: null,
    lastStep: state === "pruned" ? 3 : null, lastValue: state === "pruned" ? value : null, pruneVerdict: null, note: "", tags: [],
  };
}

describe("the scalars' default curves", () => {
  const trials = [
    ...Array.from({ length: 30 }, (_, i) => trial(i, "complete", i)),
    ...Array.from({ length: 15 }, (_, i) => trial(30 + i, "pruned", 100 + i)),
    trial(50, "running", null),
    trial(51, "failed", null),
  ];

  it("hold the best complete trials, the latest pruned ones and the running ones, without typing a filter", () => {
    const { picked } = curveTrials(trials, DEFAULT_VIEW, "minimize");
    const numbers = picked.map((t) => t.number);
    expect(numbers.filter((n) => n < 30)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Pruned trials rank worse than every complete one here: they are drawn anyway, the latest ten.
    expect(numbers.filter((n) => n >= 30 && n < 50)).toEqual(Array.from({ length: 10 }, (_, i) => 35 + i));
    expect(numbers).toContain(50);
    expect(numbers).not.toContain(51);
    expect(defaultCurvesLabel(picked)).toBe("best 20, 10 latest pruned (dashed), 1 running trials");
  });

  it("maximize ranks the complete trials the other way", () => {
    const { picked } = curveTrials(trials, DEFAULT_VIEW, "maximize");
    expect(picked[0]!.number).toBe(29);
  });

  it("a selection or a filter decides alone", () => {
    expect(curveTrials(trials, { ...DEFAULT_VIEW, selected: [1031] }, "minimize").picked.map((t) => t.number)).toEqual([31]);
    expect(curveTrials(trials, { ...DEFAULT_VIEW, curveFilter: "x=3[0-2]$" }, "minimize").picked.map((t) => t.number)).toEqual([30, 31, 32]);
    expect(curveTrials(trials, { ...DEFAULT_VIEW, curveFilter: "(" }, "minimize").regexError).not.toBeNull();
  });
});
