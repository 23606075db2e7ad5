"use client";

import type { TooltipContentProps } from "recharts";
import type { TrialDto } from "@/lib/schemas/trial";
import type { SlicePoint } from "@/lib/client/transforms/slice";
import { formatNumber } from "@/lib/client/transforms/ticks";
import { formatParamValue, ParamList, TooltipBox } from "./tooltip-box";

export function SliceTooltip({ active, payload, paramLabel, objectiveLabel }: Partial<TooltipContentProps> & { paramLabel: string; objectiveLabel: string }) {
  const point = payload?.[0]?.payload as SlicePoint<TrialDto> | undefined;
  if (!active || !point?.trial) return null;
  return (
    <TooltipBox>
      <div className="font-semibold text-slate-900">Trial #{point.trial.number}</div>
      <div className="mt-0.5 text-slate-600">
        {objectiveLabel} <span className="font-mono font-semibold text-slate-900">{formatNumber(point.y, 6)}</span>
      </div>
      <div className="text-slate-600">
        {paramLabel} <span className="font-mono text-slate-900">{formatParamValue(point.value)}</span>
      </div>
      <ParamList params={point.trial.params} limit={8} />
    </TooltipBox>
  );
}
