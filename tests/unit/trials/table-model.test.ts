import { describe, expect, it } from "vitest";
import { rowsFromColumns, type TrialRow } from "@/components/trials/rows";
import {
  EMPTY_FILTERS,
  bestValue,
  countStates,
  errorSummary,
  filterRows,
  hasActiveFilters,
  isTrialSortKey,
  nextSort,
  numericExtents,
  selectRange,
  selectionState,
  setParamRange,
  sortRows,
  toggleAllShown,
  toggleState,
  type TrialFilters,
} from "@/components/trials/table-model";
import type { TrialColumns } from "@/lib/schemas/ui";

function row(number: number, over: Partial<TrialRow> = {}): TrialRow {
  return { id: 100 + number, number, state: "complete", value: null, lastStep: null, durationMs: null, error: null, tags: [], params: {}, ...over };
}

const numbers = (rows: ReadonlyArray<TrialRow>) => rows.map((r) => r.number);
const filters = (over: Partial<TrialFilters>): TrialFilters => ({ ...EMPTY_FILTERS, ...over });

const rows: TrialRow[] = [
  row(0, { value: 0.5, durationMs: 3000, params: { lr: 0.01, opt: "adam", layers: 2 } }),
  row(1, { value: null, state: "running", params: { lr: 0.1, opt: "sgd" } }),
  row(2, { value: 0.2, durationMs: 1000, params: { lr: 0.001, layers: 4 } }),
  row(3, { value: 0.9, state: "pruned", durationMs: 2000, params: { opt: "adam", layers: 3 } }),
  row(4, { value: null, state: "failed", error: "CUDA out of memory", params: { lr: 0.01, layers: 1 } }),
];

describe("sortRows", () => {
  it("sorts by value both ways with missing values last", () => {
    expect(numbers(sortRows(rows, { key: "value", dir: "asc" }))).toEqual([2, 0, 3, 1, 4]);
    expect(numbers(sortRows(rows, { key: "value", dir: "desc" }))).toEqual([3, 0, 2, 1, 4]);
  });

  it("sorts by a parameter with trials lacking it last in both directions", () => {
    expect(numbers(sortRows(rows, { key: "param:lr", dir: "asc" }))).toEqual([2, 0, 4, 1, 3]);
    expect(numbers(sortRows(rows, { key: "param:lr", dir: "desc" }))).toEqual([1, 0, 4, 2, 3]);
    expect(numbers(sortRows(rows, { key: "param:layers", dir: "desc" }))).toEqual([2, 3, 0, 4, 1]);
  });

  it("sorts categorical parameters as strings and breaks ties by trial number", () => {
    expect(numbers(sortRows(rows, { key: "param:opt", dir: "asc" }))).toEqual([0, 3, 1, 2, 4]);
    expect(numbers(sortRows(rows, { key: "param:opt", dir: "desc" }))).toEqual([1, 0, 3, 2, 4]);
  });

  it("sorts mixed parameter types numbers first, then booleans, then strings", () => {
    const mixed = [row(0, { params: { x: "b" } }), row(1, { params: { x: true } }), row(2, { params: { x: 3 } }), row(3, { params: { x: "a" } }), row(4, { params: { x: false } })];
    expect(numbers(sortRows(mixed, { key: "param:x", dir: "asc" }))).toEqual([2, 4, 1, 3, 0]);
  });

  it("sorts by number and duration, treating NaN as missing, and never mutates the input", () => {
    const copy = rows.slice();
    expect(numbers(sortRows(rows, { key: "number", dir: "desc" }))).toEqual([4, 3, 2, 1, 0]);
    expect(numbers(sortRows(rows, { key: "duration", dir: "asc" }))).toEqual([2, 3, 0, 1, 4]);
    expect(numbers(sortRows([row(0, { value: Number.NaN }), row(1, { value: 1 })], { key: "value", dir: "asc" }))).toEqual([1, 0]);
    expect(rows).toEqual(copy);
  });

  it("sorts 100,000 rows, the rows without the parameter last", () => {
    const many = Array.from({ length: 100_000 }, (_, i) => row(i, { value: (i * 7919) % 1000, params: i % 3 ? { lr: ((i * 104729) % 10007) / 10007 } : {} }));
    const byLr = sortRows(many, { key: "param:lr", dir: "asc" });
    expect(byLr).toHaveLength(100_000);
    const lrs = byLr.map((r) => r.params.lr as number | undefined);
    const present = lrs.filter((v): v is number => v !== undefined);
    expect(present).toHaveLength(many.filter((r) => r.params.lr !== undefined).length);
    expect(lrs.slice(0, present.length).every((v) => v !== undefined)).toBe(true);
    expect(present.every((v, i) => i === 0 || v >= present[i - 1]!)).toBe(true);
    expect(byLr.at(-1)?.params.lr).toBeUndefined();
    expect(byLr[0]?.params.lr).toBe(0);
  });
});

