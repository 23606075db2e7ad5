import { describe, expect, it } from "vitest";
import { formatDuration, formatNumber, logTicks, niceDomain, niceTicks, timeTicks, valueAxis } from "@/lib/client/transforms/ticks";

describe("ticks", () => {
  it("niceTicks picks 1-2-5 steps without float noise", () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceTicks(-3, 7, 5)).toEqual([-2, 0, 2, 4, 6]);
    expect(niceTicks(5, 1, 4)).toEqual([1, 2, 3, 4, 5]);
    expect(niceTicks(2, 2)).toEqual([2]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });

  it("niceDomain rounds outwards and pads flat ranges", () => {
    expect(niceDomain(0.13, 0.87, 5)).toEqual([0, 1]);
    expect(niceDomain(3, 3)).toEqual([2.7, 3.3]);
    expect(niceDomain(0, 0)).toEqual([-1, 1]);
  });

  it("logTicks uses decades over wide ranges and 1-2-5 inside narrow ones", () => {
    expect(logTicks(1e-5, 1)).toEqual([1e-5, 1e-4, 1e-3, 0.01, 0.1, 1]);
    expect(logTicks(1e-12, 1, 5)).toEqual([1e-12, 1e-9, 1e-6, 1e-3, 1]);
    expect(logTicks(0.15, 3)).toEqual([0.2, 0.5, 1, 2]);
    expect(logTicks(3, 4).length).toBeGreaterThanOrEqual(2);
    expect(logTicks(0, 1)).toEqual([]);
  });

  it("timeTicks lands on round clock values", () => {
    const t0 = Date.UTC(2025, 0, 1, 10, 3, 17);
    const ticks = timeTicks(t0, t0 + 50 * 60_000, 5, 0);
    // 50 minutes in at most 5 intervals: 10-minute steps from 10:10
    expect(ticks[0]).toBe(Date.UTC(2025, 0, 1, 10, 10));
    expect(ticks[1]! - ticks[0]!).toBe(10 * 60_000);
    // a +01:00 zone (offset -60) keeps hour ticks on the local hour
    const hours = timeTicks(t0, t0 + 10 * 3_600_000, 5, -60);
    expect((hours[0]! + 3_600_000) % 7_200_000).toBe(0);
    expect(timeTicks(0, 90_000, 4, 0)).toEqual([0, 30_000, 60_000, 90_000]);
  });

  it("formatNumber is compact", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(0.0001)).toBe("1e-4");
    expect(formatNumber(0.00012346)).toBe("1.235e-4");
    expect(formatNumber(123456)).toBe("1.235e5");
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(formatNumber(-12.5)).toBe("-12.5");
    expect(formatNumber(NaN)).toBe("NaN");
    expect(formatNumber(-Infinity)).toBe("-∞");
  });

  it("formatDuration reads like a clock", () => {
    expect(formatDuration(45)).toBe("45s");
    expect(formatDuration(1.5)).toBe("1.5s");
    expect(formatDuration(150)).toBe("2m 30s");
    expect(formatDuration(119.7)).toBe("2m");
    expect(formatDuration(5400)).toBe("1h 30m");
    expect(formatDuration(2 * 86400 + 4 * 3600)).toBe("2d 4h");
  });
});

describe("valueAxis", () => {
  it("pads linear and log ranges and widens flat ones", () => {
    expect(valueAxis(0, 100, false)).toEqual({ domain: [-4, 104], ticks: [0, 20, 40, 60, 80, 100] });
    const log = valueAxis(0.01, 1, true);
    expect(log.domain[0]).toBeCloseTo(0.01 / Math.pow(100, 0.04), 12);
    expect(log.ticks).toEqual([0.01, 0.1, 1]);
    expect(valueAxis(5, 5, false).domain).toEqual([expect.closeTo(4.46, 9), expect.closeTo(5.54, 9)]);
    expect(valueAxis(0, 0, false).domain).toEqual([expect.closeTo(-0.108, 9), expect.closeTo(0.108, 9)]);
  });
});
