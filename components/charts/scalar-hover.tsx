"use client";

import type { MouseEvent } from "react";
import { usePlotArea, useXAxisInverseScale, useXAxisScale, useYAxisScale } from "recharts";
import { hoveredPoints, type PreparedSeries } from "@/lib/client/transforms/scalar";
import { useHover, type HoverStore } from "./hover-store";

export interface ScalarHover {
  /** Data x under the pointer. */
  x: number;
  /** Pointer position relative to the chart. */
  px: number;
  py: number;
  /** Chart width, so the tooltip can flip sides. */
  width: number;
}

/** Transparent pointer target over the plot area, plus the cursor line and a dot on every hovered curve. */
export function ScalarHoverLayer({ series, store, slack, log }: { series: ReadonlyArray<PreparedSeries>; store: HoverStore<ScalarHover>; slack: number; log: boolean }) {
  const area = usePlotArea();
  const invert = useXAxisInverseScale();
  const sx = useXAxisScale();
  const sy = useYAxisScale();
  const hover = useHover(store);
  if (!area || !invert || !sx || !sy) return null;

  const onMove = (e: MouseEvent<SVGRectElement>) => {
    const svg = e.currentTarget.ownerSVGElement;
    if (!svg) return;
    const box = svg.getBoundingClientRect();
    const px = e.clientX - box.left;
    const x = Number(invert(px));
    if (Number.isFinite(x)) store.set({ x, px, py: e.clientY - box.top, width: box.width });
  };

  const cursorX = hover ? sx(hover.x) : undefined;
  return (
    <g className="scalar-hover">
      {hover && cursorX !== undefined && (
        <g pointerEvents="none">
          <line x1={cursorX} x2={cursorX} y1={area.y} y2={area.y + area.height} stroke="#94a3b8" strokeDasharray="3 3" />
          {hoveredPoints(series, hover.x, slack).map(({ s, i }) => {
            const v = s.smoothed[i] as number;
            const cx = sx(s.xs[i] as number);
            const cy = Number.isFinite(v) && (!log || v > 0) ? sy(v) : undefined;
            return cx === undefined || cy === undefined ? null : <circle key={s.trialNumber} cx={cx} cy={cy} r={3} fill={s.color} stroke="white" strokeWidth={1.5} />;
          })}
        </g>
      )}
      <rect
        x={area.x}
        y={area.y}
        width={area.width}
        height={area.height}
        fill="transparent"
        onMouseMove={onMove}
        onMouseLeave={() => store.set(null)}
      />
    </g>
  );
}
