"use client";

import { useMemo, useState } from "react";
import { logScaleIssue, type ScalarSeries, type ScalarXMode } from "@/lib/client/transforms/scalar";
import { ScalarChart } from "./scalar-chart";
import { ScalarControls } from "./scalar-controls";

export interface ScalarPanelProps {
  series: ReadonlyArray<ScalarSeries>;
  title?: string;
  height?: number;
  initialSmoothing?: number;
  initialXAxis?: ScalarXMode;
}

/** ScalarChart with its controls and their state, for pages that do not need to own the settings. */
export function ScalarPanel({ series, title, height, initialSmoothing = 0.6, initialXAxis = "step" }: ScalarPanelProps) {
  const [smoothing, setSmoothing] = useState(initialSmoothing);
  const [xAxis, setXAxis] = useState<ScalarXMode>(initialXAxis);
  const [logY, setLogY] = useState(false);
  const logIssue = useMemo(() => logScaleIssue(series), [series]);
  return (
    <ScalarChart
      series={series}
      smoothing={smoothing}
      xAxis={xAxis}
      logY={logY}
      title={title}
      height={height}
      toolbar={
        <ScalarControls
          smoothing={smoothing}
          onSmoothingChange={setSmoothing}
          xAxis={xAxis}
          onXAxisChange={setXAxis}
          logY={logY}
          onLogYChange={setLogY}
          logDisabledReason={logIssue}
        />
      }
    />
  );
}
