import { CHART } from "@/lib/client/transforms/color";
import { formatNumber } from "@/lib/client/transforms/ticks";

/** The objective axis's width and the x axis's height in the scatter charts: where their plot area starts. */
export const OBJECTIVE_AXIS_WIDTH = 60;
export const X_AXIS_HEIGHT = 30;

/** The objective's y axis, shared by the scatter charts: numeric, optionally log, labelled with the metric. */
export function objectiveYAxisProps(opts: { log: boolean; domain: readonly [number, number] | [number, number]; ticks: number[]; label: string }) {
  return {
    type: "number" as const,
    dataKey: "y",
    scale: opts.log ? ("log" as const) : ("linear" as const),
    domain: opts.domain as [number, number],
    ticks: opts.ticks,
    tickFormatter: (v: number) => formatNumber(v),
    allowDataOverflow: true,
    width: OBJECTIVE_AXIS_WIDTH,
    tick: { fontSize: CHART.fontSize, fill: CHART.tick },
    stroke: CHART.axis,
    label: { value: opts.label, angle: -90, position: "insideLeft" as const, offset: 10, fontSize: CHART.fontSize, fill: CHART.tick, style: { textAnchor: "middle" as const } },
  };
}
