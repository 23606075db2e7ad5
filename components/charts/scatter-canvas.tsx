"use client";

import { useEffect, useRef, useState, type PointerEvent, type ReactNode } from "react";
import { ScatterChart } from "recharts";
import { buildPointIndex, projector, type PointIndex } from "@/lib/client/transforms/scatter-index";
import { prepareCanvas } from "./canvas";
import { OBJECTIVE_AXIS_WIDTH, X_AXIS_HEIGHT } from "./objective-axis";

export type MarkerShape = "circle" | "triangle" | "cross";

export interface ScatterLayer<P extends { x: number; y: number }> {
  points: ReadonlyArray<P>;
  /** The layer's colour: it is drawn as one path (a canvas fill per marker would cost more than the markers). */
  color: string;
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
  /**
   * The chart's chrome (grid, axes, bands): Recharts children, drawn under the markers. Its y axis must be
   * OBJECTIVE_AXIS_WIDTH wide (objectiveYAxisProps) and its x axis X_AXIS_HEIGHT high (Recharts' default).
   */
  children: ReactNode;
  testId: string;
}

interface Geometry {
  xs: Float32Array;
  ys: Float32Array;
  /** Where each layer's markers start in xs/ys. */
  from: Int32Array;
  width: number;
  height: number;
  layers: ReadonlyArray<unknown>;
}

const HIT_RADIUS = 8;

/**
 * A scatter chart whose markers are drawn on a canvas laid over the plot area of a Recharts chart, which
 * draws only the axes, grid and bands. Recharts renders each scatter symbol as React elements and SVG nodes:
 * a few thousand of them took seconds to draw and to redraw on every brush. A canvas draws 100,000 in a frame.
 *
 * The canvas is placed by CSS from the margin and the axes' fixed sizes, and measured when it draws, so the
 * markers come with the chart's first render (no second render to learn the plot area). The tooltip comes
 * from a grid index over the drawn positions.
 */
export function ScatterCanvasChart<P extends { x: number; y: number }>({ layers, x, y, line, tooltip, height, margin, children, testId }: ScatterCanvasChartProps<P>) {
  const [hover, setHover] = useState<{ layers: ReadonlyArray<unknown>; layer: number; index: number; px: number; py: number; width: number } | null>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const geometry = useRef<Geometry | null>(null);
  const index = useRef<PointIndex | null>(null);
  const hoverFrame = useRef(0);
  const inset = { left: margin.left + OBJECTIVE_AXIS_WIDTH, top: margin.top, right: margin.right, bottom: margin.bottom + X_AXIS_HEIGHT };
  const [x0, x1] = x.domain;
  const [y0, y1] = y.domain;
  const logX = x.log ?? false;
  const logY = y.log ?? false;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return undefined;
    let frame = 0;
    const draw = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const box = canvas.getBoundingClientRect();
        const g = project(layers, box.width, box.height, [x0, x1], logX, [y0, y1], logY);
        geometry.current = g;
        index.current = null;
        const ctx = prepareCanvas(canvas, box.width, box.height);
        if (!ctx) return;
        drawMarkers(ctx, layers, g);
        if (line && line.points.length > 1) {
          const fx = projector([x0, x1], logX, box.width);
          const fy = projector([y0, y1], logY, box.height, true);
          drawLine(ctx, line.points.map((p) => [fx(p.x), fy(p.y)] as const), line.color, line.step ?? false);
        }
        canvas.setAttribute("data-points", String(g.xs.length));
      });
    };
    draw();
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(draw);
    observer?.observe(canvas);
    return () => {
      cancelAnimationFrame(frame);
      observer?.disconnect();
    };
  }, [layers, line, x0, x1, logX, y0, y1, logY]);
  useEffect(() => () => cancelAnimationFrame(hoverFrame.current), []);

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    cancelAnimationFrame(hoverFrame.current);
    hoverFrame.current = requestAnimationFrame(() => {
      const g = geometry.current;
      if (!g) return;
      index.current ??= buildPointIndex(g.xs, g.ys, g.width, g.height);
      const k = index.current.nearest(px, py, HIT_RADIUS);
      if (k < 0) return setHover(null);
      let layer = 0;
      while (layer < g.layers.length - 1 && k >= (g.from[layer + 1] as number)) layer++;
      setHover({ layers: g.layers, layer, index: k - (g.from[layer] as number), px: g.xs[k] as number, py: g.ys[k] as number, width: g.width });
    });
  };
  const onPointerLeave = () => {
    cancelAnimationFrame(hoverFrame.current);
    setHover(null);
  };
  // A hover over data that has since changed is not shown (its index may name another point now).
  const shown = hover && hover.layers === layers ? hover : null;
  const hoveredPoint = shown ? layers[shown.layer]?.points[shown.index] : undefined;

  return (
    <div className="relative" style={{ height }} data-testid={testId}>
      <ScatterChart responsive width="100%" height={height} margin={margin}>
        {children}
      </ScatterChart>
      <canvas
        ref={canvasRef}
        className="absolute"
        // A canvas is a replaced element: left and right alone would not stretch it, so its size is given.
        style={{ left: inset.left, top: inset.top, width: `calc(100% - ${inset.left + inset.right}px)`, height: height - inset.top - inset.bottom }}
        onPointerMove={onPointerMove} onPointerLeave={onPointerLeave} aria-hidden />
      {shown && hoveredPoint && (
        <>
          <span
            className="pointer-events-none absolute size-3 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-slate-900 dark:border-slate-100"
            style={{ left: inset.left + shown.px, top: inset.top + shown.py }}
            data-testid={`${testId}-hover`}
          />
          <div
            className="pointer-events-none absolute z-10"
            style={{
              top: Math.min(inset.top + shown.py + 12, height - 40),
              ...(shown.px > shown.width / 2 ? { right: inset.right + shown.width - shown.px + 12 } : { left: inset.left + shown.px + 12 }),
            }}
            data-testid={`${testId}-tooltip`}
          >
            {tooltip(hoveredPoint)}
          </div>
        </>
      )}
    </div>
  );
}

/** Every marker's pixel position on a plot of the given size, in draw order. */
function project<P extends { x: number; y: number }>(layers: ReadonlyArray<ScatterLayer<P>>, width: number, height: number, xd: readonly [number, number], logX: boolean, yd: readonly [number, number], logY: boolean): Geometry {
  const fx = projector(xd, logX, width);
  const fy = projector(yd, logY, height, true);
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
  return { xs, ys, from, width, height, layers };
}

function drawMarkers<P extends { x: number; y: number }>(ctx: CanvasRenderingContext2D, layers: ReadonlyArray<ScatterLayer<P>>, g: Geometry) {
  layers.forEach((layer, li) => {
    const shape = layer.shape ?? "circle";
    ctx.globalAlpha = layer.alpha ?? 1;
    ctx.beginPath();
    for (let k = g.from[li] as number; k < (g.from[li + 1] as number); k++) addMarker(ctx, shape, g.xs[k] as number, g.ys[k] as number);
    if (shape === "cross") {
      ctx.strokeStyle = layer.color;
      ctx.lineWidth = 2;
      ctx.stroke();
    } else {
      ctx.fillStyle = layer.color;
      ctx.fill();
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
