"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { ScalarChart } from "@/components/charts/scalar-chart";
import { ScalarControls } from "@/components/charts/scalar-controls";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import { curveTrials, defaultCurvesLabel } from "@/lib/client/transforms/curve-trials";
import { useCurveColors } from "@/lib/client/use-curve-colors";
import type { ViewState } from "@/lib/client/view-state";
import type { Direction } from "@/lib/optimizer";
import type { TrialDto } from "@/lib/schemas/trial";
import type { ScalarSeries } from "@/lib/schemas/ui";

export function ScalarsSection(props: {
  experimentId: number;
  trials: TrialDto[];
  objectiveMetric: string;
  direction: Direction;
  view: ViewState;
  setView: (patch: Partial<ViewState>) => void;
  live: boolean;
  share: string | null;
}) {
  const { experimentId, trials, view, setView, share } = props;
  const metrics = useQuery({
    queryKey: queryKeys.metrics(experimentId),
    queryFn: ({ signal }) => fetchJson<{ metrics: Array<{ name: string; trials: number }> }>(`/api/ui/experiments/${experimentId}/metrics`, { share, signal }).then((r) => r.metrics),
    refetchInterval: props.live ? 5_000 : false,
  });
  const metric = view.metric ?? props.objectiveMetric;
  const { picked, regexError } = useMemo(() => curveTrials(trials, view, props.direction), [trials, view, props.direction]);
  const ids = useMemo(() => picked.map((t) => t.id), [picked]);
  const pruned = useMemo(() => new Set(picked.filter((t) => t.state === "pruned").map((t) => t.number)), [picked]);
  const scalars = useQuery({
    queryKey: queryKeys.scalars(experimentId, metric, ids),
    queryFn: ({ signal }) =>
      fetchJson<{ series: ScalarSeries[] }>(`/api/ui/experiments/${experimentId}/scalars?metric=${encodeURIComponent(metric)}&trials=${ids.join(",")}`, { share, signal }).then((r) => r.series),
    enabled: ids.length > 0,
    refetchInterval: props.live ? 3_000 : false,
    placeholderData: (previous) => previous,
  });
  const numbers = useMemo(() => picked.map((t) => t.number), [picked]);
  const colors = useCurveColors(numbers);
  const fetched = ids.length === 0 ? null : scalars.data;
  // Colours by the curves shown, not by trial number: the shown curves never share one.
  const series = useMemo(() => (fetched ?? []).map((s) => ({ ...s, color: colors.get(s.trialNumber) })), [fetched, colors]);
  const names = metrics.data?.map((m) => m.name) ?? [];
  if (!names.includes(metric)) names.unshift(metric);

  return (
    <div className="space-y-2" data-testid="scalars-section">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label className="flex items-center gap-2">
          <span className="text-slate-600">Metric</span>
          <select value={metric} onChange={(e) => setView({ metric: e.target.value === props.objectiveMetric ? null : e.target.value })} className="rounded-md border border-slate-300 bg-white px-2 py-1" data-testid="scalar-metric">
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2">
          <span className="text-slate-600">Trials matching</span>
          <input
            value={view.curveFilter}
            onChange={(e) => setView({ curveFilter: e.target.value })}
            placeholder="regex, e.g. optimizer=adam"
            className={`w-56 rounded-md border px-2 py-1 font-mono text-xs ${regexError ? "border-rose-400" : "border-slate-300"}`}
            data-testid="curve-filter"
          />
        </label>
        <span className="text-xs text-slate-500" data-testid="curve-count">
          {view.selected.length > 0 ? `${picked.length} selected trials` : view.curveFilter ? `${picked.length} matching trials` : defaultCurvesLabel(picked)}
        </span>
        {regexError && (
          <span className="text-xs text-rose-700" role="alert" data-testid="curve-filter-error">
            Not a valid regex: {regexError}
          </span>
        )}
      </div>
      {ids.length > 0 && scalars.isLoading && (
        <p className="text-xs text-slate-500" data-testid="curves-loading">
          Loading {ids.length} curves…
        </p>
      )}
      <ScalarChart
        series={series}
        smoothing={view.smoothing}
        xAxis={view.xAxis}
        logY={view.logY}
        pruned={pruned}
        yLabel={metric}
        title={`${metric} by ${view.xAxis === "step" ? "step" : view.xAxis === "relative" ? "relative time" : "wall time"}`}
        toolbar={<ScalarControls smoothing={view.smoothing} onSmoothingChange={(smoothing) => setView({ smoothing })} xAxis={view.xAxis} onXAxisChange={(xAxis) => setView({ xAxis })} logY={view.logY} onLogYChange={(logY) => setView({ logY })} />}
      />
      {scalars.error && <p className="text-sm text-rose-700">Could not load curves: {scalars.error.message}</p>}
    </div>
  );
}
