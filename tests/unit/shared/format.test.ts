import { describe, expect, it } from "vitest";
import { formatExactNumber, formatNumber, formatParamValue, formatTimestamp, formatZone } from "@/lib/shared/format";

describe("the one number format", () => {
  it("5 significant digits, exponent outside [1e-3, 1e5), trailing zeros dropped", () => {
    expect(formatNumber(4.26591234e-6)).toBe("4.2659e-6");
    expect(formatNumber(0.0566221)).toBe("0.056622");
    expect(formatNumber(123456)).toBe("1.2346e5");
    expect(formatNumber(12345.678)).toBe("12346");
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(formatNumber(1e-4)).toBe("1e-4");
    expect(formatNumber(-2.5)).toBe("-2.5");
    expect(formatNumber(0)).toBe("0");
  });

  it("missing and non-finite values", () => {
    expect(formatNumber(null)).toBe("—");
    expect(formatNumber(undefined)).toBe("—");
    expect(formatNumber(NaN)).toBe("NaN");
    expect(formatNumber(Infinity)).toBe("∞");
    expect(formatNumber(-Infinity)).toBe("-∞");
  });

  it("parameters: numbers formatted, text as is, missing as a dash", () => {
    expect(formatParamValue(0.000123456)).toBe("1.2346e-4");
    expect(formatParamValue("adam")).toBe("adam");
    expect(formatParamValue(true)).toBe("true");
    expect(formatParamValue(null)).toBe("null");
    expect(formatParamValue(undefined)).toBe("—");
  });

  it("files keep every digit", () => {
    expect(formatExactNumber(4.26591234e-6)).toBe("0.00000426591234");
    expect(formatExactNumber(1.5e-9)).toBe("1.5e-9");
    expect(Number(formatExactNumber(0.1 + 0.2))).toBe(0.1 + 0.2);
  });
});

describe("the one time format", () => {
  const iso = "2026-12-02T06:01:02.000Z";
  it("the viewer's wall clock with the zone in effect", () => {
    expect(formatTimestamp(iso, 0)).toBe("2026-12-02 06:01:02 UTC");
    expect(formatTimestamp(iso, -60)).toBe("2026-12-02 07:01:02 UTC+1");
    expect(formatTimestamp(iso, 300)).toBe("2026-12-02 01:01:02 UTC-5");
    expect(formatTimestamp(iso, -330)).toBe("2026-12-02 11:31:02 UTC+5:30");
    expect(formatTimestamp(Date.parse(iso), 420)).toBe("2026-12-01 23:01:02 UTC-7");
  });

  it("missing or malformed times print as a dash", () => {
    expect(formatTimestamp(null)).toBe("—");
    expect(formatTimestamp("")).toBe("—");
    expect(formatTimestamp("not a date")).toBe("—");
  });

  it("zones", () => {
    expect(formatZone(0)).toBe("UTC");
    expect(formatZone(-180)).toBe("UTC-3");
    expect(formatZone(345)).toBe("UTC+5:45");
  });
});
