"use client";

import { useRef, type KeyboardEvent, type PointerEvent } from "react";
import { brushFromSpan, brushSpan, keyboardBrush, type AxisScale, type Brush } from "@/lib/client/transforms/parallel";
import { CHART } from "@/lib/client/transforms/color";

export interface PcAxisProps {
  scale: AxisScale;
  x: number;
  /** Pixel y of position 0 (bottom) and 1 (top). */
  y0: number;
  y1: number;
  brush: Brush | undefined;
  /** New brush for this axis, or null to clear it. */
  onBrush: (key: string, brush: Brush | null) => void;
  /** Room for the label, in pixels. */
  labelWidth: number;
  /** Small line above the label (objective direction, or a conditional parameter's branch). */
  caption?: string;
  emphasis?: boolean;
  /**
   * Reordering by the label: called while it is dragged sideways with the distance so far, and once more with
   * `done` when it is dropped; `onShift` moves it one place left (-1) or right (+1) from the keyboard.
   */
  onDragLabel?: (key: string, dx: number, done: boolean) => void;
  onShift?: (key: string, by: -1 | 1) => void;
}

function clip(text: string, width: number, charPx: number): string {
  const max = Math.max(3, Math.floor(width / charPx));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** One vertical axis: ticks, label, brush rect and the drag target that sets the brush. */
export function PcAxis({ scale, x, y0, y1, brush, onBrush, labelWidth, caption, emphasis, onDragLabel, onShift }: PcAxisProps) {
  const drag = useRef<{ start: number; moved: boolean } | null>(null);
  const labelDrag = useRef<{ startX: number; pointerId: number } | null>(null);
  const { axis } = scale;
  const yOf = (p: number) => y0 + (y1 - y0) * p;

  const posOf = (e: PointerEvent<SVGRectElement>) => {
    const top = e.currentTarget.ownerSVGElement?.getBoundingClientRect().top ?? 0;
    return Math.min(1, Math.max(0, (y0 - (e.clientY - top)) / (y0 - y1)));
  };
  const onPointerDown = (e: PointerEvent<SVGRectElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { start: posOf(e), moved: false };
  };
  const onPointerMove = (e: PointerEvent<SVGRectElement>) => {
    const d = drag.current;
    if (!d) return;
    const p = posOf(e);
    if (!d.moved && Math.abs(p - d.start) * (y0 - y1) < 3) return;
    d.moved = true;
    onBrush(axis.key, brushFromSpan(scale, d.start, p));
  };
  const onPointerUp = (e: PointerEvent<SVGRectElement>) => {
    const d = drag.current;
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    if (d && !d.moved) onBrush(axis.key, null);
  };

  const onKeyDown = (e: KeyboardEvent<SVGRectElement>) => {
    const next = keyboardBrush(scale, brush, e.key, e.shiftKey);
    if (next === undefined) return;
    e.preventDefault();
    onBrush(axis.key, next);
  };

  const onLabelDown = (e: PointerEvent<SVGRectElement>) => {
    if (e.button !== 0 || !onDragLabel) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    labelDrag.current = { startX: e.clientX, pointerId: e.pointerId };
  };
  const onLabelMove = (e: PointerEvent<SVGRectElement>) => {
    const d = labelDrag.current;
    if (d && d.pointerId === e.pointerId) onDragLabel?.(axis.key, e.clientX - d.startX, false);
  };
  const onLabelUp = (e: PointerEvent<SVGRectElement>) => {
    const d = labelDrag.current;
    labelDrag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
    if (d) onDragLabel?.(axis.key, e.type === "pointercancel" ? 0 : e.clientX - d.startX, true);
  };
  const onLabelKey = (e: KeyboardEvent<SVGRectElement>) => {
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    e.preventDefault();
    onShift?.(axis.key, e.key === "ArrowLeft" ? -1 : 1);
  };

  const span = brush ? brushSpan(scale, brush) : null;
  const dot = axis.label.lastIndexOf(".");
  const prefix = caption ?? (dot > 0 ? axis.label.slice(0, dot + 1) : undefined);
  const name = caption === undefined && dot > 0 ? axis.label.slice(dot + 1) : axis.label;

  return (
    <g data-testid={`pc-axis-${axis.key}`} className="select-none">
      <title>{axis.label}</title>
      {prefix && (
        <text x={x} y={y1 - 30} textAnchor="middle" fontSize={9.5} fill={CHART.tick}>
          {clip(prefix, labelWidth, 5.5)}
        </text>
      )}
      <text data-testid={`pc-axis-name-${axis.key}`} x={x} y={y1 - 16} textAnchor="middle" fontSize={11.5} fontWeight={600} fill={emphasis ? CHART.good : CHART.label}>
        {clip(name, labelWidth, 6.8)}
      </text>
      {onDragLabel && (
        <rect
          x={x - labelWidth / 2}
          width={labelWidth}
          y={y1 - 42}
          height={32}
          fill="transparent"
          className="cursor-grab outline-none focus-visible:stroke-indigo-500 active:cursor-grabbing"
          strokeWidth={1.5}
          style={{ touchAction: "none" }}
          tabIndex={0}
          role="button"
          aria-label={`Move the ${axis.label} axis: drag it sideways, or Left and Right arrows`}
          data-testid={`pc-axis-label-${axis.key}`}
          onPointerDown={onLabelDown}
          onPointerMove={onLabelMove}
          onPointerUp={onLabelUp}
          onPointerCancel={onLabelUp}
          onKeyDown={onLabelKey}
        />
      )}
      <line x1={x} x2={x} y1={y1} y2={y0} stroke={CHART.axis} strokeWidth={1} />
      {scale.ticks.map((t) => {
        const y = yOf(t.pos);
        const absent = t.pos < scale.dataStart;
        return (
          <g key={`${t.pos}-${t.label}`}>
            <line x1={x - 4} x2={x} y1={y} y2={y} stroke={CHART.axis} />
            <text
              x={x - 7}
              y={y}
              dy="0.32em"
              textAnchor="end"
              fontSize={10}
              fontStyle={absent ? "italic" : undefined}
              fill={absent ? CHART.axis : CHART.tick}
              stroke="white"
              strokeWidth={3}
              strokeLinejoin="round"
              paintOrder="stroke"
              className="tabular-nums"
            >
              {clip(t.label, Math.max(labelWidth / 2 - 8, 30), 6)}
            </text>
          </g>
        );
      })}
      {scale.dataStart > 0 && (
        <line x1={x - 6} x2={x + 6} y1={yOf(scale.dataStart)} y2={yOf(scale.dataStart)} stroke={CHART.faint} strokeDasharray="2 2" />
      )}
      {span && (
        <rect
          data-testid={`pc-brush-${axis.key}`}
          x={x - 8}
          width={16}
          y={yOf(span[1])}
          height={Math.max(2, yOf(span[0]) - yOf(span[1]))}
          rx={3}
          fill="rgb(99 102 241 / 0.16)"
          stroke="rgb(79 70 229)"
          strokeWidth={1.25}
          pointerEvents="none"
        />
      )}
      <rect
        x={x - 14}
        width={28}
        y={y1 - 6}
        height={y0 - y1 + 12}
        fill="transparent"
        className="cursor-ns-resize outline-none focus-visible:stroke-indigo-500"
        strokeWidth={1.5}
        style={{ touchAction: "none" }}
        tabIndex={0}
        role="slider"
        aria-label={`Filter by ${axis.label}: arrow keys move the range, Shift+arrows widen or narrow it, Escape clears it`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={span ? Math.round(((span[0] + span[1]) / 2) * 100) : 50}
        aria-valuetext={span ? `filtering ${axis.label}` : `no filter on ${axis.label}`}
        data-testid={`pc-axis-handle-${axis.key}`}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      />
    </g>
  );
}
