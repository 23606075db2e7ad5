/** Formats a number for tables: compact, but exact enough to compare trials. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) return value.toExponential(3);
  return Number(value.toPrecision(5)).toString();
}

export function formatParam(value: unknown): string {
  if (typeof value === "number") return formatValue(value);
  if (value === null) return "null";
  return String(value);
}

export function formatTime(iso: string | null): string {
  if (!iso) return "—";
  return new Date(iso).toISOString().replace("T", " ").slice(0, 19);
}
