"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { LossOverTrials } from "@/components/charts/loss-over-trials";
import { ParallelCoordinates } from "@/components/charts/parallel-coordinates";
import { ParamImportance } from "@/components/charts/param-importance";
import { SlicePlot } from "@/components/charts/slice-plot";
import { formatNumber } from "@/lib/shared/format";
import { StatusBadge } from "@/components/status-badge";
import { NotesPanel } from "@/components/notes/notes-panel";
import type { NotesValue } from "@/lib/schemas/notes";
import { fetchJson } from "@/lib/client/fetch-json";
import { IMPORTANCE_MIN_TRIALS } from "@/lib/optimizer";
import { queryKeys } from "@/lib/client/query-keys";
import { axesFromSpace, OBJECTIVE_KEY, orderAxes } from "@/lib/client/transforms/axes";
import { filterByBrushes } from "@/lib/client/transforms/parallel";
import { withObjective } from "@/lib/client/transforms/pareto";
import type { LiveTrial } from "@/lib/client/trial-store";
import { useLiveTrials } from "@/lib/client/use-live-trials";
import { useViewState } from "@/lib/client/use-view-state";
import type { ExperimentActions } from "@/lib/schemas/actions";
import { SuggestPanel } from "./suggest-panel";
import { LaunchPanel } from "./launch-panel";
import { shellJoin } from "@/lib/shared/shell";
import type { ExperimentSummary } from "@/lib/schemas/experiment";
import { AlgorithmSettings } from "./algorithm-settings";
import { BestTrialCard } from "./best-trial-card";
import { ExperimentControls } from "./experiment-controls";
import { ScalarsSection } from "./scalars-section";
import { ShareButton } from "./share-button";
import { ParetoSection } from "./pareto-section";
import { TrialsSection } from "./trials-section";

const hasScore = (t: LiveTrial) => (t.state === "complete" || t.state === "pruned") && t.value !== null;

export interface ExperimentViewProps {
  initial: ExperimentSummary & { space: unknown; spaceSource: string; samplerConfig: unknown; prunerConfig: unknown; paretoFront?: number[] | null; note?: string };
  /** A share link's token: the page is read-only and asks for data with it. */
  share?: string | null;
  /** A share link's stored view, used while the URL carries none. */
  sharedView?: Record<string, unknown>;
  /** The page's write actions; without them (a share link) the view is read-only. */
  actions?: ExperimentActions | null;
}

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="space-y-2" data-testid={testId}>
      <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      {children}
    </section>
  );
}

/**
 * Importance is estimated from complete trials only, as Optuna does: a pruned trial's value is from an earlier
 * step than the others', and mixing them would credit the parameters with the pruner's schedule. Say so.
 */
function importanceNote(complete: number, pruned: number): string {
  return `from ${complete} complete trial${complete === 1 ? "" : "s"}${pruned > 0 ? `; ${pruned} pruned left out (values from earlier steps)` : ""}`;
}

