import type { ParamValue } from "../optimizer/types";

/** Five significant digits: enough to compare trials, short enough for one line. */
export function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(5))) : String(value);
}

export function formatParams(params: Record<string, ParamValue>, max = 120): string {
  const text = Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === "number" ? formatNumber(v) : String(v)}`)
    .join(" ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
