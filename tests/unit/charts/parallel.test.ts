import { describe, expect, it } from "vitest";
import { ABSENT, OBJECTIVE_KEY, type ParamAxis, type TrialLike } from "@/lib/client/transforms/axes";
import {
  ABSENT_SLOT,
  axisPositions,
  brushFromSpan,
  brushMask,
  brushSpan,
  createAxisScale,
  filterByBrushes,
  gridTicks,
  keyboardBrush,
  matchesBrush,
  objectiveGoodness,
} from "@/lib/client/transforms/parallel";

const trial = (number: number, params: TrialLike["params"], value: number | null = number): TrialLike => ({ number, params, value });

const lr: ParamAxis = { key: "lr", label: "lr", kind: "log", domain: [1e-4, 1e-1], hasAbsent: false };
const layers: ParamAxis = { key: "layers", label: "layers", kind: "linear", domain: [1, 5], hasAbsent: false };
const opt: ParamAxis = { key: "opt", label: "optimizer", kind: "categorical", categories: ["sgd", "adam", "rmsprop"], hasAbsent: false };
const momentum: ParamAxis = { key: "opt.sgd.momentum", label: "momentum", kind: "linear", domain: [0, 1], hasAbsent: true };
const objective: ParamAxis = { key: OBJECTIVE_KEY, label: "loss", kind: "linear", hasAbsent: false, source: "objective" };
const axes = [lr, layers, opt, momentum, objective];

const trials = [
  trial(0, { lr: 1e-4, layers: 1, opt: "sgd", "opt.sgd.momentum": 0.9 }, 0.5),
  trial(1, { lr: 1e-3, layers: 3, opt: "adam" }, 0.2),
  trial(2, { lr: 1e-2, layers: 5, opt: "rmsprop" }, 0.8),
  trial(3, { lr: 1e-1, layers: 2, opt: "sgd", "opt.sgd.momentum": 0.1 }, 0.3),
];

describe("keyboard brushing", () => {
  const scale = createAxisScale(layers); // 1..5, no absent slot
  it("a first arrow brushes the middle fifth; arrows move it, Shift+arrows widen and narrow it; Escape clears", () => {
    const first = keyboardBrush(scale, undefined, "ArrowUp", false) as [number, number];
    expect(first[0]).toBeCloseTo(2.6, 9);
    expect(first[1]).toBeCloseTo(3.4, 9);
    const moved = keyboardBrush(scale, first, "ArrowUp", false) as [number, number];
    expect(moved[0]).toBeCloseTo(2.8, 9);
    expect(moved[1]).toBeCloseTo(3.6, 9);
    const wider = keyboardBrush(scale, first, "ArrowUp", true) as [number, number];
    expect(wider[1] - wider[0]).toBeCloseTo(1.0, 9);
    const narrower = keyboardBrush(scale, first, "ArrowDown", true) as [number, number];
    expect(narrower[1] - narrower[0]).toBeCloseTo(0.6, 9);
    expect(keyboardBrush(scale, first, "Escape", false)).toBeNull();
    expect(keyboardBrush(scale, first, "a", false)).toBeUndefined();
  });
  it("stops at the ends of the axis instead of shrinking the range", () => {
    let b = keyboardBrush(scale, undefined, "ArrowUp", false) as [number, number];
    for (let i = 0; i < 40; i++) b = keyboardBrush(scale, b, "ArrowUp", false) as [number, number];
    expect(b[1]).toBeCloseTo(5, 9);
    expect(b[1] - b[0]).toBeCloseTo(0.8, 9);
  });
});

