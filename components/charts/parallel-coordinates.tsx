"use client";

import { useEffect, useMemo, useRef, useState, type PointerEvent } from "react";
import type { Direction } from "@/lib/optimizer";
import type { TrialDto } from "@/lib/schemas/trial";
import type { ParamAxis } from "@/lib/client/transforms/axes";
import { bestValue } from "@/lib/client/transforms/best-so-far";
import {
  axisPositions,
  brushMask,
  createAxisScale,
  lineUnderPointer,
  objectiveGoodness,
  type Brush,
  type Brushes,
} from "@/lib/client/transforms/parallel";
import { moveKey } from "@/lib/client/transforms/axes";
import { formatNumber } from "@/lib/client/transforms/ticks";
import { ChartEmpty, ChartFrame } from "./chart-frame";
import { ColorLegend } from "./color-legend";
import { PcAxis } from "./pc-axis";
import { prepareCanvas } from "./canvas";
import { drawFaintLines, drawSelectedLines } from "./pc-draw";
import { ParamList, TooltipBox } from "./tooltip-box";
import { useElementWidth } from "./use-element-width";
import { own as ownKey, setOwn as setOwnKey } from "@/lib/shared/own";

export interface ParallelCoordinatesProps {
  /** The complete trials and the pruned ones (drawn dashed at their last reported value). */
  trials: ReadonlyArray<TrialDto>;
  /** Left to right; see axesFromSpace / axesFromTrials in lib/client/transforms/axes. */
  axes: ReadonlyArray<ParamAxis>;
  direction: Direction;
  /** Controlled brushes by axis key; uncontrolled (internal state) when omitted. */
  brushes?: Brushes;
  onBrushChange?: (brushes: Brushes) => void;
  /** The axes' keys in a new order, after the user dragged a label (or moved it with the arrow keys). */
  onAxisOrderChange?: (keys: string[]) => void;
  title?: string;
  height?: number;
}

const MARGIN = { top: 48, bottom: 14, left: 64, right: 52 };