export function ExperimentView({ initial, share = null, sharedView, actions = null }: ExperimentViewProps) {
  const readOnly = share !== null || actions === null;
  const [view, setView] = useViewState(sharedView);
  const experimentQuery = useQuery({
    queryKey: queryKeys.experiment(initial.id),
    queryFn: ({ signal }) => fetchJson<{ experiment: ExperimentViewProps["initial"] }>(`/api/ui/experiments/${initial.id}`, { share, signal }).then((r) => r.experiment),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.status === "running" ? 2_000 : 10_000),
  });
  const experiment = experimentQuery.data;
  const client = useQueryClient();
  const saveNotes = actions
    ? async (value: NotesValue) => {
        const result = await actions.updateNotes({ id: initial.id, ...value });
        if (result.ok) client.setQueryData(queryKeys.experiment(initial.id), (old: ExperimentViewProps["initial"] | undefined) => old && { ...old, ...result.data });
        return result;
      }
    : null;
  const live = experiment.status === "running" || experiment.trialsRunning > 0;
  const syncKey = `${experiment.status}:${experiment.trialsDone}:${experiment.trialsRunning}:${experiment.trialCount}`;
  const { trials: allTrials, isLoading, error } = useLiveTrials(experiment.id, { live, share, syncKey });
  const several = experiment.objectives.length > 1;
  // Several objectives: the charts below the Pareto plot show the chosen one (a link may name one the sweep lacks).
  const objectiveIndex = view.objective < experiment.objectives.length ? view.objective : 0;
  const objective = experiment.objectives[objectiveIndex]!;
  const trials = useMemo(() => withObjective(allTrials, objectiveIndex), [allTrials, objectiveIndex]);
  const finished = useMemo(() => trials.filter((t) => t.state === "complete"), [trials]);
  // Complete and pruned trials: every chart draws both, a pruned one at its last report with its own marker.
  const scored = useMemo(() => trials.filter(hasScore), [trials]);
  const axes = useMemo(() => axesFromSpace(experiment.space, scored, objective.metric), [experiment.space, scored, objective.metric]);
  const pcAxes = useMemo(() => orderAxes(axes, view.axisOrder), [axes, view.axisOrder]);
  const brushed = useMemo(() => filterByBrushes(trials, axes, view.brushes), [trials, axes, view.brushes]);
  const brushedFinished = useMemo(() => brushed.filter(hasScore), [brushed]);
  const bestTrial = useMemo(() => allTrials.find((t) => t.number === experiment.bestTrialNumber), [allTrials, experiment.bestTrialNumber]);
  const brushCount = Object.keys(view.brushes).length;
  // Pruned trials are drawn where they stopped: their objective's last reported value (the first objective's only).
  const prunedValues = useMemo(
    () => (objectiveIndex > 0 ? {} : Object.fromEntries(brushed.filter((t) => t.state === "pruned" && t.lastIntermediate !== null).map((t) => [t.number, t.lastIntermediate as number]))),
    [brushed, objectiveIndex],
  );
  // Asked for from the start, keyed by the sweep's finished count (the server caches by its complete count), so it
  // does not wait for the trials to arrive and render.
  const importance = useQuery({
    queryKey: queryKeys.importance(experiment.id, experiment.trialsDone),
    queryFn: ({ signal }) => fetchJson<{ method: string; trials: number; importances: Array<{ param: string; importance: number }> }>(`/api/ui/experiments/${experiment.id}/importance`, { share, signal }),
    enabled: experiment.trialsDone >= IMPORTANCE_MIN_TRIALS,
    placeholderData: (previous) => previous,
    staleTime: 10_000,
  });
  const paramAxes = axes.filter((a) => a.key !== OBJECTIVE_KEY);

  return (
    <div className="space-y-8" data-testid="experiment-view">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          {!readOnly && (
            <Link href="/" className="text-sm text-slate-500 hover:text-slate-800">
              ← Experiments
            </Link>
          )}
          <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold tracking-tight" data-testid="experiment-name">
            <span className="truncate">{experiment.name}</span> <StatusBadge status={experiment.status} />
            {readOnly && (
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-slate-200" data-testid="read-only-badge">
                read-only link
              </span>
            )}
          </h1>
          {experiment.description && (
            <p className="mt-1 max-w-3xl whitespace-pre-wrap text-sm text-slate-600" data-testid="experiment-description">
              {experiment.description}
            </p>
          )}
          <AlgorithmSettings sampler={experiment.sampler} samplerConfig={experiment.samplerConfig} pruner={experiment.pruner} prunerConfig={experiment.prunerConfig} />
          {experiment.maxParallel !== null && <p className="mt-0.5 text-xs text-slate-500">up to {experiment.maxParallel} in parallel</p>}
          {experiment.command && (
            <p className="mt-1 max-w-3xl text-xs text-slate-600">
              <span className="font-medium">Command</span>{" "}
              <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[12px] text-slate-800" data-testid="experiment-command">
                {shellJoin(experiment.command)}
              </code>
            </p>
          )}
        </div>
        <div className="flex items-start gap-6">
          <dl className="grid grid-cols-4 gap-6 text-sm">
            <div>
              <dt className="text-slate-500">Objective</dt>
              <dd className="font-medium">
                {several ? (
                  <select
                    value={objectiveIndex}
                    onChange={(e) => setView({ objective: Number(e.target.value) })}
                    className="rounded-md border border-slate-300 bg-white px-1.5 py-0.5 text-sm"
                    aria-label="Objective the charts show"
                    data-testid="objective-select"
                  >
                    {experiment.objectives.map((o, k) => (
                      <option key={o.metric} value={k}>
                        {o.direction} {o.metric}
                      </option>
                    ))}
                  </select>
                ) : (
                  <>
                    {objective.direction} {objective.metric}
                  </>
                )}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Trials</dt>
              <dd className="tabular font-medium" data-testid="experiment-progress">
                {experiment.trialsDone} / {experiment.maxTrials ?? "∞"}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Running</dt>
              <dd className="tabular font-medium" data-testid="experiment-running">
                {experiment.trialsRunning}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Best</dt>
              <dd className="tabular font-mono font-medium" data-testid="experiment-best">
                {formatNumber(experiment.bestValue)}
              </dd>
            </div>
          </dl>
          {actions && share === null && <ShareButton experimentId={experiment.id} view={view} actions={actions} />}
        </div>
      </div>
      <NotesPanel what="sweep" note={experiment.note ?? ""} tags={experiment.tags} save={share === null ? saveNotes : null} />
      {actions && share === null && <ExperimentControls experiment={experiment} actions={actions} />}
      {actions && share === null && <LaunchPanel experimentId={experiment.id} running={experiment.status === "running"} hasCommand={experiment.command !== null} actions={actions} />}
      {actions && share === null && <SuggestPanel experimentId={experiment.id} command={experiment.command} actions={actions} />}
      <BestTrialCard
        experimentId={experiment.id}
        objective={objective}
        bestValue={experiment.bestValue}
        bestTrialNumber={experiment.bestTrialNumber}
        trial={bestTrial}
        objectiveCount={experiment.objectives.length}
        linkable={share === null}
        shown={bestTrial !== undefined && view.selected.length === 1 && view.selected[0] === bestTrial.id}
        onShow={(t) => {
          setView({ selected: [t.id], metric: null, curveFilter: "" });
          document.querySelector('[data-testid="scalars-section"]')?.scrollIntoView({ behavior: "smooth", block: "start" });
        }}
      />
      {error && (
        <p className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700" role="alert">
          Could not load trials: {error.message}
        </p>
      )}
      {isLoading ? (
        <div className="h-64 animate-pulse rounded-lg bg-slate-200" data-testid="trials-loading" />
      ) : (
        <>
          {brushCount > 0 && (
            <div className="flex items-center gap-3 rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-900" data-testid="brush-summary">
              Showing {brushed.length} of {trials.length} trials that pass {brushCount} brush{brushCount > 1 ? "es" : ""} on the parallel coordinates.
              <button type="button" className="font-medium underline" onClick={() => setView({ brushes: {} })} data-testid="clear-brushes">
                Clear
              </button>
            </div>
          )}
          {several && experiment.paretoFront && (
            <Section title="Objectives">
              <ParetoSection experimentId={experiment.id} trials={allTrials} objectives={experiment.objectives} front={experiment.paretoFront} linkable={share === null} />
            </Section>
          )}
          <div className="grid gap-6 xl:grid-cols-2">
            <Section title="Objective over trials">
              <LossOverTrials
                trials={brushed}
                direction={objective.direction}
                objectiveLabel={objective.metric}
                prunedValues={prunedValues}
                xMode={view.lossX}
                onXModeChange={(lossX) => setView({ lossX })}
                logY={view.lossLogY}
                onLogYChange={(lossLogY) => setView({ lossLogY })}
              />
            </Section>
            <Section title="Importance and slices">
              {importance.data && importance.data.importances.length > 0 ? (
                <ParamImportance importances={importance.data.importances} method={importance.data.method} note={importanceNote(importance.data.trials, scored.length - finished.length)} />
              ) : (
                <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-500" data-testid="importance-empty">
                  {finished.length < 4 ? "Parameter importance appears after 4 completed trials." : importance.error ? `Could not estimate importance: ${importance.error.message}` : "Estimating parameter importance…"}
                </p>
              )}
            </Section>
          </div>
          <Section title="Parallel coordinates">
            <ParallelCoordinates trials={scored} axes={pcAxes} direction={objective.direction} brushes={view.brushes} onBrushChange={(brushes) => setView({ brushes })} onAxisOrderChange={(axisOrder) => setView({ axisOrder })} />
          </Section>
          <div className="grid gap-6 xl:grid-cols-2">
            <Section title="Scalars">
              <ScalarsSection experimentId={experiment.id} trials={brushed} objectiveMetric={objective.metric} direction={objective.direction} view={view} setView={setView} live={live} share={share} />
            </Section>
            <Section title="Slice">
              <SlicePlot trials={brushedFinished} params={paramAxes} objectiveLabel={objective.metric} param={view.slice ?? undefined} onParamChange={(slice) => setView({ slice })} logY={view.sliceLogY} onLogYChange={(sliceLogY) => setView({ sliceLogY })} />
            </Section>
          </div>
          <Section title="Trials" testId="trials-section">
            <TrialsSection experimentId={experiment.id} trials={brushed} total={trials.length} view={view} setView={setView} objectiveMetric={objective.metric} direction={objective.direction} readOnly={readOnly} />
          </Section>
        </>
      )}
    </div>
  );
}
