"use client";

import { useMemo, useState } from "react";
import { CartesianGrid, ReferenceArea, XAxis, YAxis } from "recharts";
import type { TrialDto } from "@/lib/schemas/trial";
import { CHART, rampColor } from "@/lib/client/transforms/color";
import { slicePoints, type SlicePoint } from "@/lib/client/transforms/slice";
import { formatNumber, logTicks, niceTicks, valueAxis } from "@/lib/client/transforms/ticks";
import { numericExtent, type ParamAxis } from "@/lib/client/transforms/axes";
import { objectiveYAxisProps, X_AXIS_HEIGHT } from "./objective-axis";
import { ChartEmpty, ChartFrame } from "./chart-frame";
import { ColorLegend } from "./color-legend";
import { Toggle } from "./controls";
import { ScatterCanvasChart, type ScatterLayer } from "./scatter-canvas";
import { SliceTooltip } from "./slice-tooltip";
import { formatParamValue } from "./tooltip-box";

export interface SlicePlotProps {
  /** Trials with an objective value are plotted: complete ones by trial number's colour, pruned ones as triangles at their last report. */
  trials: ReadonlyArray<TrialDto>;
  /** Parameter axes to choose from (objective axes are skipped); see axesFromSpace. */
  params: ReadonlyArray<ParamAxis>;
  objectiveLabel?: string;
  /** Selected parameter key: controlled when given with onParamChange, else internal (first param). */
  param?: string;
  onParamChange?: (key: string) => void;
  /** Controlled log y (the page keeps it in the URL); internal state when omitted. */
  logY?: boolean;
  onLogYChange?: (on: boolean) => void;
  title?: string;
  height?: number;
}

const BUCKETS = 8;
const AXIS_TICK = { fontSize: CHART.fontSize, fill: CHART.tick };
const MARGIN = { top: 8, right: 16, bottom: 16, left: 4 };

