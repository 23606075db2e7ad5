import { describe, expect, it } from "vitest";
import { SERIES_COLORS, slotColor } from "@/lib/client/transforms/color";
import { assignCurveSlots, curveColors } from "@/lib/client/transforms/curve-colors";

describe("assignCurveSlots", () => {
  it("gives the shown trials distinct slots in trial-number order, whatever their numbers", () => {
    // Trials 0 and 10 shared a colour when colours went by number modulo the palette.
    const slots = assignCurveSlots([10, 0, 20]);
    expect([...slots].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 0],
      [10, 1],
      [20, 2],
    ]);
  });

  it("keeps the same map while the selection does not change", () => {
    const first = assignCurveSlots([3, 1, 2]);
    expect(assignCurveSlots([1, 2, 3], first)).toBe(first);
  });

  it("keeps a staying trial's slot when others join or leave, and reuses freed slots", () => {
    const first = assignCurveSlots([1, 2, 3]);
    const next = assignCurveSlots([2, 3, 7], first);
    expect(next.get(2)).toBe(first.get(2));
    expect(next.get(3)).toBe(first.get(3));
    expect(next.get(7)).toBe(first.get(1));
    expect(new Set(next.values()).size).toBe(3);
  });

  it("stays distinct past the palette's size", () => {
    const numbers = Array.from({ length: 100 }, (_, i) => i * 10);
    const colors = curveColors(assignCurveSlots(numbers));
    expect(new Set(colors.values()).size).toBe(100);
    expect(colors.get(0)).toBe(SERIES_COLORS[0]);
  });
});

describe("slotColor", () => {
  it("is the palette first, then new colours, never a repeat", () => {
    expect(slotColor(0)).toBe(SERIES_COLORS[0]);
    const all = Array.from({ length: 200 }, (_, i) => slotColor(i));
    expect(new Set(all).size).toBe(200);
    expect(slotColor(-3)).toBe(SERIES_COLORS[0]);
  });
});
