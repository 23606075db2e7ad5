"use client";

import { useEffect, useMemo, useRef, useState, type PointerEvent, type ReactNode } from "react";
import { ScatterChart, usePlotArea } from "recharts";
import { buildPointIndex, projector, type PointIndex } from "@/lib/client/transforms/scatter-index";
import { prepareCanvas } from "./canvas";

export type MarkerShape = "circle" | "triangle" | "cross";

export interface ScatterLayer<P extends { x: number; y: number }> {
  points: ReadonlyArray<P>;
  /** One colour for the whole layer, or one per point (the layer is drawn as one path per distinct colour). */
  color: string | ((p: P) => string);
  /** Fill opacity, 0..1. */
  alpha?: number;
  shape?: MarkerShape;
}

export interface ScatterAxis {
  domain: readonly [number, number];
  log?: boolean;
}

export interface ScatterCanvasChartProps<P extends { x: number; y: number }> {
  /** Drawn in order: a later layer's markers lie over an earlier one's and win the hover. */
  layers: ReadonlyArray<ScatterLayer<P>>;
  x: ScatterAxis;
  y: ScatterAxis;
  /** A line drawn over the markers (the best so far), as steps when `step` is set. */
  line?: { points: ReadonlyArray<{ x: number; y: number }>; color: string; step?: boolean } | null;
  /** What the tooltip shows for the point under the pointer. */
  tooltip: (point: P) => ReactNode;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  /** The chart's chrome (grid, axes, bands): Recharts children, drawn under the markers. */
  children: ReactNode;
  testId: string;
}

interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

const HIT_RADIUS = 8;

/**
 * A scatter chart whose markers are drawn on a canvas laid over the plot area of a Recharts chart, which
 * draws only the axes, grid and bands. Recharts renders each scatter symbol as React elements and SVG nodes:
 * a few thousand of them took seconds to draw and to redraw on every brush. A canvas draws 100,000 in a frame.
 * The tooltip comes from a grid index over the drawn positions.
 */
export function ScatterCanvasChart<P extends { x: number; y: number }>({ layers, x, y, line, tooltip, height, margin, children, testId }: ScatterCanvasChartProps<P>) {
  const [area, setArea] = useState<Area | null>(null);
  const [hover, setHover] = useState<{ layer: number; index: number; px: number; py: number } | null>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const hoverFrame = useRef(0);

  const w = area?.width ?? 0;
  const h = area?.height ?? 0;
  // Every marker's pixel position, in draw order, with the layer and index it came from.
  const geometry = useMemo(() => {
    const fx = projector(x.domain, x.log ?? false, w);
    const fy = projector(y.domain, y.log ?? false, h, true);
    const total = layers.reduce((s, l) => s + l.points.length, 0);
    const xs = new Float32Array(total);
    const ys = new Float32Array(total);
    const from = new Int32Array(layers.length + 1);
    let k = 0;
    layers.forEach((layer, li) => {
      from[li] = k;
      for (const p of layer.points) {
        xs[k] = fx(p.x);
        ys[k] = fy(p.y);
        k++;
      }
    });
    from[layers.length] = k;
    const lineXY = line && line.points.length > 1 ? line.points.map((p) => [fx(p.x), fy(p.y)] as const) : null;
    return { xs, ys, from, lineXY };
  }, [layers, line, x.domain, x.log, y.domain, y.log, w, h]);

  const index = useRef<PointIndex | null>(null);
  useEffect(() => {
    index.current = null;
    const frame = requestAnimationFrame(() => {
      const ctx = prepareCanvas(canvasRef.current, w, h);
      if (!ctx) return;
      drawMarkers(ctx, layers, geometry);
      if (geometry.lineXY && line) drawLine(ctx, geometry.lineXY, line.color, line.step ?? false);
      canvasRef.current?.setAttribute("data-points", String(geometry.xs.length));
    });
    return () => cancelAnimationFrame(frame);
  }, [layers, geometry, line, w, h]);
  useEffect(() => () => cancelAnimationFrame(hoverFrame.current), []);

  const locate = (k: number) => {
    let li = 0;
    while (li < layers.length - 1 && k >= (geometry.from[li + 1] as number)) li++;
    return { layer: li, index: k - (geometry.from[li] as number) };
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    cancelAnimationFrame(hoverFrame.current);
    hoverFrame.current = requestAnimationFrame(() => {
      index.current ??= buildPointIndex(geometry.xs, geometry.ys, w, h);
      const k = index.current.nearest(px, py, HIT_RADIUS);
      setHover(k < 0 ? null : { ...locate(k), px: geometry.xs[k] as number, py: geometry.ys[k] as number });
    });
  };
  const onPointerLeave = () => {
    cancelAnimationFrame(hoverFrame.current);
    setHover(null);
  };
  // A hovered point the data took away is no longer shown.
  const hoveredPoint = hover ? layers[hover.layer]?.points[hover.index] : undefined;
  const shown = hover && hoveredPoint ? hover : null;

  return (
    <div className="relative" style={{ height }} data-testid={testId}>
      <ScatterChart responsive width="100%" height={height} margin={margin}>
        {children}
        <PlotAreaReporter onChange={setArea} />
      </ScatterChart>
      {area && (
        <canvas
          ref={canvasRef}
          className="absolute"
          style={{ left: area.x, top: area.y, width: area.width, height: area.height }}
          onPointerMove={onPointerMove}
          onPointerLeave={onPointerLeave}
          aria-hidden
        />
      )}
      {area && shown && hoveredPoint && (
        <>
          <span
            className="pointer-events-none absolute size-3 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-slate-900 dark:border-slate-100"
            style={{ left: area.x + shown.px, top: area.y + shown.py }}
            data-testid={`${testId}-hover`}
          />
          <div
            className="pointer-events-none absolute z-10"
            style={{ top: Math.min(area.y + shown.py + 12, height - 40), ...(shown.px > area.width / 2 ? { right: area.x + area.width - shown.px + 12 } : { left: area.x + shown.px + 12 }) }}
            data-testid={`${testId}-tooltip`}
          >
            {tooltip(hoveredPoint)}
          </div>
        </>
      )}
    </div>
  );
}