/** Objective against one parameter, coloured by trial number (early: cyan, late: indigo). */
export function SlicePlot({ trials, params, objectiveLabel = "objective", param, onParamChange, logY: controlledLogY, onLogYChange, title = "Slice plot", height = 300 }: SlicePlotProps) {
  const choices = useMemo(() => params.filter((p) => p.source !== "objective"), [params]);
  const [own, setOwn] = useState<string | undefined>(undefined);
  const [ownLogY, setOwnLogY] = useState(false);
  const logY = controlledLogY ?? ownLogY;
  const setLogY = onLogYChange ?? setOwnLogY;
  const key = param ?? own ?? choices[0]?.key;
  const axis = choices.find((p) => p.key === key) ?? choices[0];
  const select = (k: string) => {
    setOwn(k);
    onParamChange?.(k);
  };

  const data = useMemo(() => (axis ? slicePoints(trials, axis) : null), [trials, axis]);
  const points = useMemo(() => data?.points ?? [], [data]);
  const numbers = useMemo(() => numericExtent(points.map((p) => p.trial.number)), [points]);
  const maxNumber = Math.max(1, numbers?.[1] ?? 1);
  const minNumber = Math.min(maxNumber, numbers?.[0] ?? maxNumber);
  const pruned = useMemo(() => points.filter((p) => p.trial.state === "pruned"), [points]);
  const buckets = useMemo(() => {
    const out: SlicePoint<TrialDto>[][] = Array.from({ length: BUCKETS }, () => []);
    const span = Math.max(1, maxNumber - minNumber);
    for (const p of points) if (p.trial.state !== "pruned") (out[Math.min(BUCKETS - 1, Math.floor(((p.trial.number - minNumber) / span) * BUCKETS))] as SlicePoint<TrialDto>[]).push(p);
    return out;
  }, [points, minNumber, maxNumber]);

  const layers = useMemo<ScatterLayer<SlicePoint<TrialDto>>[]>(
    () => [
      ...buckets.map((b, i) => ({ points: b, color: rampColor((i + 0.5) / BUCKETS), alpha: 0.8 })),
      { points: pruned, color: CHART.pruned, alpha: 0.85, shape: "triangle" as const },
    ],
    [buckets, pruned],
  );

  const yRange = useMemo(() => numericExtent(points.map((p) => p.y)), [points]);
  const logIssue = yRange && yRange[0] > 0 ? null : "Log scale needs every value > 0";
  const useLogY = logY && !logIssue;
  const y = yRange ? valueAxis(yRange[0], yRange[1], useLogY) : null;
  const x = axis && data ? xLayout(axis, data.categories, points) : null;

  const selectEl = choices.length > 0 && (
    <select
      aria-label="Parameter"
      data-testid="slice-param-select"
      value={axis?.key}
      onChange={(e) => select(e.target.value)}
      className="max-w-48 rounded-md border border-slate-200 bg-white px-2 py-1 text-xs text-slate-700 focus:border-indigo-400 focus:outline-none"
    >
      {choices.map((c) => (
        <option key={c.key} value={c.key}>
          {c.label}
        </option>
      ))}
    </select>
  );
  const toolbar = (
    <>
      {selectEl}
      <Toggle label="Log y" checked={useLogY} onChange={setLogY} disabledReason={logIssue} testId="slice-log-y" />
    </>
  );
  const footer = points.length > 0 && (
    <div className="flex flex-wrap items-center justify-between gap-2">
      <span className="flex flex-wrap items-center gap-3">
        <ColorLegend label="trial #" low={String(minNumber)} high={String(maxNumber)} />
        {pruned.length > 0 && (
          <span className="tabular-nums text-violet-500" data-testid="slice-pruned">
            ▲ pruned ({pruned.length}), at their last report
          </span>
        )}
      </span>
      {data && data.hidden > 0 && <span className="tabular-nums">{data.hidden} trials without this parameter not shown</span>}
    </div>
  );

  return (
    <ChartFrame testId="slice-plot" title={title} subtitle={axis ? `${objectiveLabel} vs ${axis.label}${axis.kind === "log" ? " (log)" : ""}` : undefined} toolbar={toolbar} footer={footer}>
      {!axis || !x || !y || points.length === 0 ? (
        <ChartEmpty message={choices.length === 0 ? "No parameters to plot" : "No finished trials with this parameter yet"} height={height} />
      ) : (
        <ScatterCanvasChart
          testId="slice-canvas"
          height={height}
          margin={MARGIN}
          layers={layers}
          x={{ domain: x.domain, log: axis.kind === "log" }}
          y={{ domain: y.domain, log: useLogY }}
          tooltip={(point) => <SliceTooltip point={point} paramLabel={axis.label} objectiveLabel={objectiveLabel} />}
        >
          <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" vertical={axis.kind !== "categorical"} />
          {axis.kind === "categorical" &&
            (data?.categories.length ?? 0) <= MAX_BANDS &&
            data?.categories.map((_, i) => (i % 2 === 1 ? <ReferenceArea key={i} x1={i - 0.5} x2={i + 0.5} fill="#f8fafc" fillOpacity={1} stroke="none" /> : null))}
          <XAxis
            type="number"
            height={X_AXIS_HEIGHT}
            dataKey="x"
            scale={axis.kind === "log" ? "log" : "linear"}
            domain={x.domain}
            ticks={x.ticks}
            tickFormatter={x.format}
            allowDataOverflow
            interval={0}
            tick={AXIS_TICK}
            stroke={CHART.axis}
            label={{ value: axis.label, position: "insideBottom", offset: -10, fontSize: CHART.fontSize, fill: CHART.tick }}
          />
          <YAxis {...objectiveYAxisProps({ log: useLogY, domain: y.domain, ticks: y.ticks, label: objectiveLabel })} />
        </ScatterCanvasChart>
      )}
    </ChartFrame>
  );
}

// A categorical may have up to 2,000 values (MAX_CATEGORIES): labels past a few dozen overlap, and bands
// narrower than a few pixels are noise that costs a component each.
const MAX_CATEGORY_TICKS = 40;
const MAX_BANDS = 200;

function xLayout(axis: ParamAxis, categories: ReadonlyArray<TrialDto["params"][string]>, points: ReadonlyArray<SlicePoint>) {
  if (axis.kind === "categorical") {
    const n = Math.max(categories.length, 1);
    const every = Math.ceil(n / MAX_CATEGORY_TICKS);
    return {
      domain: [-0.5, n - 0.5] as [number, number],
      ticks: categories.map((_, i) => i).filter((i) => i % every === 0),
      format: (v: number) => {
        const label = formatParamValue(categories[Math.round(v)]);
        return label.length > 14 ? `${label.slice(0, 13)}…` : label;
      },
    };
  }
  const log = axis.kind === "log";
  // The axis's own range (a search space's bounds show what was left unexplored), widened to the data.
  const own = axis.domain && (!log || Math.min(...axis.domain) > 0) ? axis.domain : null;
  const [lo, hi] = numericExtent([...(own ?? []), ...points.map((p) => p.x)]) ?? [0, 1];
  const { domain } = valueAxis(lo, hi, log, 6, 0.03);
  return { domain, ticks: log ? logTicks(domain[0], domain[1], 7) : niceTicks(domain[0], domain[1], 7), format: (v: number) => formatNumber(v) };
}
