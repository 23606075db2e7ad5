import type { Metadata } from "next";
import { Suspense } from "react";
import { ExperimentsList } from "@/components/experiments/experiments-list";
import { PageSkeleton } from "@/components/skeletons";
import { listExperiments } from "@/lib/server/list-experiments";
import { requirePageAccess } from "@/lib/server/page-access";
import { setArchivedAction } from "./actions";

export const dynamic = "force-dynamic";
// The root segment is the layout's own: its title template does not apply here.
export const metadata: Metadata = { title: { absolute: "Experiments · Sweepboard" } };

async function Experiments() {
  return <ExperimentsList initial={await listExperiments()} setArchived={setArchivedAction} />;
}

export default async function ExperimentsPage() {
  // Before the <Suspense>: the sign-in redirect stays a real redirect, not one streamed after a 200.
  await requirePageAccess();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Experiments</h1>
        <p className="text-sm text-slate-600">Every sweep on this server, newest first; updates live.</p>
      </div>
      <Suspense fallback={<PageSkeleton />}>
        <Experiments />
      </Suspense>
    </div>
  );
}
