import { smoothSeries } from "./smoothing";

export type ScalarXMode = "step" | "relative" | "wall";

export interface ScalarPoint {
  step: number;
  value: number;
  /** Seconds since the epoch. */
  wallTime: number;
}

export interface ScalarSeries {
  trialNumber: number;
  color?: string;
  points: ReadonlyArray<ScalarPoint>;
}

export interface PreparedSeries {
  trialNumber: number;
  color: string;
  /** x by mode: step, seconds since the series' first point, or epoch milliseconds (wall). */
  xs: Float64Array;
  smoothed: Float64Array;
  raw: Float64Array;
}

/** Sorts by step, smooths, and maps x for the chosen axis mode. */
export function prepareSeries(series: ScalarSeries, smoothing: number, mode: ScalarXMode, color: string): PreparedSeries {
  const pts = isSorted(series.points) ? series.points : series.points.slice().sort((a, b) => a.step - b.step);
  const t0 = pts[0]?.wallTime ?? 0;
  const xs = Float64Array.from(pts, (p) => (mode === "step" ? p.step : mode === "relative" ? p.wallTime - t0 : p.wallTime * 1000));
  const raw = Float64Array.from(pts, (p) => p.value);
  const smoothed = Float64Array.from(smoothSeries(Array.from(raw), smoothing));
  return { trialNumber: series.trialNumber, color, xs, smoothed, raw };
}

function isSorted(points: ReadonlyArray<ScalarPoint>): boolean {
  for (let i = 1; i < points.length; i++) if ((points[i] as ScalarPoint).step < (points[i - 1] as ScalarPoint).step) return false;
  return true;
}

/** Index of the point whose x is nearest to x (xs ascending), or -1 when empty. */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  const n = xs.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs((xs[lo - 1] as number) - x) <= Math.abs((xs[lo] as number) - x)) return lo - 1;
  return lo;
}

export interface ScalarExtent {
  x: [number, number];
  y: [number, number];
}

/** Extent of x and of finite y (raw and smoothed; positive only for log) over all series; null when empty. */
export function scalarExtent(series: ReadonlyArray<PreparedSeries>, log: boolean): ScalarExtent | null {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.xs.length; i++) {
      const x = s.xs[i] as number;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      for (const y of [s.raw[i] as number, s.smoothed[i] as number]) {
        if (!Number.isFinite(y) || (log && y <= 0)) continue;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (!(x0 <= x1) || !(y0 <= y1)) return null;
  return { x: [x0, x1], y: [y0, y1] };
}

/** Series whose x range covers x (give or take slack), each with the index of its point nearest to x. */
export function hoveredPoints(series: ReadonlyArray<PreparedSeries>, x: number, slack: number): Array<{ s: PreparedSeries; i: number }> {
  const out: Array<{ s: PreparedSeries; i: number }> = [];
  for (const s of series) {
    const n = s.xs.length;
    if (n === 0 || x < (s.xs[0] as number) - slack || x > (s.xs[n - 1] as number) + slack) continue;
    out.push({ s, i: nearestIndex(s.xs, x) });
  }
  return out;
}

/** Why a log y axis cannot be used (some value <= 0), or null when it can. */
export function logScaleIssue(series: ReadonlyArray<ScalarSeries>): string | null {
  for (const s of series) for (const p of s.points) if (Number.isFinite(p.value) && p.value <= 0) return "Log scale needs every value > 0";
  return null;
}
