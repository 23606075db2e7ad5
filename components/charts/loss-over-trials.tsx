"use client";

import { useMemo, useState, type ReactNode } from "react";
import { formatNumber as formatValue, localZone } from "@/lib/shared/format";
import { CartesianGrid, ReferenceArea, XAxis, YAxis } from "recharts";
import type { Direction } from "@/lib/optimizer";
import type { TrialDto } from "@/lib/schemas/trial";
import { CHART } from "@/lib/client/transforms/color";
import { lossLayout, lossSeries, type LossPoint, type LossXMode } from "@/lib/client/transforms/loss";
import { formatClock, niceTicks, timeTicks } from "@/lib/client/transforms/ticks";
import { numericExtent } from "@/lib/client/transforms/axes";
import { objectiveYAxisProps, X_AXIS_HEIGHT } from "./objective-axis";
import { ChartEmpty, ChartFrame } from "./chart-frame";
import { Segmented, Toggle } from "./controls";
import { LossTooltip } from "./loss-tooltip";
import { ScatterCanvasChart, type ScatterLayer } from "./scatter-canvas";

export interface LossOverTrialsProps {
  /** All trials; complete ones are plotted, pruned ones when prunedValues has them, failed ones as markers. */
  trials: ReadonlyArray<TrialDto>;
  direction: Direction;
  /** Last intermediate value by trial number, for pruned trials. */
  prunedValues?: Readonly<Record<number, number>>;
  objectiveLabel?: string;
  /** Controlled view settings (the page keeps them in the URL); internal state when omitted. */
  xMode?: LossXMode;
  onXModeChange?: (mode: LossXMode) => void;
  logY?: boolean;
  onLogYChange?: (on: boolean) => void;
  title?: string;
  height?: number;
}

const X_MODES = [
  { value: "number", label: "Trial #" },
  { value: "time", label: "Time" },
] as const;
const AXIS_TICK = { fontSize: CHART.fontSize, fill: CHART.tick };
const MARGIN = { top: 8, right: 12, bottom: 16, left: 4 };

function xAxisLayout([lo, hi]: [number, number], mode: LossXMode) {
  if (lo === hi) [lo, hi] = mode === "number" ? [lo - 0.5, hi + 0.5] : [lo - 60_000, hi + 60_000];
  const pad = (hi - lo) * 0.02;
  const domain: [number, number] = [lo - pad, hi + pad];
  const ticks = mode === "number" ? niceTicks(lo, hi, 8).filter(Number.isInteger) : timeTicks(lo, hi, 6);
  return { domain, ticks, format: (v: number) => (mode === "number" ? String(v) : formatClock(v, hi - lo)) };
}

