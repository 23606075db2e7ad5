import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, decodeView, encodeView, parseView } from "@/lib/client/view-state";

describe("view state in the URL", () => {
  it("round-trips through the URL parameter as the diff from the default", () => {
    const view = { ...DEFAULT_VIEW, brushes: { lr: [0.001, 0.1] as const, opt: ["adam"] }, smoothing: 0.9, selected: [3, 7], metric: "acc" };
    const encoded = encodeView(view);
    expect(JSON.parse(encoded)).toEqual({ brushes: { lr: [0.001, 0.1], opt: ["adam"] }, smoothing: 0.9, selected: [3, 7], metric: "acc" });
    expect(decodeView(encoded)).toEqual(view);
    expect(encodeView(DEFAULT_VIEW)).toBe("");
  });

  it("ignores malformed input field by field instead of failing", () => {
    expect(decodeView("{not json")).toEqual(DEFAULT_VIEW);
    const view = parseView({ smoothing: 7, xAxis: "sideways", brushes: { a: [1, "x"], b: [0, 1] }, selected: ["1", 2], states: ["complete", "bogus"], sort: { key: "value", dir: "up" } });
    expect(view.smoothing).toBe(DEFAULT_VIEW.smoothing);
    expect(view.xAxis).toBe("step");
    expect(view.brushes).toEqual({ b: [0, 1] });
    expect(view.selected).toEqual([2]);
    expect(view.states).toEqual(["complete"]);
    expect(view.sort).toEqual(DEFAULT_VIEW.sort);
  });
});

describe("the charts' own settings are part of the view", () => {
  it("the objective chart's x axis and log y, and the slice plot's log y, round-trip through the URL", () => {
    const view = { ...DEFAULT_VIEW, lossX: "time" as const, lossLogY: true, sliceLogY: true, metricFilter: "acc" };
    expect(decodeView(encodeView(view))).toEqual(view);
    expect(JSON.parse(encodeView(view))).toEqual({ lossX: "time", lossLogY: true, sliceLogY: true, metricFilter: "acc" });
  });

  it("ignores malformed values", () => {
    const view = parseView({ lossX: "sideways", sliceLogY: "yes" });
    expect(view.lossX).toBe("number");
    expect(view.sliceLogY).toBe(false);
  });
});

describe("the objective the charts show", () => {
  it("round-trips through the URL and is left out at its default", () => {
    const view = { ...DEFAULT_VIEW, objective: 1 };
    expect(decodeView(encodeView(view))).toEqual(view);
    expect(JSON.parse(encodeView(view))).toEqual({ objective: 1 });
    expect(encodeView(DEFAULT_VIEW)).toBe("");
  });

  it("ignores an index that is not a small non-negative integer", () => {
    for (const objective of [-1, 1.5, "1", 1e9, null]) expect(parseView({ objective }).objective).toBe(0);
  });
});
