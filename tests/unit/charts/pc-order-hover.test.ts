import { describe, expect, it } from "vitest";
import { moveKey, orderAxes } from "@/lib/client/transforms/axes";
import { lineUnderPointer } from "@/lib/client/transforms/parallel";
import { decodeView, encodeView, DEFAULT_VIEW } from "@/lib/client/view-state";

const axes = ["lr", "layers", "dropout", "__objective__"].map((key) => ({ key }));

describe("parallel coordinates: axis order", () => {
  it("puts the user's keys first in their order, then the rest as the space has them", () => {
    expect(orderAxes(axes, []).map((a) => a.key)).toEqual(["lr", "layers", "dropout", "__objective__"]);
    expect(orderAxes(axes, ["dropout", "lr"]).map((a) => a.key)).toEqual(["dropout", "lr", "layers", "__objective__"]);
    // A link made before a parameter existed, or naming one twice or one the space lacks.
    expect(orderAxes(axes, ["gone", "__objective__", "__objective__", "layers"]).map((a) => a.key)).toEqual(["__objective__", "layers", "lr", "dropout"]);
  });

  it("moves one key to a new place", () => {
    expect(moveKey(["a", "b", "c", "d"], 0, 2)).toEqual(["b", "c", "a", "d"]);
    expect(moveKey(["a", "b", "c", "d"], 3, 0)).toEqual(["d", "a", "b", "c"]);
    expect(moveKey(["a", "b"], 1, 9)).toEqual(["a", "b"]);
    expect(moveKey(["a", "b"], 5, 0)).toEqual(["a", "b"]);
  });

  it("is kept in the URL's view and read back only as strings", () => {
    const view = { ...structuredClone(DEFAULT_VIEW), axisOrder: ["dropout", "lr"] };
    expect(decodeView(encodeView(view)).axisOrder).toEqual(["dropout", "lr"]);
    expect(encodeView(DEFAULT_VIEW)).toBe("");
    expect(decodeView(JSON.stringify({ axisOrder: ["a", 3, null, "a", "b"] })).axisOrder).toEqual(["a", "b"]);
    expect(decodeView(JSON.stringify({ axisOrder: "a" })).axisOrder).toEqual([]);
  });
});

describe("parallel coordinates: the line under the pointer", () => {
  // Three trials over three axes at x = 0, 100, 200; y0 = 100 (position 0), y1 = 0 (position 1).
  const positions = Float32Array.from([
    0.0, 0.5, 1.0, // trial 0: rises
    1.0, 0.5, 0.0, // trial 1: falls (crosses trial 0 at x = 100)
    0.2, NaN, 0.2, // trial 2: no value on the middle axis
  ]);
  const input = { positions, axes: 3, xs: [0, 100, 200], y0: 100, y1: 0, mask: Uint8Array.from([1, 1, 1]) };

  it("finds the nearest line by its height between the two axes around the pointer", () => {
    expect(lineUnderPointer(input, 50, 75)).toBe(0); // trial 0 is at y = 75 at x = 50
    expect(lineUnderPointer(input, 50, 26)).toBe(1); // trial 1 at y = 25
    expect(lineUnderPointer(input, 150, 27)).toBe(0);
    expect(lineUnderPointer(input, 50, 50)).toBe(-1); // 25 px from both
    expect(lineUnderPointer(input, 260, 50)).toBe(-1); // outside the axes
  });

  it("picks a broken line only near the axis it has, and never a line filtered out", () => {
    expect(lineUnderPointer(input, 2, 80)).toBe(2);
    expect(lineUnderPointer(input, 50, 88)).toBe(-1); // trial 2 has no line here, trial 0 is 13 px away
    expect(lineUnderPointer({ ...input, mask: Uint8Array.from([0, 1, 1]) }, 50, 75)).toBe(-1);
    // Where two lines cross, the one drawn last (on top) wins.
    expect(lineUnderPointer(input, 100, 50)).toBe(1);
  });
});