describe("axis scales", () => {
  it("puts an integer or quantized axis's ticks on its grid, never 1.5", () => {
    const labels = (axis: ParamAxis) => createAxisScale(axis).ticks.map((t) => t.label);
    expect(labels({ key: "l", label: "l", kind: "linear", domain: [1, 2], hasAbsent: false, step: 1 })).toEqual(["1", "2"]);
    expect(labels({ key: "l", label: "l", kind: "linear", domain: [1, 4], hasAbsent: false, step: 1 })).toEqual(["1", "2", "3", "4"]);
    // Without a step the same range gets fractions.
    expect(labels({ key: "l", label: "l", kind: "linear", domain: [1, 2], hasAbsent: false })).toContain("1.2");
    const wide = gridTicks(1, 1000, 1, 6);
    expect(wide.every((t) => Number.isInteger(t))).toBe(true);
    expect(wide.length).toBeGreaterThanOrEqual(2);
    expect(gridTicks(0, 0.5, 0.1, 6)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(gridTicks(3, 37, 5, 4).every((t) => (t - 3) % 5 === 0)).toBe(true);
  });

  it("maps linear axes onto [0, 1] and inverts", () => {
    const s = createAxisScale(layers);
    expect(s.position(1)).toBe(0);
    expect(s.position(3)).toBeCloseTo(0.5, 12);
    expect(s.position(5)).toBe(1);
    expect(s.invert(0.25)).toBeCloseTo(2, 12);
    expect(s.position("3")).toBeNull();
    expect(s.position(undefined)).toBeNull();
    // out-of-domain values stick to the ends
    expect(s.position(9)).toBe(1);
    expect(s.ticks.map((t) => t.label)).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("maps log axes by decades and rejects non-positive values", () => {
    const s = createAxisScale(lr);
    expect(s.position(1e-4)).toBeCloseTo(0, 12);
    expect(s.position(1e-3)).toBeCloseTo(1 / 3, 6);
    expect(s.position(1e-2)).toBeCloseTo(2 / 3, 6);
    expect(s.invert(0.5)).toBeCloseTo(Math.pow(10, -2.5), 9);
    expect(s.position(0)).toBeNull();
    expect(s.position(-1)).toBeNull();
    expect(s.ticks.map((t) => t.label)).toEqual(["1e-4", "0.001", "0.01", "0.1"]);
  });

  it("spaces categories evenly and reserves an absent slot at the bottom", () => {
    const s = createAxisScale(opt);
    expect(s.position("sgd")).toBeCloseTo(1 / 6, 12);
    expect(s.position("adam")).toBeCloseTo(0.5, 12);
    expect(s.position("rmsprop")).toBeCloseTo(5 / 6, 12);
    expect(s.position("other")).toBeNull();
    const m = createAxisScale(momentum);
    expect(m.position(undefined)).toBeCloseTo(ABSENT_SLOT / 2, 12);
    expect(m.position(0)).toBeCloseTo(ABSENT_SLOT, 6);
    expect(m.position(1)).toBe(1);
    expect(m.ticks[0]).toEqual({ pos: ABSENT_SLOT / 2, label: "absent" });
  });

  it("derives domains and categories from the data when not given", () => {
    const s = createAxisScale({ key: "layers", label: "layers", kind: "linear", hasAbsent: false }, trials);
    expect(s.position(1)).toBe(0);
    expect(s.position(5)).toBe(1);
    const c = createAxisScale({ key: "opt", label: "opt", kind: "categorical", hasAbsent: false }, trials);
    expect([...c.slots.keys()]).toEqual(["sgd", "adam", "rmsprop"]);
    const flat = createAxisScale({ key: "x", label: "x", kind: "linear", domain: [2, 2], hasAbsent: false });
    expect(flat.position(2)).toBeCloseTo(0.5, 12);
  });

  it("computes positions for every trial and axis, NaN where undrawable", () => {
    const scales = axes.map((a) => createAxisScale(a, trials));
    const pos = axisPositions(trials, scales);
    expect(pos.length).toBe(trials.length * axes.length);
    expect(pos[1 * axes.length + 3]).toBeCloseTo(ABSENT_SLOT / 2, 6); // trial 1 has no momentum
    expect(pos[2 * axes.length + 4]).toBeCloseTo(1, 6); // trial 2 has the highest loss
    const bad = axisPositions([trial(9, { lr: -1 })], [createAxisScale(lr)]);
    expect(bad[0]).toBeNaN();
  });
});

describe("brushes", () => {
  it("matches range and category brushes", () => {
    expect(matchesBrush(0.5, [0, 1])).toBe(true);
    expect(matchesBrush(0.5, [1, 0])).toBe(true);
    expect(matchesBrush(2, [0, 1])).toBe(false);
    expect(matchesBrush(undefined, [0, 1])).toBe(false);
    expect(matchesBrush("0.5", [0, 1])).toBe(false);
    expect(matchesBrush("adam", ["adam", "sgd"])).toBe(true);
    expect(matchesBrush(undefined, [ABSENT])).toBe(true);
    expect(matchesBrush(true, ["true"])).toBe(true);
    expect(matchesBrush(null, ["null"])).toBe(true);
  });

  it("filters on a log axis in data units", () => {
    expect(filterByBrushes(trials, axes, { lr: [5e-4, 2e-2] }).map((t) => t.number)).toEqual([1, 2]);
  });

  it("filters on categorical axes and the absent slot", () => {
    expect(filterByBrushes(trials, axes, { opt: ["sgd"] }).map((t) => t.number)).toEqual([0, 3]);
    expect(filterByBrushes(trials, axes, { "opt.sgd.momentum": [ABSENT] }).map((t) => t.number)).toEqual([1, 2]);
    // a numeric brush excludes trials where the parameter is absent
    expect(filterByBrushes(trials, axes, { "opt.sgd.momentum": [0.5, 1] }).map((t) => t.number)).toEqual([0]);
  });

  it("intersects brushes, filters on the objective, and ignores unknown keys and empty selections", () => {
    expect(filterByBrushes(trials, axes, { opt: ["sgd", "adam"], [OBJECTIVE_KEY]: [0, 0.4] }).map((t) => t.number)).toEqual([1, 3]);
    expect(filterByBrushes(trials, axes, { nope: [0, 1] })).toHaveLength(4);
    expect(filterByBrushes(trials, axes, { opt: [] })).toHaveLength(4);
    expect(filterByBrushes(trials, axes, {})).toHaveLength(4);
    expect(Array.from(brushMask(trials, axes, { layers: [2, 3] }))).toEqual([0, 1, 0, 1]);
  });
});

describe("brushFromSpan / brushSpan", () => {
  it("turns a drag on a log axis into a geometric range and back", () => {
    const s = createAxisScale(lr);
    const b = brushFromSpan(s, 2 / 3, 1 / 3) as [number, number];
    expect(b[0]).toBeCloseTo(1e-3, 9);
    expect(b[1]).toBeCloseTo(1e-2, 9);
    const [lo, hi] = brushSpan(s, b)!;
    expect(lo).toBeCloseTo(1 / 3, 6);
    expect(hi).toBeCloseTo(2 / 3, 6);
  });

  it("selects categories inside the span", () => {
    const s = createAxisScale(opt);
    expect(brushFromSpan(s, 0, 0.55)).toEqual(["sgd", "adam"]);
    expect(brushFromSpan(s, 0.2, 0.3)).toBeNull();
    const [lo, hi] = brushSpan(s, ["adam"])!;
    expect(lo).toBeCloseTo(1 / 3, 12);
    expect(hi).toBeCloseTo(2 / 3, 12);
  });

  it("selects only the absent slot when the drag stays inside it, and clips ranges to the data", () => {
    const s = createAxisScale(momentum);
    expect(brushFromSpan(s, 0, ABSENT_SLOT * 0.8)).toEqual([ABSENT]);
    const b = brushFromSpan(s, 0, 0.55) as [number, number];
    expect(b[0]).toBeCloseTo(0, 9);
    expect(b[1]).toBeCloseTo(0.5, 9);
    expect(brushFromSpan(createAxisScale(layers), 0.5, 0.5)).toEqual([3, 3]);
    expect(brushSpan(s, [ABSENT])).toEqual([0, ABSENT_SLOT]);
  });
});

describe("objectiveGoodness", () => {
  it("scores 1 for the best trial in either direction, NaN without a value", () => {
    const ts = [trial(0, {}, 1), trial(1, {}, 3), trial(2, {}, null)];
    const min = objectiveGoodness(ts, "minimize");
    expect(min[0]).toBe(1);
    expect(min[1]).toBe(0);
    expect(min[2]).toBeNaN();
    const max = objectiveGoodness(ts, "maximize", createAxisScale({ ...objective, domain: [1, 5] }));
    expect(max[0]).toBe(0);
    expect(max[1]).toBeCloseTo(0.5, 6);
  });
});
