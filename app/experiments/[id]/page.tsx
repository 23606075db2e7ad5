import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/status-badge";
import { TrialsTable } from "@/components/trials-table";
import { formatValue } from "@/components/format";
import { AppError } from "@/lib/http/errors";
import { getExperiment } from "@/lib/server/get-experiment";
import { listTrials } from "@/lib/server/list-trials";

export const dynamic = "force-dynamic";

export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,12}$/.test(id)) notFound();
  const experimentId = Number(id);
  let experiment;
  try {
    experiment = await getExperiment({ id: experimentId });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
  const { trials } = await listTrials({ experimentId });
  const paramNames = [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();
  const objective = experiment.objectives[0]!;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href="/" className="text-sm text-slate-500 hover:text-slate-800">
            ← Experiments
          </Link>
          <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold tracking-tight" data-testid="experiment-name">
            {experiment.name} <StatusBadge status={experiment.status} />
          </h1>
          {experiment.description && <p className="mt-1 max-w-3xl text-sm text-slate-600">{experiment.description}</p>}
        </div>
        <dl className="grid grid-cols-3 gap-6 text-sm">
          <div>
            <dt className="text-slate-500">Objective</dt>
            <dd className="font-medium">
              {objective.direction} {objective.metric}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Trials</dt>
            <dd className="tabular font-medium" data-testid="experiment-progress">
              {experiment.trialsDone} / {experiment.maxTrials ?? "∞"}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Best</dt>
            <dd className="tabular font-mono font-medium" data-testid="experiment-best">
              {formatValue(experiment.bestValue)}
            </dd>
          </div>
        </dl>
      </div>
      <section className="space-y-2">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Trials</h2>
        <TrialsTable trials={trials} paramNames={paramNames} />
      </section>
    </div>
  );
}
