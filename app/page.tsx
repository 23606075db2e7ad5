import { ExperimentsList } from "@/components/experiments/experiments-list";
import { listExperiments } from "@/lib/server/list-experiments";
import { requirePageAccess } from "@/lib/server/page-access";
import { setArchivedAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function ExperimentsPage() {
  await requirePageAccess();
  const experiments = await listExperiments();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Experiments</h1>
        <p className="text-sm text-slate-600">Every sweep on this server, newest first; updates live.</p>
      </div>
      <ExperimentsList initial={experiments} setArchived={setArchivedAction} />
    </div>
  );
}
