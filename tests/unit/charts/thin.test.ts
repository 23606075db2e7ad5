import { describe, expect, it } from "vitest";
import { thinTrials } from "@/lib/client/transforms/thin";

const trial = (number: number, value: number | null, state = "complete") => ({ number, state, value });

describe("thinTrials", () => {
  it("keeps everything below the limit", () => {
    const all = [trial(0, 3), trial(1, 2)];
    expect(thinTrials(all, 10, "minimize")).toEqual({ shown: all, stride: 1 });
  });

  it("keeps every k-th trial and every improvement of the best so far", () => {
    const all = Array.from({ length: 100 }, (_, i) => trial(i, i === 37 ? -5 : i === 73 ? -9 : 10 + (i % 7)));
    const { shown, stride } = thinTrials(all, 10, "minimize");
    expect(stride).toBe(10);
    const numbers = shown.map((t) => t.number);
    expect(numbers).toEqual(expect.arrayContaining([0, 10, 20, 37, 73, 90]));
    expect(shown.length).toBeLessThanOrEqual(10 + 3);
    const { shown: maxShown } = thinTrials(all, 10, "maximize");
    expect(maxShown.map((t) => t.number)).not.toContain(37);
  });
});
