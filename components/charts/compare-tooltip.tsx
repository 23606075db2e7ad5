"use client";

import type { TooltipContentProps } from "recharts";
import { formatNumber as formatValue } from "@/lib/shared/format";
import { isBetter } from "@/lib/client/transforms/best-so-far";
import { seriesColor } from "@/lib/client/transforms/color";
import { seriesKey, type BestRow, type CompareExperiment } from "@/lib/client/transforms/compare";
import { TooltipBox } from "./tooltip-box";

/** Every experiment's best so far at the hovered trial number, best first. */
export function CompareTooltip({ active, payload, experiments }: Partial<TooltipContentProps> & { experiments: ReadonlyArray<CompareExperiment> }) {
  const row = payload?.[0]?.payload as BestRow | undefined;
  if (!active || !row) return null;
  const items = experiments
    .map((e, i) => ({ e, color: e.color ?? seriesColor(i), v: row[seriesKey(i)] }))
    .filter((it): it is typeof it & { v: number } => typeof it.v === "number")
    .sort((a, b) => (isBetter(a.v, b.v, a.e.direction) ? -1 : isBetter(b.v, a.v, a.e.direction) ? 1 : 0));
  return (
    <TooltipBox>
      <div className="mb-1 font-semibold text-slate-900">After trial #{row.x}</div>
      {items.map(({ e, color, v }) => (
        <div key={e.experimentId} className="flex items-center justify-between gap-4">
          <span className="inline-flex items-center gap-1.5 truncate">
            <span className="size-2 rounded-full" style={{ background: color }} />
            {e.name}
          </span>
          <span className="font-mono text-slate-900">{formatValue(v)}</span>
        </div>
      ))}
    </TooltipBox>
  );
}
