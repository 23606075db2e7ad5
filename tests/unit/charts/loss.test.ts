import { describe, expect, it } from "vitest";
import { lossLayout, lossSeries, type LossTrial } from "@/lib/client/transforms/loss";

const t = (number: number, state: LossTrial["state"], value: number | null, completedAt: string | null = null): LossTrial => ({
  number,
  state,
  value,
  params: { x: number },
  startedAt: null,
  completedAt,
});

describe("lossSeries", () => {
  const trials = [t(0, "complete", 3), t(1, "failed", null), t(2, "complete", 1), t(3, "pruned", null), t(4, "pruned", null), t(5, "running", null), t(6, "complete", 2)];

  it("splits by state, uses pruned values from the prop, skips the rest", () => {
    const s = lossSeries(trials, "minimize", "number", { 3: 5 });
    expect(s.complete.map((p) => [p.x, p.y])).toEqual([[0, 3], [2, 1], [6, 2]]);
    expect(s.pruned.map((p) => [p.x, p.y])).toEqual([[3, 5]]);
    expect(s.failed.map((p) => p.x)).toEqual([1]);
    expect(s.best).toEqual([{ x: 0, best: 3 }, { x: 2, best: 1 }, { x: 6, best: 1 }]);
  });

  it("orders by completion time in time mode and extends the best line to the last point", () => {
    const ts = [t(0, "complete", 3, "2025-01-01T00:02:00Z"), t(1, "complete", 4, "2025-01-01T00:01:00Z"), t(2, "failed", null, "2025-01-01T00:05:00Z")];
    const s = lossSeries(ts, "maximize", "time");
    expect(s.complete.map((p) => p.trial.number)).toEqual([1, 0]);
    expect(s.best.map((p) => p.best)).toEqual([4, 4, 4]);
    expect(s.best.at(-1)!.x).toBe(Date.parse("2025-01-01T00:05:00Z"));
  });
});

describe("lossLayout", () => {
  it("puts the failed band above the data when minimizing and below when maximizing", () => {
    const min = lossLayout([1, 2, 3], "minimize", false);
    expect(min.bandY).toBeGreaterThan(3);
    expect(min.domain[1]).toBeGreaterThan(min.bandY);
    expect(min.domain[0]).toBeLessThan(1);
    const max = lossLayout([1, 2, 3], "maximize", false);
    expect(max.bandY).toBeLessThan(1);
    expect(max.domain[0]).toBeLessThan(max.bandY);
  });

  it("works on log scale, ignores non-positive values there, and handles flat or empty data", () => {
    const log = lossLayout([0.01, 1, -1], "minimize", true);
    expect(log.domain[0]).toBeGreaterThan(0);
    expect(log.domain[0]).toBeLessThan(0.01);
    expect(log.ticks).toContain(0.1);
    expect(lossLayout([2], "minimize", false, false).domain).toEqual([expect.closeTo(1.78, 9), expect.closeTo(2.22, 9)]);
    expect(lossLayout([], "minimize", false).domain[0]).toBeLessThan(0);
  });
});
