import type { Metadata } from "next";
import { headers } from "next/headers";
import { WorkersTable } from "@/components/workers/workers-table";
import { listWorkers } from "@/lib/server/list-workers";
import { requirePageAccess } from "@/lib/server/page-access";
import { WORKER_LOST_AFTER_SEC } from "@/lib/server/worker-slots";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Workers" };

/** The machines that run launched sweeps, and how to add one. */
export default async function WorkersPage() {
  await requirePageAccess();
  const workers = await listWorkers();
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "127.0.0.1:3000"}`;
  return (
    <div className="space-y-6" data-testid="workers-page">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Workers</h1>
        <p className="text-sm text-slate-600">
          Machines waiting for work. Launch a sweep from its page and its trials run here, one per slot, each slot with its own GPUs. A worker silent for {WORKER_LOST_AFTER_SEC} s is offline.
        </p>
      </div>
      <WorkersTable initial={workers} />
      <section className="space-y-2 text-sm text-slate-600">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Add a worker</h2>
        <p>On a machine with Node 20+ (nothing else installed), with a token that has the write scope:</p>
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-[12.5px] text-slate-100" data-testid="worker-command">{`curl -fsSO ${origin}/sweepboard.mjs\nSWEEPBOARD_URL=${origin} SWEEPBOARD_TOKEN=<token> node sweepboard.mjs worker --gpus 0,1`}</pre>
        <p>
          Slurm and Kubernetes: see <code>examples/slurm</code> and <code>examples/kubernetes</code>.
        </p>
      </section>
    </div>
  );
}
