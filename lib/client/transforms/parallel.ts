import type { Direction, ParamValue } from "@/lib/optimizer";
import { ABSENT, axisValue, categoryKey, numericExtent, type ParamAxis, type TrialLike } from "./axes";
import { formatNumber, logTicks, niceTicks } from "./ticks";
import { own } from "@/lib/shared/own";

/** A numeric range in data units, or the selected category keys (ABSENT selects trials without the param). */
export type Brush = readonly [number, number] | ReadonlyArray<string>;
export type Brushes = Readonly<Record<string, Brush>>;

/** Share of an axis's height given to the absent slot of a conditional parameter. */
export const ABSENT_SLOT = 0.1;

export interface AxisTick {
  /** Position in [0, 1], 0 at the bottom. */
  pos: number;
  label: string;
}

/** Maps an axis's values to [0, 1] (0 = bottom) and back. */
export interface AxisScale {
  axis: ParamAxis;
  /** Position of a value, or null when it cannot be drawn (not a number on a numeric axis, <= 0 on log, unknown category). */
  position(v: ParamValue | undefined): number | null;
  /** Lowest position of real values (above the absent slot). */
  dataStart: number;
  ticks: AxisTick[];
  /** Positions of categories by key (categorical axes) and of the absent slot. */
  slots: Map<string, number>;
  /** Data value at a position inside the data range (numeric axes). */
  invert(pos: number): number;
}

export function isRangeBrush(b: Brush): b is readonly [number, number] {
  return b.length === 2 && typeof b[0] === "number";
}

/**
 * The numeric domain an axis draws: its own, else the data's; flat domains are widened so they have height.
 * Log axes only keep positive values.
 */
export function resolveDomain(axis: ParamAxis, trials: ReadonlyArray<TrialLike>): [number, number] {
  const log = axis.kind === "log";
  const given = axis.domain && (!log || (axis.domain[0] > 0 && axis.domain[1] > 0)) ? axis.domain : null;
  let [lo, hi] = given ? [Math.min(...given), Math.max(...given)] : (numericExtent(trials.map((t) => axisValue(t, axis)), log) ?? (log ? [1, 10] : [0, 1]));
  if (lo === hi) {
    if (log) [lo, hi] = [lo / Math.SQRT2, hi * Math.SQRT2];
    else [lo, hi] = lo === 0 ? [-1, 1] : [lo - Math.abs(lo) * 0.1, hi + Math.abs(hi) * 0.1];
  }
  return [lo, hi];
}

/** The categories an axis draws: its own, else those in the data (first-seen order). */
export function resolveCategories(axis: ParamAxis, trials: ReadonlyArray<TrialLike>): ParamValue[] {
  if (axis.categories) return [...axis.categories];
  const seen = new Map<string, ParamValue>();
  for (const t of trials) {
    const v = axisValue(t, axis);
    if (v !== undefined && !seen.has(categoryKey(v))) seen.set(categoryKey(v), v);
  }
  return [...seen.values()];
}

/**
 * Ticks of a discrete axis, on its grid (lo + k * step): every value when they fit, else the nice ticks that fall
 * on the grid, else nice ticks moved to the nearest grid value. An integer parameter never gets a 1.5.
 */
export function gridTicks(lo: number, hi: number, step: number, maxTicks: number): number[] {
  const onGrid = (t: number) => lo + Math.round((t - lo) / step) * step;
  const clean = (t: number) => Number(t.toPrecision(12));
  const count = Math.floor((hi - lo) / step + 1e-9) + 1;
  if (count <= maxTicks) return Array.from({ length: count }, (_, k) => clean(lo + k * step));
  const nice = niceTicks(lo, hi, maxTicks);
  const exact = nice.filter((t) => Math.abs(onGrid(t) - t) < step * 1e-9);
  if (exact.length >= 2) return exact.map(clean);
  return [...new Set(nice.map((t) => clean(onGrid(t))))].filter((t) => t >= lo - step * 1e-9 && t <= hi + step * 1e-9);
}

