import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ChartsSkeleton } from "@/components/skeletons";
import { StatusBadge } from "@/components/status-badge";
import { TrialError, TrialFacts, TrialParams, TrialPruned, TrialTiming, TrialUserAttrs } from "@/components/trials/trial-detail";
import { TrialMetrics } from "@/components/trials/trial-metrics";
import { TrialRunOutput } from "@/components/trials/trial-output";
import { AppError } from "@/lib/http/errors";
import { getExperiment } from "@/lib/server/get-experiment";
import { getExperimentTitle } from "@/lib/server/get-page-title";
import { getTrialCharts } from "@/lib/server/get-trial-charts";
import { getTrialDetail } from "@/lib/server/get-trial-detail";
import { getTrialOutput } from "@/lib/server/get-trial-output";
import { requirePageAccess } from "@/lib/server/page-access";
import { RetryButton } from "@/components/trials/retry-button";
import { TrialNotes } from "@/components/trials/trial-notes";
import { retryTrialAction, updateTrialNotesAction } from "../../actions";

export const dynamic = "force-dynamic";

interface TrialPageProps {
  params: Promise<{ id: string; number: string }>;
}

export async function generateMetadata({ params }: TrialPageProps): Promise<Metadata> {
  const { id, number } = await params;
  const name = /^\d{1,12}$/.test(id) && /^\d{1,9}$/.test(number) ? await getExperimentTitle({ id: Number(id), trialNumber: Number(number) }) : null;
  return { title: name === null ? "Trial not found" : `Trial #${number} · ${name}` };
}

/** The charts read every point the trial reported: they stream in after the rest of the page. */
async function TrialCharts({ trialId, trialNumber }: { trialId: number; trialNumber: number }) {
  return <TrialMetrics trialNumber={trialNumber} metrics={await getTrialCharts({ trialId })} />;
}

/** The command and the output so far (up to 5,000 lines): streamed in too, the panel then polls for more. */
async function TrialOutputSection({ trialId }: { trialId: number }) {
  return <TrialRunOutput trialId={trialId} initial={await getTrialOutput({ trialId })} />;
}

// Everything before the <Suspense> below runs before the response starts, so an unknown experiment
// or trial answers a real 404 (a route loading.tsx would have sent a 200 first).
async function load(experimentId: number, number: number) {
  try {
    return await Promise.all([getExperiment({ id: experimentId }), getTrialDetail({ experimentId, number })]);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function TrialPage({ params }: TrialPageProps) {
  const access = await requirePageAccess();
  const { id, number } = await params;
  if (!/^\d{1,12}$/.test(id) || !/^\d{1,9}$/.test(number)) notFound();
  const experimentId = Number(id);
  const [experiment, { trial, retryOf }] = await load(experimentId, Number(number));
  const base = `/experiments/${experimentId}`;
  const navLink = "rounded-md px-2 py-1 text-sm text-slate-600 ring-1 ring-inset ring-slate-200 hover:bg-white hover:text-slate-900";
  return (
    <div className="space-y-6" data-testid="trial-detail">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <Link href={base} className="text-sm text-slate-500 hover:text-slate-800" data-testid="trial-experiment-link">
            ← {experiment.name}
          </Link>
          <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold tracking-tight">
            Trial #{trial.number}
            <span data-testid="trial-state">
              <StatusBadge status={trial.state} />
            </span>
          </h1>
        </div>
        <nav className="flex items-center gap-2" aria-label="Neighbouring trials">
          {trial.state === "failed" && access.canWrite && <RetryButton experimentId={experimentId} trialId={trial.id} retry={retryTrialAction} />}
          {trial.number > 0 && (
            <Link href={`${base}/trials/${trial.number - 1}`} className={navLink} data-testid="trial-prev">
              ← #{trial.number - 1}
            </Link>
          )}
          {trial.number + 1 < experiment.trialCount && (
            <Link href={`${base}/trials/${trial.number + 1}`} className={navLink} data-testid="trial-next">
              #{trial.number + 1} →
            </Link>
          )}
        </nav>
      </div>
      <TrialFacts trial={trial} objectives={experiment.objectives} retryOfHref={retryOf && `${base}/trials/${retryOf.number}`} retryOfNumber={retryOf?.number ?? null} />
      {trial.state === "pruned" && <TrialPruned trial={trial} objective={experiment.objectives[0]!} />}
      {trial.error && <TrialError error={trial.error} />}
      <TrialNotes trialId={trial.id} note={trial.note} tags={trial.tags} save={access.canWrite ? updateTrialNotesAction : null} />
      <div className="grid gap-6 lg:grid-cols-2">
        <TrialParams params={trial.params} />
        <div className="space-y-6">
          <TrialTiming trial={trial} />
          {Object.keys(trial.userAttrs).length > 0 && <TrialUserAttrs attrs={trial.userAttrs} />}
        </div>
      </div>
      <Suspense fallback={<div className="h-32 animate-pulse rounded-lg bg-slate-100" data-testid="trial-output-loading" />}>
        <TrialOutputSection trialId={trial.id} />
      </Suspense>
      <section className="space-y-2">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Metrics</h2>
        <Suspense fallback={<ChartsSkeleton />}>
          <TrialCharts trialId={trial.id} trialNumber={trial.number} />
        </Suspense>
      </section>
    </div>
  );
}
