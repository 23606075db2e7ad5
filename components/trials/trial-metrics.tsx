"use client";

import { useMemo } from "react";
import { ScalarChart } from "@/components/charts/scalar-chart";
import { ScalarControls } from "@/components/charts/scalar-controls";
import type { ScalarPoint, ScalarSeries } from "@/lib/client/transforms/scalar";
import { useViewState } from "@/lib/client/use-view-state";
import { formatNumber } from "@/lib/shared/format";

export interface TrialMetric {
  name: string;
  /** Downsampled by the server, ascending by step. */
  points: ReadonlyArray<ScalarPoint>;
  /** How many points the metric really has. */
  total: number;
}

export interface TrialMetricsProps {
  trialNumber: number;
  metrics: ReadonlyArray<TrialMetric>;
}

const FILTER_FROM = 7;

/**
 * Every metric of one trial as a small scalar chart, sharing one set of smoothing and axis controls, kept in
 * the URL (`?v=`, the experiment page's view fields) so a link reopens the same charts.
 */
export function TrialMetrics({ trialNumber, metrics }: TrialMetricsProps) {
  const [view, setView] = useViewState();
  const { smoothing, xAxis, logY, metricFilter: query } = view;
  // A metric with one point (a summary reported once, without a step) is a value, not a curve: a chart of it
  // would be a lone dot at step 0.
  const summary = useMemo(() => metrics.filter(isSummary), [metrics]);
  // Stable series arrays, so changing a control only redoes the charts' own smoothing work.
  const charts = useMemo(
    () => metrics.filter((m) => !isSummary(m)).map((m) => ({ metric: m, series: [{ trialNumber, points: m.points }] as ReadonlyArray<ScalarSeries> })),
    [metrics, trialNumber],
  );
  const needle = query.trim().toLowerCase();
  const shown = needle ? charts.filter((c) => c.metric.name.toLowerCase().includes(needle)) : charts;

  if (metrics.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-500" data-testid="trial-metrics-empty">
        This trial reported no metrics.
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="trial-metrics">
      {summary.length > 0 && <SummaryMetrics metrics={summary} />}
      {charts.length > 0 && (
        <>
          <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white px-4 py-2">
            <ScalarControls
              smoothing={smoothing}
              onSmoothingChange={(smoothing) => setView({ smoothing })}
              xAxis={xAxis}
              onXAxisChange={(xAxis) => setView({ xAxis })}
              logY={logY}
              onLogYChange={(logY) => setView({ logY })}
            />
            {charts.length >= FILTER_FROM && (
              <input
                type="search"
                value={query}
                onChange={(e) => setView({ metricFilter: e.target.value })}
                placeholder={`Filter ${charts.length} metrics`}
                aria-label="Filter metrics"
                data-testid="metric-filter"
                className="w-56 rounded-md border border-slate-200 px-2 py-1 text-xs focus:border-indigo-400 focus:outline-none"
              />
            )}
          </div>
          <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
            {shown.map(({ metric, series }) => (
              <div key={metric.name} data-testid={`trial-metric-${metric.name}`} className="min-w-0">
                <ScalarChart
                  series={series}
                  smoothing={smoothing}
                  xAxis={xAxis}
                  logY={logY}
                  title={metric.name}
                  height={200}
                />
                {metric.total > metric.points.length && (
                  <p className="mt-1 px-1 text-[11px] text-slate-400 tabular">
                    {metric.points.length.toLocaleString("en-US")} of {metric.total.toLocaleString("en-US")} points shown (min/max per step bucket)
                  </p>
                )}
              </div>
            ))}
          </div>
        </>
      )}
      {charts.length > 0 && shown.length === 0 && <p className="text-sm text-slate-500">No metric matches “{query}”.</p>}
    </div>
  );
}

function isSummary(metric: TrialMetric): boolean {
  return metric.total <= 1 && metric.points.length <= 1;
}

/** Metrics reported once: their values in a table. */
function SummaryMetrics({ metrics }: { metrics: ReadonlyArray<TrialMetric> }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white" data-testid="trial-summary-metrics">
      <table className="w-full text-sm">
        <caption className="px-4 pt-2 text-left text-xs text-slate-500">Summary metrics (reported once)</caption>
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th className="px-4 py-1 font-medium">Metric</th>
            <th className="px-4 py-1 text-right font-medium">Value</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m.name} className="border-t border-slate-100" data-testid={`summary-metric-${m.name}`}>
              <td className="px-4 py-1 font-mono text-[13px]">{m.name}</td>
              <td className="px-4 py-1 text-right font-mono tabular" data-testid="summary-metric-value">
                {formatNumber(m.points[0]?.value)}
                {m.points[0] !== undefined && m.points[0].step > 0 && <span className="ml-2 text-xs text-slate-400">at step {m.points[0].step}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
