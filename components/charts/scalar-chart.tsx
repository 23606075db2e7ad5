"use client";

import { useMemo, type ReactNode } from "react";
import { CartesianGrid, LineChart, XAxis, YAxis } from "recharts";
import { CHART, slotColor } from "@/lib/client/transforms/color";
import { logScaleIssue, prepareSeries, scalarExtent, type ScalarSeries, type ScalarXMode } from "@/lib/client/transforms/scalar";
import { formatClock, formatDuration, formatNumber, niceTicks, timeTicks, valueAxis } from "@/lib/client/transforms/ticks";
import { localZone } from "@/lib/shared/format";
import { ChartEmpty, ChartFrame } from "./chart-frame";
import { createHoverStore } from "./hover-store";
import { ScalarLegend } from "./scalar-legend";
import { ScalarHoverLayer, type ScalarHover } from "./scalar-hover";
import { ScalarPaths } from "./scalar-paths";
import { ScalarTooltip } from "./scalar-tooltip";

export interface ScalarChartProps {
  /** One curve per trial; points as reported (downsampled by the server), any order. */
  series: ReadonlyArray<ScalarSeries>;
  /** TensorBoard smoothing weight in [0, 0.999]. */
  smoothing?: number;
  xAxis?: ScalarXMode;
  logY?: boolean;
  /** Usually the metric name. */
  title?: string;
  /** Numbers of pruned trials: their curves are dashed and end in a triangle. */
  pruned?: ReadonlySet<number>;
  /** The y axis' title, usually the metric; the x axis' says step, relative or wall time. */
  yLabel?: string;
  /** Shown in the header, e.g. <ScalarControls />. */
  toolbar?: ReactNode;
  height?: number;
}

const AXIS_TICK = { fontSize: CHART.fontSize, fill: CHART.tick };

function xLayout(lo: number, hi: number, mode: ScalarXMode) {
  if (lo === hi) {
    const pad = mode === "wall" ? 1000 : mode === "relative" ? 1 : Math.max(1, Math.abs(lo) * 0.05);
    [lo, hi] = [lo - pad, hi + pad];
  }
  if (mode === "step") return { domain: [lo, hi] as [number, number], ticks: niceTicks(lo, hi, 7), format: (v: number) => formatNumber(v) };
  if (mode === "relative") {
    return { domain: [lo, hi] as [number, number], ticks: timeTicks(lo * 1000, hi * 1000, 6, 0).map((t) => t / 1000), format: formatDuration };
  }
  return { domain: [lo, hi] as [number, number], ticks: timeTicks(lo, hi, 6), format: (v: number) => formatClock(v, hi - lo) };
}

const X_TITLES: Record<ScalarXMode, string> = { step: "step", relative: "relative time", wall: "wall time" };

/** TensorBoard-style scalar curves: smoothed lines over faint raw ones, with a hover readout of every curve. */
export function ScalarChart({ series, smoothing = 0.6, xAxis = "step", logY = false, pruned, title = "Scalars", yLabel = "value", toolbar, height = 300 }: ScalarChartProps) {
  const logIssue = useMemo(() => logScaleIssue(series), [series]);
  const log = logY && !logIssue;
  const prepared = useMemo(
    () => series.filter((s) => s.points.length > 0).map((s, i) => prepareSeries(s, smoothing, xAxis, s.color ?? slotColor(i))),
    [series, smoothing, xAxis],
  );
  const extent = useMemo(() => scalarExtent(prepared, log), [prepared, log]);
  const store = useMemo(() => createHoverStore<ScalarHover>(), []);
  const x = extent && xLayout(extent.x[0], extent.x[1], xAxis);
  const y = extent && valueAxis(extent.y[0], extent.y[1], log);
  const slack = x ? (x.domain[1] - x.domain[0]) * 0.02 : 0;
  const showRaw = smoothing > 0;

  const subtitle = prepared.length > 0 && (
    <span className="tabular-nums">
      {prepared.length} {prepared.length === 1 ? "trial" : "trials"} · smoothing {smoothing.toFixed(3).replace(/\.?0+$/, "") || "0"}
      {logY && logIssue && <span className="text-amber-600"> · {logIssue}; showing linear</span>}
    </span>
  );

  return (
    <ChartFrame testId="scalar-chart" title={title} subtitle={subtitle} toolbar={toolbar} footer={prepared.length > 0 && <ScalarLegend series={prepared} pruned={pruned} />}>
      {!x || !y ? (
        <ChartEmpty message="No metrics reported yet" height={height} />
      ) : (
        <div className="relative" onMouseLeave={() => store.set(null)}>
          <LineChart responsive width="100%" height={height} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
            <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="x"
              domain={x.domain}
              ticks={x.ticks}
              tickFormatter={x.format}
              allowDataOverflow
              tick={AXIS_TICK}
              stroke={CHART.axis}
              // Wall-clock ticks are the viewer's local time: the title says which zone.
              label={{ value: xAxis === "wall" ? `${X_TITLES.wall} (${localZone()})` : xAxis === "relative" ? `${X_TITLES.relative} (since the trial's first point)` : X_TITLES.step, position: "insideBottom", offset: -10, fontSize: CHART.fontSize, fill: CHART.tick }}
            />
            <YAxis
              type="number"
              scale={log ? "log" : "linear"}
              domain={y.domain}
              ticks={y.ticks}
              tickFormatter={(v: number) => formatNumber(v)}
              allowDataOverflow
              width={60}
              tick={AXIS_TICK}
              stroke={CHART.axis}
              label={{ value: yLabel, angle: -90, position: "insideLeft", offset: 0, fontSize: CHART.fontSize, fill: CHART.tick, style: { textAnchor: "middle" } }}
            />
            <ScalarPaths series={prepared} log={log} showRaw={showRaw} pruned={pruned} />
            <ScalarHoverLayer series={prepared} store={store} slack={slack} log={log} />
          </LineChart>
          <ScalarTooltip series={prepared} store={store} mode={xAxis} slack={slack} showRaw={showRaw} />
        </div>
      )}
    </ChartFrame>
  );
}
