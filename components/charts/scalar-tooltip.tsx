"use client";

import { hoveredPoints, type PreparedSeries, type ScalarXMode } from "@/lib/client/transforms/scalar";
import { formatNumber as formatValue } from "@/lib/shared/format";
import { formatDateTime, formatDuration } from "@/lib/client/transforms/ticks";
import type { HoverStore } from "./hover-store";
import { useHover } from "./hover-store";
import type { ScalarHover } from "./scalar-hover";
import { TooltipBox } from "./tooltip-box";

const MAX_ROWS = 14;

export function formatScalarX(x: number, mode: ScalarXMode): string {
  if (mode === "step") return `step ${Math.round(x).toLocaleString("en-US")}`;
  if (mode === "relative") return formatDuration(x);
  return formatDateTime(x);
}

/** Every hovered curve's value at the pointer's x, sorted by smoothed value (highest first, like the plot). */
export function ScalarTooltip({ series, store, mode, slack, showRaw }: { series: ReadonlyArray<PreparedSeries>; store: HoverStore<ScalarHover>; mode: ScalarXMode; slack: number; showRaw: boolean }) {
  const hover = useHover(store);
  if (!hover) return null;
  const rows = hoveredPoints(series, hover.x, slack)
    .map(({ s, i }) => ({ s, x: s.xs[i] as number, smoothed: s.smoothed[i] as number, raw: s.raw[i] as number }))
    .sort((a, b) => (Number.isNaN(b.smoothed) ? -Infinity : b.smoothed) - (Number.isNaN(a.smoothed) ? -Infinity : a.smoothed));
  if (rows.length === 0) return null;
  const flip = hover.px > hover.width * 0.55;
  return (
    <div
      data-testid="scalar-tooltip"
      className="pointer-events-none absolute top-2 z-10"
      style={{ left: hover.px, transform: flip ? "translateX(calc(-100% - 14px))" : "translateX(14px)" }}
    >
      <TooltipBox>
        <div className="mb-1 font-semibold text-slate-900">{formatScalarX(mode === "step" || rows.length === 1 ? (rows[0] as { x: number }).x : hover.x, mode)}</div>
        <table className="border-separate border-spacing-x-2 border-spacing-y-0 -mx-2">
          <thead>
            <tr className="text-[10px] uppercase tracking-wide text-slate-400">
              <th className="text-left font-medium">trial</th>
              <th className="text-right font-medium">smoothed</th>
              {showRaw && <th className="text-right font-medium">value</th>}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_ROWS).map((r) => (
              <tr key={r.s.trialNumber}>
                <td className="whitespace-nowrap">
                  <span className="mr-1.5 inline-block size-2 rounded-full align-middle" style={{ background: r.s.color }} />#{r.s.trialNumber}
                </td>
                <td className="text-right font-mono text-slate-900">{formatValue(r.smoothed)}</td>
                {showRaw && <td className="text-right font-mono text-slate-500">{formatValue(r.raw)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length > MAX_ROWS && <div className="mt-1 text-slate-400">+{rows.length - MAX_ROWS} more</div>}
      </TooltipBox>
    </div>
  );
}
