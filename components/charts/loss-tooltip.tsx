"use client";

import { formatNumber as formatValue } from "@/lib/shared/format";
import type { LossPoint, LossXMode } from "@/lib/client/transforms/loss";
import { formatDateTime } from "@/lib/client/transforms/ticks";
import { ParamList, TooltipBox } from "./tooltip-box";

const STATE_LABEL = { complete: "complete", pruned: "pruned · last reported value", failed: "failed" } as const;
const STATE_CLASS = { complete: "text-indigo-600", pruned: "text-violet-500", failed: "text-rose-500" } as const;

/** Tooltip for one trial marker: number, state, value, time and parameters. */
export function LossTooltip({ point, xMode, objectiveLabel }: { point: LossPoint; xMode: LossXMode; objectiveLabel: string }) {
  const { trial } = point;
  return (
    <TooltipBox>
      <div className="flex items-baseline justify-between gap-4">
        <span className="font-semibold text-slate-900">Trial #{trial.number}</span>
        <span className={`text-[11px] font-medium ${STATE_CLASS[point.kind]}`}>
          {STATE_LABEL[point.kind]}
          {point.kind === "pruned" && "lastStep" in trial && typeof trial.lastStep === "number" ? ` at step ${trial.lastStep}` : ""}
        </span>
      </div>
      {point.kind !== "failed" && (
        <div className="mt-0.5 text-slate-600">
          {objectiveLabel} <span className="font-mono font-semibold text-slate-900">{formatValue(point.y)}</span>
        </div>
      )}
      {xMode === "time" && <div className="text-slate-500">{formatDateTime(point.x)}</div>}
      <ParamList params={trial.params} />
    </TooltipBox>
  );
}
