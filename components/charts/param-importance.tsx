"use client";

import { useMemo } from "react";
import { rampColor } from "@/lib/client/transforms/color";
import { formatNumber } from "@/lib/shared/format";
import { ChartEmpty, ChartFrame } from "./chart-frame";

export interface ParamImportanceProps {
  importances: ReadonlyArray<{ param: string; importance: number }>;
  /** Shown as "Importance by <method>", e.g. "fANOVA". */
  method: string;
  /** Said after the method, e.g. which trials the estimate leaves out. */
  note?: string;
  title?: string;
}

/** Horizontal bars of parameter importance, largest first. Plain HTML: crisp text, no chart machinery needed. */
export function ParamImportance({ importances, method, note, title = "Parameter importance" }: ParamImportanceProps) {
  const rows = useMemo(
    () => importances.filter((r) => Number.isFinite(r.importance)).slice().sort((a, b) => b.importance - a.importance),
    [importances],
  );
  const max = Math.max(0, ...rows.map((r) => r.importance));
  const sum = rows.reduce((a, r) => a + r.importance, 0);
  // Importances that are shares of a whole (fANOVA, mean decrease in impurity) read best as percentages.
  const asPercent = rows.length > 0 && rows.every((r) => r.importance >= 0 && r.importance <= 1) && Math.abs(sum - 1) < 0.02;
  const format = (v: number) => (asPercent ? `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%` : formatNumber(v));

  return (
    <ChartFrame testId="param-importance" title={title} footer={<span data-testid="param-importance-caption">Importance by {method}{note ? ` · ${note}` : ""}</span>}>
      {rows.length === 0 ? (
        <ChartEmpty message="Not enough trials to estimate importance" height={120} />
      ) : (
        <ul className="space-y-1.5" role="list">
          {rows.map((r, i) => {
            const share = max > 0 ? Math.max(0, r.importance) / max : 0;
            return (
              <li key={r.param} data-testid="param-importance-row" className="grid grid-cols-[minmax(6rem,12rem)_1fr_3.5rem] items-center gap-3 text-xs">
                <span className="truncate text-right font-medium text-slate-700" title={r.param}>
                  {r.param}
                </span>
                <span className="relative h-4 rounded-sm bg-slate-100">
                  <span
                    className="absolute inset-y-0 left-0 rounded-sm"
                    style={{ width: `${share * 100}%`, minWidth: share > 0 ? 2 : 0, background: rampColor(1 - (0.6 * i) / Math.max(rows.length - 1, 1)) }}
                  />
                </span>
                <span className="text-right font-mono text-slate-600 tabular-nums">{format(r.importance)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </ChartFrame>
  );
}
