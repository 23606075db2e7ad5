"use client";

import { useMemo } from "react";
import { CartesianGrid, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis, type TooltipContentProps } from "recharts";
import { CHART } from "@/lib/client/transforms/color";
import type { ParetoKind, ParetoPoint } from "@/lib/client/transforms/pareto";
import { niceTicks } from "@/lib/client/transforms/ticks";
import { formatNumber } from "@/lib/shared/format";
import { TooltipBox } from "./tooltip-box";

export interface ParetoPlotProps {
  points: ReadonlyArray<ParetoPoint>;
  /** The front's points in drawing order (orderFront). */
  front: ReadonlyArray<ParetoPoint>;
  /** Every objective's name, for the tooltip; x and y say which two are plotted. */
  objectives: ReadonlyArray<string>;
  x: number;
  y: number;
  /** Joins the front's points: only meaningful when the two plotted objectives are all there are. */
  joinFront: boolean;
  onOpen?: (trialNumber: number) => void;
  height?: number;
  testId?: string;
}

const STYLE: Record<ParetoKind, { fill: string; label: string }> = {
  front: { fill: "#f59e0b", label: "on the front" },
  feasible: { fill: "#6366f1", label: "feasible" },
  infeasible: { fill: CHART.failed, label: "infeasible" },
  pruned: { fill: CHART.pruned, label: "pruned" },
};

function layout(values: number[]) {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) [lo, hi] = [lo - Math.max(1, Math.abs(lo) * 0.05), hi + Math.max(1, Math.abs(hi) * 0.05)];
  const pad = (hi - lo) * 0.05;
  return { domain: [lo - pad, hi + pad] as [number, number], ticks: niceTicks(lo, hi, 6) };
}

interface ShapeProps {
  cx?: number;
  cy?: number;
  payload?: ParetoPoint;
}

/** One trial: its own marker by kind, a data-testid to count it by, a click to open it. */
function PointShape({ cx, cy, payload, onOpen }: ShapeProps & { onOpen?: (n: number) => void }) {
  if (cx === undefined || cy === undefined || !payload) return <g />;
  const { kind, number } = payload;
  const common = { "data-testid": "pareto-point", "data-trial": number, "data-kind": kind, onClick: onOpen ? () => onOpen(number) : undefined, style: { cursor: onOpen ? "pointer" : undefined } };
  if (kind === "infeasible") {
    return <path {...common} d={`M${cx - 4},${cy - 4}L${cx + 4},${cy + 4}M${cx - 4},${cy + 4}L${cx + 4},${cy - 4}`} stroke={STYLE.infeasible.fill} strokeWidth={2} fill="none" />;
  }
  if (kind === "pruned") return <path {...common} d={`M${cx},${cy - 5}l5,8.5h-10z`} fill={STYLE.pruned.fill} fillOpacity={0.85} />;
  if (kind === "front") return <circle {...common} cx={cx} cy={cy} r={5.5} fill={STYLE.front.fill} stroke="white" strokeWidth={1.5} />;
  return <circle {...common} cx={cx} cy={cy} r={3.5} fill={STYLE.feasible.fill} fillOpacity={0.75} />;
}

function ParetoTooltip({ active, payload, objectives }: Partial<TooltipContentProps> & { objectives: ReadonlyArray<string> }) {
  const point = payload?.[0]?.payload as ParetoPoint | undefined;
  if (!active || !point) return null;
  return (
    <TooltipBox>
      <div className="flex items-baseline justify-between gap-4">
        <span className="font-semibold text-slate-900">Trial #{point.number}</span>
        <span className="text-[11px] font-medium text-slate-500">{STYLE[point.kind].label}</span>
      </div>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        {objectives.map((name, k) => (
          <div key={name} className="contents">
            <dt className="text-slate-500">{name}</dt>
            <dd className="text-right font-mono text-slate-900">{formatNumber(point.values[k] ?? null)}</dd>
          </div>
        ))}
      </dl>
    </TooltipBox>
  );
}

/** Trials on two objectives: feasible, infeasible and pruned ones told apart, the front highlighted (and joined). */
export function ParetoPlot({ points, front, objectives, x, y, joinFront, onOpen, height = 320, testId = "pareto-plot" }: ParetoPlotProps) {
  const others = useMemo(() => points.filter((p) => p.kind !== "front"), [points]);
  const xl = useMemo(() => layout(points.map((p) => p.x)), [points]);
  const yl = useMemo(() => layout(points.map((p) => p.y)), [points]);
  const shape = (props: unknown) => <PointShape {...(props as ShapeProps)} onOpen={onOpen} />;
  const tick = { fontSize: CHART.fontSize, fill: CHART.tick };
  return (
    <div data-testid={testId} data-x={x} data-y={y} data-points={points.length} data-front={front.length}>
      <ScatterChart responsive width="100%" height={height} margin={{ top: 8, right: 12, bottom: 16, left: 8 }}>
        <CartesianGrid stroke={CHART.grid} strokeDasharray="3 3" />
        <XAxis type="number" dataKey="x" domain={xl.domain} ticks={xl.ticks} tickFormatter={(v: number) => formatNumber(v)} allowDataOverflow tick={tick} stroke={CHART.axis} label={{ value: objectives[x], position: "insideBottom", offset: -10, fontSize: CHART.fontSize, fill: CHART.tick }} />
        <YAxis
          type="number"
          dataKey="y"
          domain={yl.domain}
          ticks={yl.ticks}
          tickFormatter={(v: number) => formatNumber(v)}
          allowDataOverflow
          width={60}
          tick={tick}
          stroke={CHART.axis}
          label={{ value: objectives[y], angle: -90, position: "insideLeft", offset: 0, fontSize: CHART.fontSize, fill: CHART.tick, style: { textAnchor: "middle" } }}
        />
        <ZAxis range={[40, 40]} />
        <Scatter name="trials" data={others} shape={shape} isAnimationActive={false} />
        <Scatter name="front" data={[...front]} shape={shape} line={joinFront ? { stroke: STYLE.front.fill, strokeWidth: 1.5 } : false} lineType="joint" isAnimationActive={false} className="pareto-front" />
        <Tooltip shared={false} isAnimationActive={false} cursor={{ stroke: CHART.faint, strokeDasharray: "3 3" }} content={<ParetoTooltip objectives={objectives} />} />
      </ScatterChart>
    </div>
  );
}

/** The plot's key: which marker is which kind of trial. */
export function ParetoLegend({ counts, unplotted }: { counts: Record<ParetoKind, number>; unplotted: number }) {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 tabular-nums" data-testid="pareto-legend">
      <span className="inline-flex items-center gap-1.5">
        <span className="size-2.5 rounded-full bg-amber-500" /> on the front ({counts.front})
      </span>
      <span className="inline-flex items-center gap-1.5">
        <span className="size-2 rounded-full bg-indigo-500/60" /> feasible ({counts.feasible})
      </span>
      {counts.infeasible > 0 && (
        <span className="inline-flex items-center gap-1.5">
          <span className="text-sm font-bold leading-none text-rose-500">×</span> infeasible ({counts.infeasible})
        </span>
      )}
      {counts.pruned > 0 && (
        <span className="inline-flex items-center gap-1.5">
          <span className="text-[10px] leading-none text-violet-400">▲</span> pruned ({counts.pruned})
        </span>
      )}
      {unplotted > 0 && <span className="text-slate-400">{unplotted} finished without every objective&apos;s value (pruned) not plotted</span>}
    </div>
  );
}
