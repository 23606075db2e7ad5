"use client";

import { RAMP_CSS_GRADIENT } from "@/lib/client/transforms/color";

/** A horizontal gradient legend: low end on the left, high end on the right. */
export function ColorLegend({ label, low, high, lowHint, highHint }: { label: string; low: string; high: string; lowHint?: string; highHint?: string }) {
  return (
    <div className="flex items-center gap-2 text-[11px] text-slate-500 tabular-nums" data-testid="color-legend">
      <span className="font-medium text-slate-600">{label}</span>
      <span>{low}</span>
      <span className="relative h-2 w-28 rounded-full" style={{ background: RAMP_CSS_GRADIENT }} aria-hidden />
      <span>{high}</span>
      {(lowHint || highHint) && (
        <span className="text-slate-400">
          ({lowHint} → {highHint})
        </span>
      )}
    </div>
  );
}
