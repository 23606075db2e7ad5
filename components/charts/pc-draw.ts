import { CHART, rampColor } from "@/lib/client/transforms/color";
import type { LineHitInput } from "@/lib/client/transforms/parallel";

/** The lines' geometry and selection (the same the hover test reads), plus how to colour them. */
export interface PcDrawInput extends LineHitInput {
  /** Objective goodness in [0, 1] (1 = best), NaN when unknown. */
  goodness: Float32Array;
  /** 1 = a pruned trial (its objective is its last report): drawn dashed in the pruned colour. */
  pruned?: Uint8Array;
  /** Index of the trial drawn on top, emphasised, or -1. */
  highlight: number;
  width: number;
  height: number;
}

const BUCKETS = 16;

/** Adds one trial's polyline to the current path, breaking it where a position is missing. */
function trace(ctx: CanvasRenderingContext2D, input: PcDrawInput, i: number): void {
  const { positions, axes, xs, y0, y1 } = input;
  let pen = false;
  for (let j = 0; j < axes; j++) {
    const p = positions[i * axes + j] as number;
    if (Number.isNaN(p)) {
      pen = false;
      continue;
    }
    const x = xs[j] as number;
    const y = y0 + (y1 - y0) * p;
    if (pen) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    pen = true;
  }
}

// Skia rasterises 1px lines with bevel joins far faster than wider or round-joined ones (about 5x for
// 10,000 trials without a GPU), so bulk layers use those and only small selections get the nicer style.
function setup(ctx: CanvasRenderingContext2D, width: number, height: number, lines: number): void {
  ctx.clearRect(0, 0, width, height);
  const few = lines <= 800;
  ctx.lineJoin = few ? "round" : "bevel";
  ctx.lineCap = few ? "round" : "butt";
  ctx.lineWidth = few ? 1.25 : 1;
}

/**
 * The background layer: every trial in faint grey. It only changes with the data and the size, so brushing
 * (which redraws the foreground on every pointer move) does not pay for it.
 */
export function drawFaintLines(ctx: CanvasRenderingContext2D, input: Omit<PcDrawInput, "mask" | "goodness" | "highlight">, n: number): void {
  setup(ctx, input.width, input.height, n);
  ctx.beginPath();
  for (let i = 0; i < n; i++) trace(ctx, input as PcDrawInput, i);
  ctx.strokeStyle = `rgb(203 213 225 / ${n > 5000 ? 0.16 : n > 2000 ? 0.24 : n > 500 ? 0.36 : 0.6})`;
  ctx.stroke();
}

/**
 * The foreground layer: trials that pass the brushes, one path per colour bucket from worst to best so the
 * best lines end up on top, then the best trial emphasised.
 */
export function drawSelectedLines(ctx: CanvasRenderingContext2D, input: PcDrawInput): void {
  const { mask, goodness, width, height, pruned } = input;
  const buckets: number[][] = Array.from({ length: BUCKETS + 1 }, () => []);
  const prunedLines: number[] = [];
  let selected = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    selected++;
    if (pruned?.[i] === 1) {
      prunedLines.push(i);
      continue;
    }
    const g = goodness[i] as number;
    // Bucket 0 holds trials without a value; 1..BUCKETS the colour ramp.
    (buckets[Number.isNaN(g) ? 0 : 1 + Math.min(BUCKETS - 1, Math.floor(g * BUCKETS))] as number[]).push(i);
  }

  setup(ctx, width, height, selected);
  // Fewer lines can afford to be more opaque; with thousands, overlap does the emphasis.
  const alpha = selected > 3000 ? 0.3 : selected > 800 ? 0.45 : selected > 150 ? 0.65 : 0.85;
  buckets.forEach((members, b) => {
    if (!members.length) return;
    const t = b === 0 ? NaN : (b - 0.5) / BUCKETS;
    ctx.beginPath();
    for (const i of members) trace(ctx, input, i);
    ctx.strokeStyle = b === 0 ? `rgb(148 163 184 / ${alpha})` : rampColor(t, Math.min(1, alpha * (0.7 + 0.5 * t)));
    ctx.stroke();
  });
  // Pruned trials under the complete ones' best lines, dashed: their objective is from an earlier step.
  if (prunedLines.length > 0) {
    ctx.save();
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    for (const i of prunedLines) trace(ctx, input, i);
    ctx.strokeStyle = `rgb(167 139 250 / ${Math.min(0.9, alpha + 0.05)})`; // CHART.pruned
    ctx.stroke();
    ctx.restore();
  }

  if (input.highlight >= 0 && mask[input.highlight] === 1) {
    ctx.beginPath();
    trace(ctx, input, input.highlight);
    ctx.lineJoin = "round";
    ctx.lineCap = "round";
    ctx.strokeStyle = "rgb(255 255 255 / 0.9)";
    ctx.lineWidth = 4.5;
    ctx.stroke();
    ctx.strokeStyle = CHART.good;
    ctx.lineWidth = 2.25;
    ctx.stroke();
  }
}