describe("filterRows", () => {
  it("returns the input itself when nothing filters", () => {
    expect(filterRows(rows, EMPTY_FILTERS)).toBe(rows);
    expect(filterRows(rows, filters({ ranges: { lr: [null, null] } }))).toBe(rows);
    expect(hasActiveFilters(filters({ valueRange: [null, null] }))).toBe(false);
  });

  it("keeps only the chosen states", () => {
    expect(numbers(filterRows(rows, filters({ states: ["complete"] })))).toEqual([0, 2]);
    expect(numbers(filterRows(rows, filters({ states: ["failed", "running"] })))).toEqual([1, 4]);
  });

  it("filters a parameter range inclusively and drops trials without the parameter", () => {
    expect(numbers(filterRows(rows, filters({ ranges: { lr: [0.001, 0.01] } })))).toEqual([0, 2, 4]);
    expect(numbers(filterRows(rows, filters({ ranges: { lr: [0.05, null] } })))).toEqual([1]);
    expect(numbers(filterRows(rows, filters({ ranges: { layers: [null, 2] } })))).toEqual([0, 4]);
    // Reversed bounds are read as [min, max]; a categorical parameter never matches a numeric range.
    expect(numbers(filterRows(rows, filters({ ranges: { lr: [0.01, 0.001] } })))).toEqual([0, 2, 4]);
    expect(filterRows(rows, filters({ ranges: { opt: [0, 10] } }))).toEqual([]);
  });

  it("filters the value range, drops trials without a value, and combines every filter", () => {
    expect(numbers(filterRows(rows, filters({ valueRange: [0.3, null] })))).toEqual([0, 3]);
    expect(numbers(filterRows(rows, filters({ valueRange: [null, 0.6], states: ["complete"], ranges: { layers: [3, 5] } })))).toEqual([2]);
  });
});

describe("filter and sort helpers", () => {
  it("nextSort flips the current key and starts the value best-first", () => {
    expect(nextSort({ key: "number", dir: "asc" }, "number", "minimize")).toEqual({ key: "number", dir: "desc" });
    expect(nextSort({ key: "number", dir: "asc" }, "value", "minimize")).toEqual({ key: "value", dir: "asc" });
    expect(nextSort({ key: "number", dir: "asc" }, "value", "maximize")).toEqual({ key: "value", dir: "desc" });
    expect(nextSort({ key: "value", dir: "desc" }, "param:lr", "maximize")).toEqual({ key: "param:lr", dir: "asc" });
  });

  it("recognises sort keys read back from a URL", () => {
    expect(["number", "value", "duration", "param:lr", "param:model.depth"].every(isTrialSortKey)).toBe(true);
    expect(["lr", "param:", "", "Value"].some(isTrialSortKey)).toBe(false);
  });

  it("toggles states and sets or clears ranges without mutating", () => {
    const base = filters({ states: ["complete"], ranges: { lr: [0, 1] } });
    expect(toggleState(base, "complete").states).toEqual([]);
    expect(toggleState(base, "failed").states).toEqual(["complete", "failed"]);
    expect(setParamRange(base, "lr", [null, null]).ranges).toEqual({});
    expect(setParamRange(base, "layers", [2, null]).ranges).toEqual({ lr: [0, 1], layers: [2, null] });
    expect(base).toEqual(filters({ states: ["complete"], ranges: { lr: [0, 1] } }));
  });

  it("counts states, finds numeric extents and the best value", () => {
    expect(countStates(rows)).toEqual({ complete: 2, running: 1, pruned: 1, failed: 1, waiting: 0 });
    expect(numericExtents(rows, ["lr", "opt", "layers", "missing"])).toEqual(new Map([["lr", [0.001, 0.1]], ["layers", [1, 4]]]));
    expect(bestValue(rows, "minimize")).toBe(0.2);
    expect(bestValue(rows, "maximize")).toBe(0.9);
    expect(bestValue([row(0)], "minimize")).toBeNull();
  });
});

describe("errorSummary", () => {
  it("shows a traceback's exception line, else the first line", () => {
    expect(errorSummary('Traceback (most recent call last):\n  File "t.py", line 1\nValueError: bad lr\n')).toBe("ValueError: bad lr");
    expect(errorSummary("exit code 137\nkilled")).toBe("exit code 137");
    expect(errorSummary("  \n")).toBe("");
  });
});

describe("selection", () => {
  const shown = rows.slice(0, 3);
  it("selects all shown rows, then clears them, leaving other selections alone", () => {
    expect(selectionState(new Set(), shown)).toBe("none");
    const some = new Set([101, 999]);
    expect(selectionState(some, shown)).toBe("some");
    const all = toggleAllShown(some, shown);
    expect([...all].sort()).toEqual([100, 101, 102, 999]);
    expect(selectionState(all, shown)).toBe("all");
    expect([...toggleAllShown(all, shown)]).toEqual([999]);
  });

  it("selects or clears a shift-click range in shown order", () => {
    expect([...selectRange(new Set(), rows, 101, 103, true)].sort()).toEqual([101, 102, 103]);
    expect([...selectRange(new Set([100, 101, 102]), rows, 102, 101, false)]).toEqual([100]);
    expect([...selectRange(new Set(), rows, 555, 104, true)]).toEqual([104]);
  });
});

describe("rowsFromColumns", () => {
  const cols: TrialColumns = {
    id: [7, 8],
    number: [0, 1],
    state: ["complete", "running"],
    value: [0.25, null],
    startedAt: ["2025-01-01T00:00:00.000Z", "2025-01-01T00:01:00.000Z"],
    completedAt: ["2025-01-01T00:02:30.500Z", null],
    error: [null, null],
    feasible: [null, null],
    lastIntermediate: [null, null],
    lastStep: [12, null],
    tags: [["keep"], []],
    params: { lr: [0.1, null], opt: ["adam", "sgd"], flag: [false, null] },
  };

  it("builds one row per trial with durations and only the parameters present", () => {
    expect(rowsFromColumns(cols)).toEqual([
      { id: 7, number: 0, state: "complete", value: 0.25, lastStep: 12, durationMs: 150_500, error: null, tags: ["keep"], params: { lr: 0.1, opt: "adam", flag: false } },
      { id: 8, number: 1, state: "running", value: null, lastStep: null, durationMs: null, error: null, tags: [], params: { opt: "sgd" } },
    ]);
  });

  it("handles empty columns", () => {
    expect(rowsFromColumns({ id: [], number: [], state: [], value: [], startedAt: [], completedAt: [], error: [], feasible: [], lastIntermediate: [], lastStep: [], params: {} })).toEqual([]);
  });
});