export function createAxisScale(axis: ParamAxis, trials: ReadonlyArray<TrialLike> = [], maxTicks = 6): AxisScale {
  const dataStart = axis.hasAbsent ? ABSENT_SLOT : 0;
  const slots = new Map<string, number>();
  if (axis.hasAbsent) slots.set(ABSENT, ABSENT_SLOT / 2);
  const absentTick: AxisTick[] = axis.hasAbsent ? [{ pos: ABSENT_SLOT / 2, label: "absent" }] : [];

  if (axis.kind === "categorical") {
    const cats = resolveCategories(axis, trials);
    const n = Math.max(cats.length, 1);
    cats.forEach((c, i) => slots.set(categoryKey(c), dataStart + ((i + 0.5) / n) * (1 - dataStart)));
    const every = Math.ceil(cats.length / Math.max(maxTicks * 2, 1));
    const ticks = cats
      .map((c) => ({ pos: slots.get(categoryKey(c)) as number, label: typeof c === "number" ? formatNumber(c) : String(c) }))
      .filter((_, i) => i % every === 0);
    return {
      axis,
      dataStart,
      slots,
      ticks: [...absentTick, ...ticks],
      position: (v) => slots.get(categoryKey(v)) ?? null,
      invert: () => NaN,
    };
  }

  const log = axis.kind === "log";
  const [lo, hi] = resolveDomain(axis, trials);
  const f = log ? Math.log10 : (x: number) => x;
  const f0 = f(lo);
  const span = f(hi) - f0;
  const toPos = (x: number) => dataStart + ((f(x) - f0) / span) * (1 - dataStart);
  const values = log ? logTicks(lo, hi, maxTicks) : axis.step ? gridTicks(lo, hi, axis.step, maxTicks) : niceTicks(lo, hi, maxTicks);
  const ticks = values.map((t) => ({ pos: toPos(t), label: formatNumber(t) }));
  return {
    axis,
    dataStart,
    slots,
    ticks: [...absentTick, ...ticks],
    position(v) {
      if (v === undefined) return axis.hasAbsent ? ABSENT_SLOT / 2 : null;
      if (typeof v !== "number" || !Number.isFinite(v) || (log && v <= 0)) return null;
      // Out-of-domain values stick to the ends rather than vanish.
      return Math.min(Math.max(toPos(v), dataStart), 1);
    },
    invert(pos) {
      const u = f0 + ((pos - dataStart) / (1 - dataStart)) * span;
      return log ? Math.pow(10, u) : u;
    },
  };
}

/**
 * The brush a drag from position a to b (either order, [0, 1], 0 = bottom) selects on an axis, or null when
 * it selects nothing. Categorical axes select the slots inside the span; numeric axes a value range clipped
 * to the data range, or only the absent slot when the drag stays inside it.
 */
export function brushFromSpan(scale: AxisScale, a: number, b: number): Brush | null {
  const lo = Math.max(0, Math.min(a, b));
  const hi = Math.min(1, Math.max(a, b));
  if (scale.axis.kind === "categorical") {
    const keys = [...scale.slots.entries()].filter(([, p]) => p >= lo && p <= hi).map(([k]) => k);
    return keys.length ? keys : null;
  }
  if (hi < scale.dataStart) return scale.axis.hasAbsent ? [ABSENT] : null;
  const x0 = scale.invert(Math.max(lo, scale.dataStart));
  const x1 = scale.invert(hi);
  return [Math.min(x0, x1), Math.max(x0, x1)];
}

/** The [lo, hi] positions a brush covers on an axis (for drawing it), or null. */
/** How far one arrow key moves or resizes a brush, as a share of the axis. */
export const KEY_STEP = 0.05;

/**
 * Keyboard brushing on one axis: arrows move the brush (a first arrow makes one over the middle fifth of the
 * data), Shift+arrows widen (up) or narrow (down) it, Escape/Delete/Backspace clear it. Answers the new brush,
 * null to clear, or undefined for a key it does not handle.
 */
export function keyboardBrush(scale: AxisScale, brush: Brush | undefined, key: string, shift: boolean): Brush | null | undefined {
  if (key === "Escape" || key === "Delete" || key === "Backspace") return null;
  if (key !== "ArrowUp" && key !== "ArrowDown") return undefined;
  const start = scale.dataStart;
  const span = brush ? brushSpan(scale, brush) : null;
  let [lo, hi] = span ?? [start + 0.4 * (1 - start), start + 0.6 * (1 - start)];
  if (span) {
    const up = key === "ArrowUp" ? 1 : -1;
    if (shift) {
      const half = Math.max(KEY_STEP / 2, (hi - lo) / 2 + (up * KEY_STEP) / 2);
      const mid = (lo + hi) / 2;
      [lo, hi] = [mid - half, mid + half];
    } else {
      const move = Math.max(-lo, Math.min(1 - hi, up * KEY_STEP));
      [lo, hi] = [lo + move, hi + move];
    }
  }
  return brushFromSpan(scale, Math.max(0, lo), Math.min(1, hi));
}

export function brushSpan(scale: AxisScale, brush: Brush): [number, number] | null {
  if (isRangeBrush(brush)) {
    const [a, b] = brush;
    const pa = scale.position(Math.min(a, b));
    const pb = scale.position(Math.max(a, b));
    return [pa ?? scale.dataStart, pb ?? scale.dataStart];
  }
  const positions = brush.map((k) => scale.slots.get(k)).filter((p): p is number => p !== undefined);
  if (!positions.length) return null;
  const half = scale.axis.kind === "categorical" ? (1 - scale.dataStart) / Math.max(scale.slots.size - (scale.axis.hasAbsent ? 1 : 0), 1) / 2 : ABSENT_SLOT / 2;
  return [Math.max(0, Math.min(...positions) - half), Math.min(1, Math.max(...positions) + half)];
}

/** Whether a value passes a brush. Range brushes only pass finite numbers inside [lo, hi]. */
export function matchesBrush(value: ParamValue | undefined, brush: Brush): boolean {
  if (isRangeBrush(brush)) {
    const [a, b] = brush;
    return typeof value === "number" && value >= Math.min(a, b) && value <= Math.max(a, b);
  }
  return brush.length === 0 || brush.includes(categoryKey(value));
}

