// The dashboard's one number format and one time format: the trials table, every chart tooltip and axis
// label, the best-trial card and the trial page all print through here, so a value reads the same wherever
// it appears (4.2659e-6 in the table and in the tooltip, not 4.266e-6 in one and 4.2659e-6 in the other).

/** Significant digits shown: enough to tell neighbouring trials apart, short enough for a table cell. */
export const DISPLAY_DIGITS = 5;

/**
 * A number for people: `digits` significant digits, trailing zeros dropped, exponent notation outside
 * [1e-3, 1e5) written without "+" or padding (4.2659e-6, 1.5e5). Null and undefined print as "—".
 */
export function formatNumber(value: number | null | undefined, digits = DISPLAY_DIGITS): string {
  if (value === null || value === undefined) return "—";
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "∞" : "-∞";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) {
    const [mantissa = "", exp = "0"] = value.toExponential(digits - 1).split("e");
    const m = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
    return `${m}e${Number(exp)}`;
  }
  return String(Number(value.toPrecision(digits)));
}

/**
 * A number for files (the CSV export): every digit, the shortest text that reads back as the same double,
 * so a spreadsheet or pandas gets the stored value, not the rounded one the table shows.
 */
export function formatExactNumber(value: number): string {
  return String(value);
}

/** A parameter value: numbers in the display format, everything else as text; a missing one as "—". */
export function formatParamValue(value: unknown): string {
  if (value === undefined) return "—";
  if (typeof value === "number") return formatNumber(value);
  if (value === null) return "null";
  return String(value);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "UTC", "UTC+2", "UTC-3:30" for an offset in minutes east of UTC. */
export function formatZone(offsetEastMinutes: number): string {
  if (offsetEastMinutes === 0) return "UTC";
  const sign = offsetEastMinutes > 0 ? "+" : "-";
  const abs = Math.abs(offsetEastMinutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m ? `:${pad(m)}` : ""}`;
}

/**
 * A point in time in the viewer's zone, with the zone: "2026-12-02 07:01:02 UTC+1". The zone is the one in
 * effect at that instant (daylight saving), so two times on either side of a change each say theirs.
 * `offsetMinutes` is Date#getTimezoneOffset's (minutes west), passed in by tests.
 */
export function formatTimestamp(input: string | number | Date | null | undefined, offsetMinutes?: number): string {
  if (input === null || input === undefined || input === "") return "—";
  const date = input instanceof Date ? input : new Date(input);
  if (Number.isNaN(date.getTime())) return "—";
  const west = offsetMinutes ?? date.getTimezoneOffset();
  // Shift by the offset and read the UTC fields: the local wall clock without depending on the runtime's zone.
  const local = new Date(date.getTime() - west * 60_000);
  const day = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${day} ${time} ${formatZone(-west)}`;
}

/** The viewer's zone now, for time axes' labels ("completed at (UTC+1)"); call it in the browser. */
export function localZone(at: Date = new Date()): string {
  return formatZone(-at.getTimezoneOffset());
}
