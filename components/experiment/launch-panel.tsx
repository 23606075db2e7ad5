"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, useTransition } from "react";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { ExperimentActions } from "@/lib/schemas/actions";
import type { LaunchedSlot } from "@/lib/schemas/worker";

const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-50";

/**
 * Launch the sweep onto free worker slots (each runs the sweep's stored command), see which slots hold it, take
 * them back. A sweep without a stored command cannot be launched: the panel says so.
 */
export function LaunchPanel({ experimentId, running, hasCommand, actions }: { experimentId: number; running: boolean; hasCommand: boolean; actions: ExperimentActions }) {
  const client = useQueryClient();
  const [slots, setSlots] = useState("1");
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const launch = useQuery({
    queryKey: queryKeys.launch(experimentId),
    queryFn: ({ signal }) => fetchJson<{ slots: LaunchedSlot[] }>(`/api/ui/experiments/${experimentId}/launch`, { signal }).then((r) => r.slots),
    refetchInterval: 3_000,
  });
  const held = launch.data ?? [];

  function submit() {
    const n = Number(slots);
    if (!/^\d+$/.test(slots.trim()) || n < 1) {
      setMessage({ kind: "error", text: "slots: give a whole number of slots, 1 or more" });
      return;
    }
    setMessage(null);
    startTransition(async () => {
      const result = await actions.launch({ id: experimentId, slots: n });
      if (result.ok) {
        const machines = new Set(result.data.map((s) => s.workerName)).size;
        setMessage({ kind: "ok", text: `Launched on ${result.data.length} slot${result.data.length === 1 ? "" : "s"} of ${machines} worker${machines === 1 ? "" : "s"}${result.data.length < n ? ` (${n} asked; the others are busy)` : ""}.` });
      } else setMessage({ kind: "error", text: result.error.message });
      await client.invalidateQueries({ queryKey: queryKeys.launch(experimentId) });
    });
  }

  function recall() {
    setMessage(null);
    startTransition(async () => {
      const result = await actions.recallLaunch({ id: experimentId });
      setMessage(result.ok ? { kind: "ok", text: `Took back ${result.data} slot${result.data === 1 ? "" : "s"}: their runs stop within seconds.` } : { kind: "error", text: result.error.message });
      await client.invalidateQueries({ queryKey: queryKeys.launch(experimentId) });
    });
  }

  return (
    <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-3" data-testid="launch-panel">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-medium text-slate-700">Workers</span>
        {hasCommand ? (
          <>
            <label className="flex items-center gap-1 text-sm text-slate-600">
              slots
              <input className="w-16 rounded-md border border-slate-300 px-2 py-1 text-sm" inputMode="numeric" value={slots} onChange={(e) => setSlots(e.target.value)} aria-label="Slots to launch" data-testid="launch-slots" />
            </label>
            <button type="button" className={button} disabled={pending || !running} onClick={submit} title={running ? "Give the sweep free worker slots" : "Resume the sweep to launch it"} data-testid="launch-button">
              Launch
            </button>
            {held.length > 0 && (
              <button type="button" className={button} disabled={pending} onClick={recall} data-testid="recall-button">
                Take back
              </button>
            )}
          </>
        ) : (
          <span className="text-sm text-slate-500" data-testid="launch-no-command">
            This sweep stores no command, so workers have nothing to run: create a sweep with a command to launch it, or run agents by hand.
          </span>
        )}
        <Link href="/workers" className="ml-auto text-sm text-indigo-600 hover:underline">
          All workers →
        </Link>
      </div>
      {message && (
        <p className={`text-sm ${message.kind === "error" ? "text-red-700" : "text-emerald-700"}`} role={message.kind === "error" ? "alert" : "status"} data-testid="launch-message">
          {message.text}
        </p>
      )}
      {held.length > 0 && (
        <ul className="flex flex-wrap gap-2 text-xs" data-testid="launch-slots-held">
          {held.map((s) => (
            <li key={s.id} className={`rounded-full px-2 py-0.5 ring-1 ${s.online ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : "bg-amber-50 text-amber-800 ring-amber-200"}`} data-testid="launch-slot">
              {s.workerName} · slot {s.slot + 1}
              {s.gpus ? ` · GPU ${s.gpus}` : ""}
              {s.online ? "" : " · offline"}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