export function ParallelCoordinates({ trials, axes, direction, brushes: controlled, onBrushChange, onAxisOrderChange, title = "Parallel coordinates", height = 380 }: ParallelCoordinatesProps) {
  const [own, setOwn] = useState<Brushes>({});
  const [hover, setHover] = useState<{ index: number; x: number; y: number } | null>(null);
  const [dragging, setDragging] = useState<{ key: string; dx: number } | null>(null);
  const hoverFrame = useRef(0);
  const brushes = controlled ?? own;
  const [wrapRef, width] = useElementWidth<HTMLDivElement>();
  const bgRef = useRef<HTMLCanvasElement>(null);
  const fgRef = useRef<HTMLCanvasElement>(null);

  const scales = useMemo(() => axes.map((a) => createAxisScale(a, trials)), [axes, trials]);
  const positions = useMemo(() => axisPositions(trials, scales), [trials, scales]);
  const objectiveScale = scales.find((s) => s.axis.source === "objective");
  const goodness = useMemo(() => objectiveGoodness(trials, direction, objectiveScale), [trials, direction, objectiveScale]);
  const mask = useMemo(() => brushMask(trials, axes, brushes), [trials, axes, brushes]);
  const selected = useMemo(() => mask.reduce((a, b) => a + b, 0), [mask]);
  const pruned = useMemo(() => Uint8Array.from(trials, (t) => (t.state === "pruned" ? 1 : 0)), [trials]);
  const prunedCount = useMemo(() => pruned.reduce((a, b) => a + b, 0), [pruned]);

  // Legend ends: the objective axis's range when there is one (colour follows it), else the data's.
  const values = useMemo(() => trials.map((t) => t.value), [trials]);
  const ends = objectiveScale ? [objectiveScale.invert(objectiveScale.dataStart), objectiveScale.invert(1)] : values;
  const best = bestValue(ends, direction);
  const worst = bestValue(ends, direction === "minimize" ? "maximize" : "minimize");
  const highlight = useMemo(() => {
    let idx = -1;
    for (let i = 0; i < trials.length; i++) {
      const g = goodness[i] as number;
      if (mask[i] === 1 && pruned[i] !== 1 && !Number.isNaN(g) && (idx < 0 || g > (goodness[idx] as number))) idx = i;
    }
    return idx;
  }, [trials, goodness, mask, pruned]);

  const plotW = Math.max(0, width - MARGIN.left - MARGIN.right);
  const step = axes.length > 1 ? plotW / (axes.length - 1) : 0;
  const xs = useMemo(
    () => axes.map((_, j) => MARGIN.left + (axes.length > 1 ? (j * plotW) / (axes.length - 1) : plotW / 2)),
    [axes, plotW],
  );
  const y0 = height - MARGIN.bottom;
  const y1 = MARGIN.top;

  const brushCount = axes.filter((a) => ownKey(brushes, a.key) !== undefined).length;
  const anyBrush = brushCount > 0;

  // Two layers: the grey "filtered out" lines change only with data and size, the selection on every brush move.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const ctx = prepareCanvas(bgRef.current, width, height);
      if (ctx && anyBrush) drawFaintLines(ctx, { positions, axes: scales.length, xs, y0, y1, width, height }, trials.length);
    });
    return () => cancelAnimationFrame(frame);
  }, [anyBrush, positions, scales.length, xs, y0, y1, width, height, trials.length]);

  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const ctx = prepareCanvas(fgRef.current, width, height);
      if (ctx) drawSelectedLines(ctx, { positions, axes: scales.length, xs, y0, y1, mask, goodness, pruned, highlight, width, height });
    });
    return () => cancelAnimationFrame(frame);
  }, [positions, scales.length, xs, y0, y1, mask, goodness, pruned, highlight, width, height]);

  // The line under the pointer, found once per frame: a vertical distance test over the selected trials between
  // the two axes around the pointer.
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging || e.buttons !== 0) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    cancelAnimationFrame(hoverFrame.current);
    hoverFrame.current = requestAnimationFrame(() => {
      const index = py < y1 - 8 || py > y0 + 8 ? -1 : lineUnderPointer({ positions, axes: scales.length, xs, y0, y1, mask }, px, py);
      setHover(index < 0 ? null : { index, x: px, y: py });
    });
  };
  const onPointerLeave = () => {
    cancelAnimationFrame(hoverFrame.current);
    setHover(null);
  };
  useEffect(() => () => cancelAnimationFrame(hoverFrame.current), []);
  // A hovered trial that the data or a brush took away is no longer shown.
  const hovered = hover && hover.index < trials.length && mask[hover.index] === 1 ? hover : null;
  const hoveredTrial = hovered ? trials[hovered.index] : undefined;

  const keys = axes.map((a) => a.key);
  const onDragLabel = (key: string, dx: number, done: boolean) => {
    if (!done) {
      setHover(null);
      setDragging({ key, dx });
      return;
    }
    setDragging(null);
    const from = keys.indexOf(key);
    if (from < 0 || Math.abs(dx) < 4) return;
    const target = (xs[from] as number) + dx;
    let to = 0;
    for (let k = 1; k < xs.length; k++) if (Math.abs((xs[k] as number) - target) < Math.abs((xs[to] as number) - target)) to = k;
    if (to !== from) onAxisOrderChange?.(moveKey(keys, from, to));
  };
  const onShift = (key: string, by: -1 | 1) => {
    const from = keys.indexOf(key);
    const to = from + by;
    if (from < 0 || to < 0 || to >= keys.length) return;
    onAxisOrderChange?.(moveKey(keys, from, to));
  };

  const setBrush = (key: string, brush: Brush | null) => {
    const next: Record<string, Brush> = { ...brushes };
    if (brush) setOwnKey(next, key, brush);
    else delete next[key];
    if (!controlled) setOwn(next);
    onBrushChange?.(next);
  };
  const clearAll = () => {
    if (!controlled) setOwn({});
    onBrushChange?.({});
  };

  const toolbar = brushCount > 0 && (
    <button type="button" onClick={clearAll} className="rounded-md px-2 py-1 text-xs font-medium text-indigo-600 hover:bg-indigo-50">
      Clear {brushCount === 1 ? "brush" : `${brushCount} brushes`}
    </button>
  );
  const subtitle = trials.length > 0 && (
    <span className="tabular-nums" data-testid="pc-selected" data-pruned={prunedCount}>
      {selected === trials.length ? `${trials.length} trial${trials.length === 1 ? "" : "s"}` : `${selected} of ${trials.length} selected`}
      {prunedCount > 0 && <span className="text-violet-500"> ({prunedCount} pruned, dashed)</span>} · drag along an axis to filter, click it to clear
      {onAxisOrderChange && axes.length > 2 ? ", drag a label to move its axis" : ""}
    </span>
  );

  return (
    <ChartFrame testId="parallel-coordinates" title={title} subtitle={subtitle} toolbar={toolbar}
      footer={trials.length > 0 && best !== null && worst !== null && (
        <ColorLegend label="objective" low={formatNumber(worst)} high={formatNumber(best)} lowHint="worse" highHint="better" />
      )}
    >
      {trials.length === 0 || axes.length === 0 ? (
        <ChartEmpty message={axes.length === 0 ? "No parameters to plot" : "No finished trials yet"} height={height} />
      ) : (
        <div ref={wrapRef} className="relative w-full" style={{ height }} onPointerMove={onPointerMove} onPointerLeave={onPointerLeave} data-testid="pc-plot">
          <canvas ref={bgRef} className="absolute inset-0" style={{ width: "100%", height }} aria-hidden />
          <canvas ref={fgRef} className="absolute inset-0" style={{ width: "100%", height }} aria-hidden />
          {width > 0 && (
            <svg className="absolute inset-0 overflow-visible" width={width} height={height} role="img" aria-label="Parallel coordinates of trials">
              {hovered && (
                <polyline
                  data-testid="pc-hover-line"
                  data-trial={hoveredTrial?.number}
                  points={hoverPoints(positions, scales.length, hovered.index, xs, y0, y1)}
                  fill="none"
                  className="stroke-slate-900 dark:stroke-slate-100"
                  strokeWidth={2.5}
                  strokeLinejoin="round"
                  pointerEvents="none"
                />
              )}
              {scales.map((scale, j) => (
                <PcAxis
                  key={scale.axis.key}
                  scale={scale}
                  x={(xs[j] as number) + (dragging?.key === scale.axis.key ? dragging.dx : 0)}
                  onDragLabel={onAxisOrderChange && axes.length > 1 ? onDragLabel : undefined}
                  onShift={onAxisOrderChange && axes.length > 1 ? onShift : undefined}
                  y0={y0}
                  y1={y1}
                  brush={ownKey(brushes, scale.axis.key)}
                  onBrush={setBrush}
                  labelWidth={Math.max((axes.length > 1 ? step : plotW) - 8, 40)}
                  caption={scale.axis.source === "objective" ? (direction === "minimize" ? "↓ lower is better" : "↑ higher is better") : undefined}
                  emphasis={scale.axis.source === "objective"}
                />
              ))}
            </svg>
          )}
          {hovered && hoveredTrial && (
            <div
              className="pointer-events-none absolute z-10"
              style={{ top: Math.min(hovered.y + 12, height - 40), ...(hovered.x > width / 2 ? { right: width - hovered.x + 12 } : { left: hovered.x + 12 }) }}
              data-testid="pc-tooltip"
            >
              <TooltipBox>
                <div className="font-semibold text-slate-900">
                  Trial #{hoveredTrial.number}
                  {hoveredTrial.state === "pruned" && <span className="ml-1 font-normal text-violet-500">pruned{hoveredTrial.lastStep !== null ? ` at step ${hoveredTrial.lastStep}` : ""} · last reported value</span>}
                </div>
                {(hoveredTrial.value ?? hoveredTrial.lastValue) !== null && (
                  <div className="mt-0.5 text-slate-600">
                    {objectiveScale?.axis.label ?? "objective"} <span className="font-mono font-semibold text-slate-900">{formatNumber((hoveredTrial.value ?? hoveredTrial.lastValue) as number)}</span>
                  </div>
                )}
                <ParamList params={hoveredTrial.params} limit={10} />
              </TooltipBox>
            </div>
          )}
        </div>
      )}
    </ChartFrame>
  );
}

/** The SVG points of one trial's line (its drawable stretches joined: a hover outline, not a chart). */
function hoverPoints(positions: Float32Array, axes: number, i: number, xs: ReadonlyArray<number>, y0: number, y1: number): string {
  const out: string[] = [];
  for (let j = 0; j < axes; j++) {
    const p = positions[i * axes + j] as number;
    if (!Number.isNaN(p)) out.push(`${xs[j]},${y0 + (y1 - y0) * p}`);
  }
  return out.join(" ");
}