/** 1 where a trial passes every brush on the given axes (brushes on other keys are ignored), else 0. */
export function brushMask(trials: ReadonlyArray<TrialLike>, axes: ReadonlyArray<ParamAxis>, brushes: Brushes): Uint8Array {
  const active = axes.map((axis) => [axis, own(brushes, axis.key)] as const).filter((e): e is readonly [ParamAxis, Brush] => e[1] !== undefined);
  const mask = new Uint8Array(trials.length);
  for (let i = 0; i < trials.length; i++) {
    const t = trials[i] as TrialLike;
    mask[i] = active.every(([axis, brush]) => matchesBrush(axisValue(t, axis), brush)) ? 1 : 0;
  }
  return mask;
}

/** The trials that pass every brush. */
export function filterByBrushes<T extends TrialLike>(trials: ReadonlyArray<T>, axes: ReadonlyArray<ParamAxis>, brushes: Brushes): T[] {
  const mask = brushMask(trials, axes, brushes);
  return trials.filter((_, i) => mask[i] === 1);
}

/** Every trial's position on every axis, trial-major (index i * axes + j); NaN where it cannot be drawn. */
export function axisPositions(trials: ReadonlyArray<TrialLike>, scales: ReadonlyArray<AxisScale>): Float32Array {
  const m = scales.length;
  const out = new Float32Array(trials.length * m);
  for (let i = 0; i < trials.length; i++) {
    const t = trials[i] as TrialLike;
    for (let j = 0; j < m; j++) {
      const s = scales[j] as AxisScale;
      out[i * m + j] = s.position(axisValue(t, s.axis)) ?? NaN;
    }
  }
  return out;
}

/**
 * How good each trial's objective is, in [0, 1] (1 = best end), on the objective axis's own scale when
 * there is one (so colour matches height) and linearly between min and max otherwise; NaN without a value.
 */
export function objectiveGoodness(trials: ReadonlyArray<TrialLike>, direction: Direction, objectiveScale?: AxisScale): Float32Array {
  const out = new Float32Array(trials.length);
  const extent = numericExtent(trials.map((t) => t.value));
  for (let i = 0; i < trials.length; i++) {
    const v = (trials[i] as TrialLike).value;
    let u = NaN;
    if (typeof v === "number" && Number.isFinite(v)) {
      if (objectiveScale) {
        const p = objectiveScale.position(v);
        if (p !== null) u = (p - objectiveScale.dataStart) / (1 - objectiveScale.dataStart);
      } else if (extent) {
        u = extent[1] === extent[0] ? 1 : (v - extent[0]) / (extent[1] - extent[0]);
      }
    }
    out[i] = direction === "minimize" ? 1 - u : u;
  }
  return out;
}

/** Where parallel coordinates draw their lines: what pc-draw.ts draws and lineUnderPointer hit-tests. */
export interface LineHitInput {
  /** Trial-major positions in [0, 1] (NaN = missing, not drawn), `axes` per trial. */
  positions: Float32Array;
  axes: number;
  /** Pixel x of each axis, ascending. */
  xs: ReadonlyArray<number>;
  /** Pixel y of position 0 and 1. */
  y0: number;
  y1: number;
  /** 1 = drawn in colour (passes the brushes): only those can be picked. */
  mask: Uint8Array;
}

/**
 * The trial whose line passes nearest the point (px, py), measured vertically between the two axes around px,
 * within `maxDistance` pixels; -1 when none is that close or px is outside the axes. Later trials win ties (they
 * are drawn on top).
 */
export function lineUnderPointer(input: LineHitInput, px: number, py: number, maxDistance = 6): number {
  const { positions, axes, xs, y0, y1, mask } = input;
  if (axes === 0) return -1;
  const first = xs[0] as number;
  const last = xs[axes - 1] as number;
  if (axes === 1) {
    if (Math.abs(px - first) > maxDistance) return -1;
  } else if (px < first - maxDistance || px > last + maxDistance) return -1;
  let j = 0;
  while (j < axes - 2 && px > (xs[j + 1] as number)) j++;
  const xa = xs[j] as number;
  const xb = axes > 1 ? (xs[j + 1] as number) : xa;
  const t = xb === xa ? 0 : Math.min(1, Math.max(0, (px - xa) / (xb - xa)));
  const n = mask.length;
  let best = -1;
  let bestDistance = maxDistance;
  for (let i = 0; i < n; i++) {
    if (mask[i] !== 1) continue;
    const a = positions[i * axes + j] as number;
    const b = axes > 1 ? (positions[i * axes + j + 1] as number) : a;
    let p: number;
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    else if (Number.isNaN(a)) p = t > 0.9 ? b : NaN;
    else if (Number.isNaN(b)) p = t < 0.1 ? a : NaN;
    else p = a + (b - a) * t;
    if (Number.isNaN(p)) continue;
    const d = Math.abs(y0 + (y1 - y0) * p - py);
    if (d <= bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}
