"use client";

import { useXAxisScale, useYAxisScale } from "recharts";
import type { FinalDistribution } from "@/lib/client/transforms/compare";

/** Vertical box plots (quartile box, median, Tukey whiskers) drawn with the chart's own scales. */
export function BoxLayer({ dists, colors, halfWidth = 0.18 }: { dists: ReadonlyArray<FinalDistribution>; colors: ReadonlyArray<string>; halfWidth?: number }) {
  const sx = useXAxisScale();
  const sy = useYAxisScale();
  if (!sx || !sy) return null;
  return (
    <g className="box-layer" pointerEvents="none">
      {dists.map(({ index, stats }) => {
        if (!stats) return null;
        const x0 = sx(index - halfWidth);
        const x1 = sx(index + halfWidth);
        const xm = sx(index);
        const [q1, q3, med, lo, hi] = [sy(stats.q1), sy(stats.q3), sy(stats.median), sy(stats.whiskerLow), sy(stats.whiskerHigh)];
        if ([x0, x1, xm, q1, q3, med, lo, hi].some((v) => v === undefined || !Number.isFinite(v))) return null;
        const c = colors[index] ?? "#6366f1";
        const top = Math.min(q1 as number, q3 as number);
        const cap = ((x1 as number) - (x0 as number)) * 0.25;
        return (
          <g key={index} data-testid={`box-${index}`}>
            <line x1={xm} x2={xm} y1={lo} y2={hi} stroke={c} strokeWidth={1.25} />
            <line x1={(xm as number) - cap} x2={(xm as number) + cap} y1={lo} y2={lo} stroke={c} strokeWidth={1.25} />
            <line x1={(xm as number) - cap} x2={(xm as number) + cap} y1={hi} y2={hi} stroke={c} strokeWidth={1.25} />
            <rect x={x0} y={top} width={(x1 as number) - (x0 as number)} height={Math.max(1, Math.abs((q3 as number) - (q1 as number)))} rx={2} fill={c} fillOpacity={0.12} stroke={c} strokeWidth={1.25} />
            <line x1={x0} x2={x1} y1={med} y2={med} stroke={c} strokeWidth={2.5} />
          </g>
        );
      })}
    </g>
  );
}
