import { describe, expect, it } from "vitest";
import type { TrialRow } from "@/lib/db/columns";
import { toTrialDto } from "@/lib/server/dto";

const verdict = { pruner: "median", step: 4, value: 0.7, threshold: 0.5, rule: "best value so far against the median of 3 complete trials at step 4", at: "2026-12-02T06:05:00.000Z" };

function row(over: Partial<TrialRow>): TrialRow {
  return {
    id: 1, experimentId: 1, number: 0, params: "{}", paramsInternal: "{}", state: "pruned", values: null, value: 0.9, userAttrs: "{}", systemAttrs: "{}",
    workerId: null, heartbeatAt: null, createdAt: "2026-12-02T06:00:00.000Z", startedAt: "2026-12-02T06:00:00.000Z", completedAt: "2026-12-02T06:06:00.000Z",
    error: null, failureKind: null, retryPending: 0, lastStep: 5, lastValue: 0.9, constraints: null, violation: null, retryOfId: null,
    note: "", tags: "[]", ...over,
  };
}

describe("a pruned trial's DTO", () => {
  it("carries where it stopped and the pruner's verdict", () => {
    const dto = toTrialDto(row({ systemAttrs: JSON.stringify({ prune: verdict }) }));
    expect(dto).toMatchObject({ lastStep: 5, lastValue: 0.9, pruneVerdict: verdict });
  });

  it("has no verdict when its client stopped it, when the stored one is malformed, or when it is not pruned", () => {
    expect(toTrialDto(row({})).pruneVerdict).toBeNull();
    expect(toTrialDto(row({ systemAttrs: JSON.stringify({ prune: { step: "four" } }) })).pruneVerdict).toBeNull();
    expect(toTrialDto(row({ state: "failed", systemAttrs: JSON.stringify({ prune: verdict }) })).pruneVerdict).toBeNull();
  });

  it("ignores a verdict from before it started: a retry's copy of its original's attributes", () => {
    const retry = row({ startedAt: "2026-12-02T07:00:00.000Z", systemAttrs: JSON.stringify({ prune: verdict }) });
    expect(toTrialDto(retry).pruneVerdict).toBeNull();
  });
});
