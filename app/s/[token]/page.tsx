import { ExperimentView } from "@/components/experiment/experiment-view";
import { AppError } from "@/lib/http/errors";
import { resolveShareToken } from "@/lib/server/dashboard-access";
import { getExperiment } from "@/lib/server/get-experiment";

export const dynamic = "force-dynamic";

async function load(token: string) {
  try {
    const { experimentId, viewState } = await resolveShareToken(token);
    return { experiment: await getExperiment({ id: experimentId }), viewState, problem: null };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return { experiment: null, viewState: {}, problem: error.message };
    throw error;
  }
}

/** A share link: one experiment, read-only, opening the view it was shared with; no token needed. */
export default async function SharedExperimentPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { experiment, viewState, problem } = await load(token);
  if (!experiment) {
    return (
      <div className="rounded-lg border border-slate-200 bg-white p-10 text-center" data-testid="share-invalid">
        <p className="text-lg font-medium">This link does not work</p>
        <p className="mt-1 text-sm text-slate-600">{problem}.</p>
      </div>
    );
  }
  return <ExperimentView initial={experiment} share={token} sharedView={viewState} />;
}
