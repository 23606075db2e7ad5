"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { WorkerInfo } from "@/lib/schemas/worker";

const STATUS_STYLE: Record<WorkerInfo["status"], string> = {
  online: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  offline: "bg-amber-50 text-amber-800 ring-amber-200",
  stopped: "bg-slate-100 text-slate-600 ring-slate-200",
};

/** Every worker: host, slots, busy slots and what they run, last seen; refreshed every few seconds. */
export function WorkersTable({ initial }: { initial: WorkerInfo[] }) {
  const query = useQuery({
    queryKey: queryKeys.workers(),
    queryFn: ({ signal }) => fetchJson<{ workers: WorkerInfo[] }>("/api/ui/workers", { signal }).then((r) => r.workers),
    initialData: initial,
    refetchInterval: 3_000,
  });
  const workers = query.data;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-sm" data-testid="workers-table">
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2">Worker</th>
            <th className="px-4 py-2">Host</th>
            <th className="px-4 py-2">Status</th>
            <th className="px-4 py-2">Slots busy</th>
            <th className="px-4 py-2">Running</th>
            <th className="px-4 py-2">Last seen</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {workers.length === 0 && (
            <tr>
              <td colSpan={6} className="px-4 py-6 text-center text-slate-500" data-testid="workers-empty">
                No workers yet. Start one where the GPUs are (see below).
              </td>
            </tr>
          )}
          {workers.map((w) => (
            <tr key={w.id} data-testid="worker-row" data-worker-id={w.id}>
              <td className="px-4 py-2 font-medium text-slate-900">
                {w.name}
                {w.version && <span className="ml-2 text-xs font-normal text-slate-400">{w.version}</span>}
              </td>
              <td className="px-4 py-2 text-slate-600">{w.host}</td>
              <td className="px-4 py-2">
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STATUS_STYLE[w.status]}`} data-testid="worker-status">
                  {w.status}
                </span>
              </td>
              <td className="px-4 py-2 tabular-nums" data-testid="worker-busy">
                {w.assignments.length} / {w.slots}
              </td>
              <td className="px-4 py-2">
                <ul className="space-y-0.5">
                  {w.assignments.map((a) => (
                    <li key={a.id} className="text-xs text-slate-600">
                      slot {a.slot + 1}
                      {a.gpus ? ` (GPU ${a.gpus})` : ""}:{" "}
                      <Link href={`/experiments/${a.experimentId}`} className="text-indigo-600 hover:underline">
                        {a.experimentName}
                      </Link>
                    </li>
                  ))}
                </ul>
              </td>
              <td className="px-4 py-2 text-slate-600">
                <LocalTime iso={w.lastSeenAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
