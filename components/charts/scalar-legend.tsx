"use client";

import type { PreparedSeries } from "@/lib/client/transforms/scalar";

/** Which colour is which trial: one swatch per shown curve, dashed for a pruned trial, in trial order. */
export function ScalarLegend({ series, pruned }: { series: ReadonlyArray<PreparedSeries>; pruned?: ReadonlySet<number> }) {
  const sorted = [...series].sort((a, b) => a.trialNumber - b.trialNumber);
  return (
    <ul className="flex max-h-20 flex-wrap gap-x-3 gap-y-1 overflow-y-auto tabular-nums" data-testid="scalar-legend" aria-label="Trials by colour">
      {sorted.map((s) => {
        const isPruned = pruned?.has(s.trialNumber) ?? false;
        return (
          <li key={s.trialNumber} className="inline-flex items-center gap-1" data-testid="scalar-legend-item" data-trial={s.trialNumber} data-color={s.color}>
            <svg width="16" height="6" aria-hidden>
              <line x1="0" y1="3" x2="16" y2="3" stroke={s.color} strokeWidth="2.5" strokeDasharray={isPruned ? "4 2" : undefined} />
            </svg>
            #{s.trialNumber}
            {isPruned && <span className="text-slate-400">pruned</span>}
          </li>
        );
      })}
    </ul>
  );
}
