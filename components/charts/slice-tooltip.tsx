"use client";

import { formatNumber as formatValue } from "@/lib/shared/format";
import type { TrialDto } from "@/lib/schemas/trial";
import type { SlicePoint } from "@/lib/client/transforms/slice";
import { formatParamValue, ParamList, TooltipBox } from "./tooltip-box";

export function SliceTooltip({ point, paramLabel, objectiveLabel }: { point: SlicePoint<TrialDto>; paramLabel: string; objectiveLabel: string }) {
  return (
    <TooltipBox>
      <div className="font-semibold text-slate-900">
        Trial #{point.trial.number}
        {point.trial.state === "pruned" && <span className="ml-1 font-normal text-violet-500">pruned{point.trial.lastStep !== null ? ` at step ${point.trial.lastStep}` : ""} · last reported value</span>}
      </div>
      <div className="mt-0.5 text-slate-600">
        {objectiveLabel} <span className="font-mono font-semibold text-slate-900">{formatValue(point.y)}</span>
      </div>
      <div className="text-slate-600">
        {paramLabel} <span className="font-mono text-slate-900">{formatParamValue(point.value)}</span>
      </div>
      <ParamList params={point.trial.params} limit={8} />
    </TooltipBox>
  );
}
