"use client";

import type { ReactNode } from "react";
import type { ParamValue } from "@/lib/optimizer";
import { formatParamValue } from "@/lib/shared/format";

export { formatParamValue };

/** The shared look of chart tooltips. */
export function TooltipBox({ children }: { children: ReactNode }) {
  return (
    <div className="pointer-events-none max-w-xs rounded-md border border-slate-200 bg-white/95 px-3 py-2 text-xs text-slate-700 shadow-lg backdrop-blur-sm tabular-nums">
      {children}
    </div>
  );
}

/** A trial's parameters as a compact two-column list (first `limit`, then a count of the rest). */
export function ParamList({ params, limit = 10 }: { params: Record<string, ParamValue>; limit?: number }) {
  const entries = Object.entries(params);
  return (
    <dl className="mt-1.5 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 border-t border-slate-100 pt-1.5">
      {entries.slice(0, limit).map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="truncate text-slate-500">{k}</dt>
          <dd className="truncate text-right font-mono text-slate-800">{formatParamValue(v)}</dd>
        </div>
      ))}
      {entries.length > limit && <div className="col-span-2 text-slate-400">+{entries.length - limit} more</div>}
    </dl>
  );
}
