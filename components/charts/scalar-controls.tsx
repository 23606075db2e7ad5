"use client";

import { useState } from "react";
import type { ScalarXMode } from "@/lib/client/transforms/scalar";
import { Segmented, Toggle } from "./controls";

export interface ScalarControlsProps {
  smoothing: number;
  onSmoothingChange: (smoothing: number) => void;
  xAxis: ScalarXMode;
  onXAxisChange: (mode: ScalarXMode) => void;
  logY: boolean;
  onLogYChange: (logY: boolean) => void;
  /** Disables the log toggle with this reason (see logScaleIssue). */
  logDisabledReason?: string | null;
}

const X_MODES = [
  { value: "step", label: "Step" },
  { value: "relative", label: "Relative" },
  { value: "wall", label: "Wall" },
] as const;

const MAX_SMOOTHING = 0.999;

function clampSmoothing(v: number): number {
  return Number.isFinite(v) ? Math.min(Math.max(v, 0), MAX_SMOOTHING) : 0;
}

/** Controlled toolbar for ScalarChart: smoothing slider with a numeric readout, x-axis mode, log y. */
export function ScalarControls({ smoothing, onSmoothingChange, xAxis, onXAxisChange, logY, onLogYChange, logDisabledReason }: ScalarControlsProps) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2" data-testid="scalar-controls">
      <label className="inline-flex items-center gap-2 text-xs font-medium text-slate-600">
        Smoothing
        <input
          type="range"
          data-testid="smoothing-slider"
          min={0}
          max={MAX_SMOOTHING}
          step={0.001}
          value={smoothing}
          onChange={(e) => onSmoothingChange(clampSmoothing(Number(e.target.value)))}
          className="h-1 w-28 cursor-pointer accent-indigo-600"
        />
        <input
          type="text"
          inputMode="decimal"
          aria-label="Smoothing value"
          data-testid="smoothing-value"
          value={draft ?? smoothing.toFixed(3)}
          onFocus={() => setDraft(smoothing.toFixed(3))}
          onChange={(e) => {
            // Keep what is typed ("0.", "") while editing; commit whenever it parses.
            setDraft(e.target.value);
            const v = Number(e.target.value);
            if (e.target.value.trim() !== "" && Number.isFinite(v)) onSmoothingChange(clampSmoothing(v));
          }}
          onBlur={() => setDraft(null)}
          onKeyDown={(e) => {
            if (e.key === "Enter") e.currentTarget.blur();
          }}
          className="w-14 rounded border border-slate-200 px-1.5 py-0.5 text-right font-mono text-xs text-slate-800 tabular-nums focus:border-indigo-400 focus:outline-none"
        />
      </label>
      <Segmented label="x axis" value={xAxis} options={X_MODES} onChange={onXAxisChange} testId="scalar-x-axis" />
      <Toggle label="Log y" checked={logY} onChange={onLogYChange} disabledReason={logDisabledReason} testId="scalar-log-y" />
    </div>
  );
}
