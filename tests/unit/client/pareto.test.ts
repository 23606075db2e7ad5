import { describe, expect, it } from "vitest";
import { frontRows, objectivePairs, orderFront, paretoPoints, withObjective } from "@/lib/client/transforms/pareto";
import type { TrialDto } from "@/lib/schemas/trial";

function trial(number: number, values: number[] | null, extra: Partial<TrialDto> = {}): TrialDto {
  return { id: 100 + number, number, state: "complete", values, value: values?.[0] ?? null, feasible: null, params: {} , ...extra } as TrialDto;
}

describe("paretoPoints", () => {
  const trials = [
    trial(0, [3, 1]),
    trial(1, [1, 3]),
    trial(2, [2, 2]),
    trial(3, [3, 3]),
    trial(4, [0.5, 0.5], { feasible: false }),
    trial(5, null, { state: "pruned", value: 0.9 }),
    trial(6, null, { state: "running", value: null }),
  ];

  it("marks the server's front, infeasible and feasible trials, and counts those it cannot place", () => {
    const { points, front, unplotted } = paretoPoints(trials, [0, 1, 2], 0, 1);
    expect(points.map((p) => [p.number, p.kind])).toEqual([
      [0, "front"],
      [1, "front"],
      [2, "front"],
      [3, "feasible"],
      [4, "infeasible"],
    ]);
    expect(unplotted).toBe(1);
    // Joined by x: a staircase from (1, 3) through (2, 2) to (3, 1).
    expect(front.map((p) => p.number)).toEqual([1, 2, 0]);
  });

  it("places a pair of objectives as asked", () => {
    const { points } = paretoPoints([trial(0, [1, 2, 3])], [0], 2, 1);
    expect(points[0]).toMatchObject({ x: 3, y: 2 });
  });
});

describe("orderFront", () => {
  it("orders by x, then y, then number", () => {
    const pts = [
      { x: 2, y: 1, number: 5 },
      { x: 1, y: 4, number: 3 },
      { x: 2, y: 0, number: 9 },
      { x: 2, y: 0, number: 1 },
    ];
    expect(orderFront(pts).map((p) => p.number)).toEqual([3, 1, 9, 5]);
  });
});

describe("frontRows", () => {
  it("lists the front best first on the first objective, in its direction", () => {
    const trials = [trial(0, [3, 1]), trial(1, [1, 3]), trial(2, [2, 2]), trial(3, [9, 9])];
    expect(frontRows(trials, [0, 1, 2], ["minimize", "minimize"]).map((t) => t.number)).toEqual([1, 2, 0]);
    expect(frontRows(trials, [0, 1, 2], ["maximize", "minimize"]).map((t) => t.number)).toEqual([0, 2, 1]);
  });
});

describe("objectivePairs and withObjective", () => {
  it("pairs every two objectives once", () => {
    expect(objectivePairs(3)).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    expect(objectivePairs(2)).toEqual([[0, 1]]);
  });

  it("shows objective k as the value, leaving the first objective's trials as they are", () => {
    const trials = [trial(0, [1, 2]), trial(1, null, { state: "pruned", value: 0.5 })];
    expect(withObjective(trials, 0)).toBe(trials);
    expect(withObjective(trials, 1).map((t) => t.value)).toEqual([2, null]);
  });
});
