import { describe, expect, it } from "vitest";
import { mergeTrialColumns, sortedTrials } from "@/lib/client/trial-store";
import type { TrialColumns } from "@/lib/schemas/ui";

function cols(rows: Array<{ id: number; number: number; state: any; value: number | null; lr: number | null }>): TrialColumns {
  return {
    id: rows.map((r) => r.id),
    number: rows.map((r) => r.number),
    state: rows.map((r) => r.state),
    value: rows.map((r) => r.value),
    startedAt: rows.map(() => "2026-01-01T00:00:00.000Z"),
    completedAt: rows.map((r) => (r.value === null ? null : "2026-01-01T00:01:00.000Z")),
    error: rows.map(() => null),
    feasible: rows.map(() => null),
    lastIntermediate: rows.map((r) => (r.state === "pruned" ? 2 : null)),
    lastStep: rows.map((r) => (r.state === "pruned" ? 7 : null)),
    params: { lr: rows.map((r) => r.lr) },
  };
}

describe("merging live trial snapshots", () => {
  it("hands back the same map when a poll brings nothing new", () => {
    const first = mergeTrialColumns(null, cols([{ id: 1, number: 0, state: "running", value: null, lr: 0.1 }]), 9);
    expect(mergeTrialColumns(first, cols([{ id: 1, number: 0, state: "running", value: null, lr: 0.1 }]), 9)).toBe(first);
    expect(mergeTrialColumns(first, cols([]), 9)).toBe(first);
    expect(mergeTrialColumns(first, cols([{ id: 1, number: 0, state: "complete", value: 0.5, lr: 0.1 }]), 9)).not.toBe(first);
  });

  it("takes a trial's changed tags, and reads a snapshot without a tags column as no tags", () => {
    const first = mergeTrialColumns(null, cols([{ id: 1, number: 0, state: "running", value: null, lr: 0.1 }]), 9);
    expect(first.get(1)?.tags).toEqual([]);
    const tagged = mergeTrialColumns(first, { ...cols([{ id: 1, number: 0, state: "running", value: null, lr: 0.1 }]), tags: [["keep"]] }, 9);
    expect(tagged).not.toBe(first);
    expect(tagged.get(1)?.tags).toEqual(["keep"]);
    expect(mergeTrialColumns(tagged, { ...cols([{ id: 1, number: 0, state: "running", value: null, lr: 0.1 }]), tags: [["keep"]] }, 9)).toBe(tagged);
  });

  it("keeps where a pruned trial stopped", () => {
    const map = mergeTrialColumns(null, cols([{ id: 5, number: 0, state: "pruned", value: null, lr: 0.1 }]), 1);
    expect(map.get(5)!.lastIntermediate).toBe(2);
  });

  it("replaces changed trials by id, keeps the others, and drops absent params", () => {
    const first = mergeTrialColumns(null, cols([{ id: 1, number: 0, state: "complete", value: 0.5, lr: 0.1 }, { id: 2, number: 1, state: "running", value: null, lr: null }]), 9);
    expect(first.get(2)!.params).toEqual({});
    const next = mergeTrialColumns(first, cols([{ id: 2, number: 1, state: "complete", value: 0.25, lr: null }, { id: 3, number: 2, state: "running", value: null, lr: 0.01 }]), 9);
    expect(sortedTrials(next).map((t) => [t.number, t.state, t.value])).toEqual([
      [0, "complete", 0.5],
      [1, "complete", 0.25],
      [2, "running", null],
    ]);
    expect(next.get(1)!.params).toEqual({ lr: 0.1 });
    expect(first.get(2)!.state).toBe("running");
  });
});

describe("several objectives", () => {
  it("takes every objective's value from the values column, and the first alone without it", () => {
    const withValues = { ...cols([{ id: 1, number: 0, state: "complete", value: 0.5, lr: 0.1 }, { id: 2, number: 1, state: "running", value: null, lr: 0.2 }]), values: [[0.5, 0.9], null] };
    const map = mergeTrialColumns(null, withValues, 1);
    expect(map.get(1)!.values).toEqual([0.5, 0.9]);
    expect(map.get(2)!.values).toBeNull();
    expect(mergeTrialColumns(null, cols([{ id: 1, number: 0, state: "complete", value: 0.5, lr: 0.1 }]), 1).get(1)!.values).toEqual([0.5]);
  });
});
