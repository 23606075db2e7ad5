// Colours shared by the charts: a sequential ramp for continuous values and a categorical series palette.

type Rgb = readonly [number, number, number];

/** Sequential ramp from "poor" (light cyan) through violet to "good" (deep indigo). */
const RAMP: ReadonlyArray<readonly [number, Rgb]> = [
  [0, [103, 232, 249]], // cyan-300
  [0.35, [34, 211, 238]], // cyan-400
  [0.65, [139, 92, 246]], // violet-500
  [1, [55, 48, 163]], // indigo-800
];

/** CSS stops for a legend gradient matching rampColor. */
export const RAMP_CSS_GRADIENT = `linear-gradient(to right, ${RAMP.map(([t, c]) => `rgb(${c.join(" ")}) ${t * 100}%`).join(", ")})`;

/** Colour of t in [0, 1] on the ramp (clamped; NaN gives the low end). */
export function rampColor(t: number, alpha = 1): string {
  const x = Number.isFinite(t) ? Math.min(Math.max(t, 0), 1) : 0;
  let i = 1;
  while (i < RAMP.length - 1 && x > (RAMP[i] as readonly [number, Rgb])[0]) i++;
  const [t0, c0] = RAMP[i - 1] as readonly [number, Rgb];
  const [t1, c1] = RAMP[i] as readonly [number, Rgb];
  const f = t1 === t0 ? 0 : (x - t0) / (t1 - t0);
  const mix = (k: 0 | 1 | 2) => Math.round(c0[k] + (c1[k] - c0[k]) * f);
  return alpha >= 1 ? `rgb(${mix(0)} ${mix(1)} ${mix(2)})` : `rgb(${mix(0)} ${mix(1)} ${mix(2)} / ${alpha})`;
}

/**
 * The one categorical palette: Tailwind 500 shades, indigo/cyan/violet first. Mid-lightness on purpose: each
 * reads on the light theme's white and on the dark theme's slate-900, so SVG attributes need no remapping.
 */
export const SERIES_COLORS = [
  "#6366f1", "#06b6d4", "#8b5cf6", "#f59e0b", "#10b981",
  "#f43f5e", "#0ea5e9", "#d946ef", "#14b8a6", "#f97316",
] as const;

/** The palette by index, wrapping round: for a few series (compare's experiments) in a fixed order. */
export function seriesColor(i: number): string {
  const n = SERIES_COLORS.length;
  return SERIES_COLORS[((i % n) + n) % n] as string;
}

/**
 * The colour of slot i, never repeating: the palette first, then golden-angle hues at the same mid lightness
 * (in three bands, so hues that come round close together still differ). Slots come from assignCurveColors.
 */
export function slotColor(i: number): string {
  const k = Math.max(0, Math.floor(i));
  if (k < SERIES_COLORS.length) return SERIES_COLORS[k] as string;
  const hue = (k * 137.508) % 360;
  return `hsl(${hue.toFixed(1)} 70% ${[55, 45, 62][k % 3]}%)`;
}

/** Chart chrome, kept in one place so every chart looks alike. */
export const CHART = {
  grid: "#e2e8f0", // slate-200
  axis: "#94a3b8", // slate-400
  tick: "#64748b", // slate-500
  label: "#334155", // slate-700
  faint: "#cbd5e1", // slate-300
  good: "#4338ca", // indigo-700
  best: "#0891b2", // cyan-600
  pruned: "#a78bfa", // violet-400
  failed: "#f43f5e", // rose-500
  fontSize: 11,
} as const;
