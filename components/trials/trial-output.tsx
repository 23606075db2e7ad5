"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { LocalTime } from "@/components/local-time";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { TrialOutputPage } from "@/lib/schemas/trial-output";
import { TrialCommand } from "./trial-command";

const POLL_MS = 1000;
/** Lines the panel holds at most (the server keeps the last 1 MiB; a long live view must not grow forever). */
const MAX_SHOWN = 20_000;

async function fetchMore(trialId: number, previous: TrialOutputPage | undefined, signal: AbortSignal): Promise<TrialOutputPage> {
  const after = previous?.lastSeq ?? -1;
  const page = await fetchJson<TrialOutputPage>(`/api/ui/trials/${trialId}/output?after=${after}`, { signal });
  if (!previous) return page;
  const lines = [...previous.lines, ...page.lines];
  return { ...page, lines: lines.length > MAX_SHOWN ? lines.slice(-MAX_SHOWN) : lines };
}

/**
 * The trial's command and its output, live while it runs: each poll asks only for the lines after the last
 * one held, and polling stops once the trial is no longer running. The panel follows the end unless the
 * viewer scrolled up.
 */
export function TrialRunOutput({ trialId, initial }: { trialId: number; initial: TrialOutputPage }) {
  const client = useQueryClient();
  const key = queryKeys.trialOutput(trialId);
  const { data = initial, error } = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchMore(trialId, client.getQueryData<TrialOutputPage>(key) ?? initial, signal),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.state === "running" || query.state.data?.more ? POLL_MS : false),
    refetchOnWindowFocus: false,
  });
  // The trial ended while the page was open: refresh the rest of the page (its state, values, charts) once.
  const router = useRouter();
  const ended = initial.state === "running" && data.state !== "running";
  useEffect(() => {
    if (ended) router.refresh();
  }, [ended, router]);
  const box = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  useLayoutEffect(() => {
    const el = box.current;
    if (el && following) el.scrollTop = el.scrollHeight;
  }, [data.lines.length, following]);

  const live = data.state === "running";
  return (
    <>
      <TrialCommand command={data.command} />
      <section className="space-y-2" data-testid="trial-output">
        <div className="flex items-center justify-between gap-2">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Output</h2>
          <span className="text-xs text-slate-500" data-testid="trial-output-status">
            {live ? "live" : "ended"} · {data.lines.length.toLocaleString("en-US")} lines
          </span>
        </div>
        {error && (
          <p className="text-sm text-red-700" role="alert" data-testid="trial-output-error">
            Could not load more output: {error.message}
          </p>
        )}
        {data.lines.length === 0 && data.droppedLines === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-500" data-testid="trial-output-empty">
            {live ? "No output yet." : "This trial printed nothing (or its agent did not send its output)."}
          </p>
        ) : (
          <div
            ref={box}
            onScroll={(e) => {
              const el = e.currentTarget;
              setFollowing(el.scrollHeight - el.scrollTop - el.clientHeight < 24);
            }}
            className="max-h-96 overflow-auto rounded-lg bg-slate-950 px-3 py-2 font-mono text-[12px] leading-5 text-slate-100"
            data-testid="trial-output-lines"
            tabIndex={0}
            aria-label="Output"
          >
            {data.droppedLines > 0 && (
              <p className="text-slate-400 italic" data-testid="trial-output-dropped">
                {data.droppedLines.toLocaleString("en-US")} earlier lines dropped ({Math.round(data.droppedBytes / 1024).toLocaleString("en-US")} KiB: a trial keeps its last 1 MiB)
              </p>
            )}
            {data.lines.map((line) => (
              <div key={line.seq} className={`whitespace-pre-wrap break-all ${line.stream === "stderr" ? "text-amber-300" : ""}`} data-testid="trial-output-line" data-stream={line.stream}>
                {line.stream === "stderr" && <span className="mr-2 select-none text-[10px] uppercase text-amber-500">err</span>}
                {line.text}
              </div>
            ))}
          </div>
        )}
        {data.lines.length > 0 && (
          <p className="text-[11px] text-slate-400">
            first line shown at <LocalTime iso={data.lines[0]!.at} />, last at <LocalTime iso={data.lines.at(-1)!.at} testId="trial-output-last-at" />
          </p>
        )}
      </section>
    </>
  );
}
