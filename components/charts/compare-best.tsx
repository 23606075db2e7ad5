"use client";

import { useMemo } from "react";
import { formatNumber as formatValue } from "@/lib/shared/format";
import { CartesianGrid, Line, LineChart, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from "recharts";
import { CHART, seriesColor } from "@/lib/client/transforms/color";
import { finalDistributions, mergeBestCurves, robustRange, seriesKey, type CompareExperiment } from "@/lib/client/transforms/compare";
import { useUrlFlag } from "@/lib/client/use-url-flag";
import { formatNumber, niceTicks, valueAxis } from "@/lib/client/transforms/ticks";
import { BoxLayer } from "./box-layer";
import { ChartEmpty, ChartFrame } from "./chart-frame";
import { Toggle } from "./controls";
import { CompareTooltip } from "./compare-tooltip";

export interface CompareBestProps {
  experiments: ReadonlyArray<CompareExperiment>;
  objectiveLabel?: string;
  title?: string;
  height?: number;
}

const AXIS_TICK = { fontSize: CHART.fontSize, fill: CHART.tick };

/** Several experiments side by side: best-so-far curves over trials, and the distribution of their final values. */
export function CompareBest({ experiments, objectiveLabel = "objective", title = "Compare experiments", height = 300 }: CompareBestProps) {
  // Both kept in the URL (?log=1, ?full=1), like every other view setting.
  const [logY, setLogY] = useUrlFlag("log");
  const [fullRange, setFullRange] = useUrlFlag("full");
  const colors = useMemo(() => experiments.map((e, i) => e.color ?? seriesColor(i)), [experiments]);
  const rows = useMemo(() => mergeBestCurves(experiments), [experiments]);
  const dists = useMemo(() => finalDistributions(experiments), [experiments]);
  const values = useMemo(() => dists.flatMap((d) => d.strip.map((p) => p.y)), [dists]);
  const logIssue = values.length > 0 && values.every((v) => v > 0) ? null : "Log scale needs every value > 0";
  const log = logY && !logIssue;
  const finalBests = useMemo(
    () => experiments.map((_, i) => rows.findLast((r) => typeof r[seriesKey(i)] === "number")?.[seriesKey(i)]).filter((v): v is number => typeof v === "number"),
    [experiments, rows],
  );
  const range = useMemo(() => {
    if (fullRange) return null;
    const positive = (v: number) => !log || v > 0;
    return robustRange(values.filter(positive), finalBests.filter(positive));
  }, [fullRange, values, finalBests, log]);
  const y = values.length ? (range ? valueAxis(range.lo, range.hi, log) : valueAxis(Math.min(...values), Math.max(...values), log)) : null;
  const outside = range?.outside ?? 0;
  const xs = rows.map((r) => r.x);
  const xDomain: [number, number] = xs.length ? [Math.min(...xs), Math.max(Math.max(...xs), Math.min(...xs) + 1)] : [0, 1];
  const directions = new Set(experiments.map((e) => e.direction));
  const yAxis = y && {
    type: "number" as const,
    scale: log ? ("log" as const) : ("linear" as const),
    domain: y.domain,
    ticks: y.ticks,
    tickFormatter: (v: number) => formatNumber(v),
    allowDataOverflow: true,
    width: 60,
    tick: AXIS_TICK,
    stroke: CHART.axis,
  };

  const subtitle =
    directions.size === 1 ? `${objectiveLabel} · ${[...directions][0] === "minimize" ? "lower" : "higher"} is better` : `${objectiveLabel} · mixed directions`;
  const footer = experiments.length > 0 && (
    <div className="flex flex-wrap gap-x-4 gap-y-1 tabular-nums">
      {experiments.map((e, i) => {
        const best = rows.findLast((r) => r[seriesKey(i)] !== null && r[seriesKey(i)] !== undefined)?.[seriesKey(i)];
        return (
          <span key={e.experimentId} className="inline-flex items-center gap-1.5">
            <span className="h-0.5 w-4 rounded" style={{ background: colors[i] }} />
            <span className="font-medium text-slate-700">{e.name}</span>
            <span>
              {best === undefined || best === null ? "no values" : `best ${formatValue(best)}`} · {e.points.length} {e.points.length === 1 ? "trial" : "trials"}
            </span>
          </span>
        );
      })}
    </div>
  );

  return (
    <ChartFrame
      testId="compare-best"
      title={title}
      subtitle={subtitle}
      toolbar={
        <>
          {(outside > 0 || fullRange) && (
            <span className="text-xs text-slate-500" data-testid="compare-outliers">
              {fullRange ? "full range" : `${outside} outlier${outside === 1 ? "" : "s"} off the axis`}
            </span>
          )}
          <Toggle label="Full range" checked={fullRange} onChange={setFullRange} testId="compare-full-range" />
          <Toggle label="Log y" checked={log} onChange={setLogY} disabledReason={logIssue} testId="compare-log-y" />
        </>
      }
      footer={footer}
    >
      {!y || !yAxis ? (
        <ChartEmpty message={experiments.length === 0 ? "Pick experiments to compare" : "No finished trials yet"} height={height} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
          <div>
            <h4 className="mb-1 text-xs font-medium text-slate-500">Best so far</h4>
            <LineChart responsive width="100%" height={height} data={rows} margin={{ top: 8, right: 12, bottom: 16, left: 4 }}>
              <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" />
              <XAxis
                type="number"
                dataKey="x"
                domain={xDomain}
                ticks={niceTicks(xDomain[0], xDomain[1], 6).filter(Number.isInteger)}
                allowDataOverflow
                tick={AXIS_TICK}
                stroke={CHART.axis}
                label={{ value: "trial", position: "insideBottom", offset: -10, fontSize: CHART.fontSize, fill: CHART.tick }}
              />
              <YAxis {...yAxis} label={{ value: objectiveLabel, angle: -90, position: "insideLeft", offset: 10, fontSize: CHART.fontSize, fill: CHART.tick, style: { textAnchor: "middle" } }} />
              {experiments.map((e, i) => (
                <Line key={e.experimentId} name={e.name} dataKey={seriesKey(i)} type="stepAfter" stroke={colors[i]} strokeWidth={2} dot={false} activeDot={{ r: 3 }} isAnimationActive={false} />
              ))}
              <Tooltip isAnimationActive={false} cursor={{ stroke: CHART.faint, strokeDasharray: "3 3" }} content={<CompareTooltip experiments={experiments} />} />
            </LineChart>
          </div>
          <div>
            <h4 className="mb-1 text-xs font-medium text-slate-500">Final values</h4>
            <ScatterChart responsive width="100%" height={height} margin={{ top: 8, right: 12, bottom: 16, left: 4 }}>
              <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" vertical={false} />
              <XAxis
                type="number"
                dataKey="x"
                domain={[-0.5, experiments.length - 0.5]}
                ticks={experiments.map((_, i) => i)}
                interval={0}
                tickFormatter={(v: number) => {
                  const name = experiments[Math.round(v)]?.name ?? "";
                  return name.length > 14 ? `${name.slice(0, 13)}…` : name;
                }}
                allowDataOverflow
                tick={AXIS_TICK}
                stroke={CHART.axis}
              />
              <YAxis {...yAxis} dataKey="y" />
              <ZAxis range={[18, 18]} />
              {dists.map((d) => (
                <Scatter key={d.index} data={d.strip} fill={colors[d.index]} fillOpacity={0.4} isAnimationActive={false} />
              ))}
              <BoxLayer dists={dists} colors={colors} />
            </ScatterChart>
          </div>
        </div>
      )}
    </ChartFrame>
  );
}