export function LossOverTrials({ trials, direction, prunedValues, objectiveLabel = "objective", title = "Objective over trials", height = 320, ...controlled }: LossOverTrialsProps) {
  const [ownXMode, setOwnXMode] = useState<LossXMode>("number");
  const [ownLogY, setOwnLogY] = useState(false);
  const xMode = controlled.xMode ?? ownXMode;
  const logY = controlled.logY ?? ownLogY;
  const setXMode = (mode: LossXMode) => (controlled.onXModeChange ?? setOwnXMode)(mode);
  const setLogY = (on: boolean) => (controlled.onLogYChange ?? setOwnLogY)(on);
  const series = useMemo(() => lossSeries(trials, direction, xMode, prunedValues), [trials, direction, xMode, prunedValues]);
  const { complete, pruned, failed, best } = series;
  const values = useMemo(() => [...complete, ...pruned].map((p) => p.y), [complete, pruned]);
  const logIssue = values.length > 0 && values.every((v) => v > 0) ? null : "Log scale needs every value > 0";
  const useLog = logY && !logIssue;
  const layout = useMemo(() => lossLayout(values, direction, useLog, failed.length > 0), [values, direction, useLog, failed.length]);
  const failedPoints = useMemo(() => failed.map((p) => ({ ...p, y: layout.bandY })), [failed, layout.bandY]);
  const xRange = useMemo(() => numericExtent([complete, pruned, failed].flatMap((s) => [s[0]?.x, s.at(-1)?.x])), [complete, pruned, failed]);
  const x = xRange ? xAxisLayout(xRange, xMode) : null;
  const bestNow = best.at(-1)?.best ?? null;
  const layers = useMemo<ScatterLayer<LossPoint>[]>(
    () => [
      { points: complete, color: "#6366f1", alpha: 0.75 },
      { points: pruned, color: CHART.pruned, alpha: 0.8, shape: "triangle" },
      { points: failedPoints, color: CHART.failed, shape: "cross" },
    ],
    [complete, pruned, failedPoints],
  );
  const bestLine = useMemo(
    () => (best.length > 1 ? { points: best.flatMap((p) => (typeof p.best === "number" && Number.isFinite(p.best) ? [{ x: p.x, y: p.best }] : [])), color: CHART.best, step: true } : null),
    [best],
  );

  const toolbar = (
    <>
      <Segmented label="x axis" value={xMode} options={X_MODES} onChange={setXMode} testId="loss-x-mode" />
      <Toggle label="Log y" checked={useLog} onChange={setLogY} disabledReason={logIssue} testId="loss-log-y" />
    </>
  );
  const footer = (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 tabular-nums">
      <LegendItem swatch={<span className="size-2 rounded-full bg-indigo-500" />} label={`complete (${complete.length})`} />
      {pruned.length > 0 && <LegendItem swatch={<span className="text-[10px] leading-none text-violet-400">▲</span>} label={`pruned (${pruned.length})`} />}
      {failed.length > 0 && <LegendItem swatch={<span className="text-sm font-bold leading-none text-rose-500">+</span>} label={`failed (${failed.length})`} />}
      <LegendItem swatch={<span className="h-0.5 w-4 bg-cyan-600" />} label={`best so far${bestNow === null ? "" : ` · ${formatValue(bestNow)}`}`} />
      {logY && logIssue && <span className="text-amber-600">{logIssue}; showing linear.</span>}
    </div>
  );

  return (
    <ChartFrame testId="loss-over-trials" title={title} subtitle={`${objectiveLabel} · ${direction === "minimize" ? "lower" : "higher"} is better`} toolbar={toolbar} footer={x && footer}>
      {!x ? (
        <ChartEmpty message="No finished trials yet" height={height} />
      ) : (
        <ScatterCanvasChart
          testId="loss-plot"
          height={height}
          margin={MARGIN}
          layers={layers}
          x={{ domain: x.domain }}
          y={{ domain: layout.domain, log: useLog }}
          line={bestLine}
          tooltip={(point) => <LossTooltip point={point} xMode={xMode} objectiveLabel={objectiveLabel} />}
        >
          <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" />
          <XAxis
            type="number"
            height={X_AXIS_HEIGHT}
            dataKey="x"
            domain={x.domain}
            ticks={x.ticks}
            tickFormatter={x.format}
            allowDataOverflow
            tick={AXIS_TICK}
            stroke={CHART.axis}
            label={{ value: xMode === "number" ? "trial" : `completed at (${localZone()})`, position: "insideBottom", offset: -10, fontSize: CHART.fontSize, fill: CHART.tick }}
          />
          <YAxis {...objectiveYAxisProps({ log: useLog, domain: layout.domain, ticks: layout.ticks, label: objectiveLabel })} />
          {failed.length > 0 && (
            <ReferenceArea
              y1={layout.band[0]}
              y2={layout.band[1]}
              fill="#fff1f2"
              fillOpacity={1}
              stroke="none"
              ifOverflow="hidden"
              label={{ value: "failed", position: "insideRight", fontSize: 10, fill: CHART.failed }}
            />
          )}
        </ScatterCanvasChart>
      )}
    </ChartFrame>
  );
}

function LegendItem({ swatch, label }: { swatch: ReactNode; label: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className="inline-flex w-4 items-center justify-center">{swatch}</span>
      {label}
    </span>
  );
}
