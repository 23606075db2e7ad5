import { ExperimentsTable } from "@/components/experiments-table";
import { listExperiments } from "@/lib/server/list-experiments";

export const dynamic = "force-dynamic";

export default async function ExperimentsPage() {
  const experiments = await listExperiments();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Experiments</h1>
        <p className="text-sm text-slate-600">Every sweep on this server, newest first.</p>
      </div>
      <ExperimentsTable experiments={experiments} />
    </div>
  );
}