/** Tells the parent where Recharts put the plot area (it depends on the axes' widths and the chart's size). */
function PlotAreaReporter({ onChange }: { onChange: (area: Area) => void }) {
  const plot = usePlotArea();
  const px = plot?.x ?? 0;
  const py = plot?.y ?? 0;
  const pw = plot?.width ?? 0;
  const ph = plot?.height ?? 0;
  useEffect(() => {
    if (pw > 0 && ph > 0) onChange({ x: px, y: py, width: pw, height: ph });
  }, [px, py, pw, ph, onChange]);
  return null;
}

function drawMarkers<P extends { x: number; y: number }>(ctx: CanvasRenderingContext2D, layers: ReadonlyArray<ScatterLayer<P>>, g: { xs: Float32Array; ys: Float32Array; from: Int32Array }) {
  layers.forEach((layer, li) => {
    const start = g.from[li] as number;
    // One path per colour: a canvas fill per marker would cost more than the markers.
    const groups = new Map<string, number[]>();
    if (typeof layer.color === "string") groups.set(layer.color, Array.from({ length: layer.points.length }, (_, i) => start + i));
    else {
      const colorOf = layer.color;
      layer.points.forEach((p, i) => {
        const c = colorOf(p);
        const list = groups.get(c);
        if (list) list.push(start + i);
        else groups.set(c, [start + i]);
      });
    }
    ctx.globalAlpha = layer.alpha ?? 1;
    const shape = layer.shape ?? "circle";
    for (const [color, members] of groups) {
      ctx.beginPath();
      for (const k of members) addMarker(ctx, shape, g.xs[k] as number, g.ys[k] as number);
      if (shape === "cross") {
        ctx.strokeStyle = color;
        ctx.lineWidth = 2;
        ctx.stroke();
      } else {
        ctx.fillStyle = color;
        ctx.fill();
      }
    }
  });
  ctx.globalAlpha = 1;
}

// Sizes match what Recharts drew (symbols of 28-30 px² area).
function addMarker(ctx: CanvasRenderingContext2D, shape: MarkerShape, x: number, y: number) {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return;
  if (shape === "circle") {
    ctx.moveTo(x + 3, y);
    ctx.arc(x, y, 3, 0, 2 * Math.PI);
  } else if (shape === "triangle") {
    ctx.moveTo(x, y - 4.6);
    ctx.lineTo(x + 4, y + 2.3);
    ctx.lineTo(x - 4, y + 2.3);
    ctx.closePath();
  } else {
    ctx.moveTo(x - 3.5, y);
    ctx.lineTo(x + 3.5, y);
    ctx.moveTo(x, y - 3.5);
    ctx.lineTo(x, y + 3.5);
  }
}

function drawLine(ctx: CanvasRenderingContext2D, points: ReadonlyArray<readonly [number, number]>, color: string, step: boolean) {
  ctx.beginPath();
  points.forEach(([px, py], i) => {
    if (i === 0) ctx.moveTo(px, py);
    else {
      if (step) ctx.lineTo(px, (points[i - 1] as readonly [number, number])[1]);
      ctx.lineTo(px, py);
    }
  });
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.lineJoin = "miter";
  ctx.stroke();
}
