// Tick positions and labels for the charts' numeric, log and time axes.

import { formatNumber as formatSharedNumber, formatTimestamp } from "@/lib/shared/format";

/** Removes binary noise such as 0.30000000000000004. */
function clean(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * Axis tick labels: the dashboard's number format (lib/shared/format) at 4 significant digits, since ticks
 * are round numbers and a narrow axis has no room for more: 0.0031, 12.5, 1.2e-5, 3.4e6.
 */
export function formatNumber(v: number, digits = 4): string {
  return formatSharedNumber(v, digits);
}

/** Evenly spaced "nice" ticks (1, 2, 5 times a power of ten) inside [lo, hi], at most count + 1 of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) return [lo];
  const step = niceStep(hi - lo, count);
  const start = Math.ceil(lo / step - 1e-9);
  const end = Math.floor(hi / step + 1e-9);
  const out: number[] = [];
  for (let i = start; i <= end; i++) out.push(clean(i * step));
  return out;
}

/** The smallest 1-2-5 step that cuts span into at most count intervals. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const mult = [1, 2, 5, 10].find((m) => m * power >= raw * (1 - 1e-9)) ?? 10;
  return mult * power;
}

/** A [lo, hi] extended to nice step multiples, padded when flat. */
export function niceDomain(lo: number, hi: number, count = 5): [number, number] {
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  const step = niceStep(hi - lo, count);
  return [clean(Math.floor(lo / step + 1e-9) * step), clean(Math.ceil(hi / step - 1e-9) * step)];
}

/**
 * Ticks for a log axis on [lo, hi] (both > 0): powers of ten when the range spans them (thinned to at most
 * maxTicks), 1-2-5 multiples inside a short range, and linear nice ticks inside a very short one.
 */
export function logTicks(lo: number, hi: number, maxTicks = 7): number[] {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo > hi) [lo, hi] = [hi, lo];
  const k0 = Math.ceil(Math.log10(lo) - 1e-9);
  const k1 = Math.floor(Math.log10(hi) + 1e-9);
  if (k1 - k0 + 1 >= 3) {
    const every = Math.ceil((k1 - k0 + 1) / maxTicks);
    const out: number[] = [];
    for (let k = k0; k <= k1; k += every) out.push(clean(Math.pow(10, k)));
    return out;
  }
  const out: number[] = [];
  for (let k = k0 - 1; k <= k1; k++) {
    for (const m of [1, 2, 5]) {
      const t = clean(m * Math.pow(10, k));
      if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) out.push(t);
    }
  }
  if (out.length >= 2) return out;
  return niceTicks(lo, hi, 4).filter((t) => t > 0);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY,
];

/**
 * Ticks for a time axis in milliseconds, on round clock values (whole minutes, hours, ...) in the local
 * time zone; tzOffsetMinutes is Date#getTimezoneOffset (0 for durations, which start at 0).
 */
export function timeTicks(lo: number, hi: number, count = 5, tzOffsetMinutes = new Date(lo).getTimezoneOffset()): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) return [lo];
  const span = hi - lo;
  const step = TIME_STEPS.find((s) => span / s <= count) ?? niceStep(span / DAY, count) * DAY;
  if (step < SECOND) return niceTicks(lo, hi, count);
  const shift = -tzOffsetMinutes * MINUTE;
  const out: number[] = [];
  for (let t = Math.ceil((lo + shift) / step) * step - shift; t <= hi; t += step) out.push(t);
  return out;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Local clock label for a tick; spanMs decides the precision (seconds, minutes or days). */
export function formatClock(ms: number, spanMs: number): string {
  const d = new Date(ms);
  if (spanMs >= 3 * DAY) return `${MONTHS[d.getMonth()]} ${d.getDate()}`;
  const hm = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
  return spanMs < 5 * MINUTE ? `${hm}:${pad2(d.getSeconds())}` : hm;
}

/** Full local date and time for tooltips, with the zone: 2025-03-01 14:05:09 UTC+1. */
export function formatDateTime(ms: number): string {
  return formatTimestamp(ms);
}

/** A duration in seconds: 45s, 2m 30s, 1h 30m, 2d 4h. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? "-" : "";
  if (s < 60) return `${sign}${Number(s.toPrecision(3))}s`;
  if (s < 3600) {
    const total = Math.round(s);
    const m = Math.floor(total / 60);
    return total % 60 ? `${sign}${m}m ${total % 60}s` : `${sign}${m}m`;
  }
  if (s < 86400) {
    const total = Math.round(s / 60);
    const h = Math.floor(total / 60);
    return total % 60 ? `${sign}${h}h ${total % 60}m` : `${sign}${h}h`;
  }
  const total = Math.round(s / 3600);
  const d = Math.floor(total / 24);
  return total % 24 ? `${sign}${d}d ${total % 24}h` : `${sign}${d}d`;
}

/** A value axis over [lo, hi] with a little padding (flat ranges widened), and its ticks; log needs lo > 0. */
export function valueAxis(lo: number, hi: number, log: boolean, count = 6, padFrac = 0.04): { domain: [number, number]; ticks: number[] } {
  if (log) {
    const [a, b] = lo === hi ? [lo / 1.5, hi * 1.5] : [lo, hi];
    const pad = Math.pow(b / a, padFrac);
    return { domain: [a / pad, b * pad], ticks: logTicks(a / pad, b * pad, count) };
  }
  const [a, b] = lo === hi ? [lo - (Math.abs(lo) || 1) * 0.1, hi + (Math.abs(hi) || 1) * 0.1] : [lo, hi];
  const pad = (b - a) * padFrac;
  return { domain: [a - pad, b + pad], ticks: niceTicks(a - pad, b + pad, count) };
}
