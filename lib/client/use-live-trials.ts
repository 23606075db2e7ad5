"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";
import type { TrialsSnapshot } from "@/lib/schemas/ui";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";
import { mergeTrialColumns, sortedTrials, type LiveTrial } from "./trial-store";

export const LIVE_INTERVAL_MS = 1_500;

/**
 * Every trial of an experiment, kept live: the first fetch takes all trials, each later one (every
 * 1.5 s while `live`) only those changed since the previous snapshot, merged in by id.
 */
export function useLiveTrials(experimentId: number, opts: { live: boolean; share?: string | null; syncKey?: string }) {
  const store = useRef<{ map: ReadonlyMap<number, LiveTrial> | null; since: string | null; version: string }>({ map: null, since: null, version: "" });
  const query = useQuery({
    queryKey: queryKeys.trials(experimentId),
    queryFn: async ({ signal }) => {
      const since = store.current.since;
      const url = `/api/ui/experiments/${experimentId}/trials${since ? `?since=${encodeURIComponent(since)}` : ""}`;
      const snapshot = await fetchJson<TrialsSnapshot>(url, { share: opts.share, signal });
      const previous = store.current;
      const map = mergeTrialColumns(snapshot.full ? null : previous.map, snapshot.trials, experimentId);
      // Unchanged trials keep the previous answer object, so React Query reports no change at all.
      const version = map === previous.map ? previous.version : snapshot.serverTime;
      store.current = { map, since: snapshot.serverTime, version };
      return { map, version };
    },
    refetchInterval: opts.live ? LIVE_INTERVAL_MS : false,
    staleTime: LIVE_INTERVAL_MS,
  });
  // When the experiment's own counts change (a trial finished, the sweep completed and polling is about
  // to stop), fetch the trials once more so the table never ends a step behind the header.
  const { refetch } = query;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void refetch();
  }, [opts.syncKey, refetch]);
  const trials = useMemo(() => (query.data ? sortedTrials(query.data.map) : []), [query.data]);
  return { trials, isLoading: query.isLoading, error: query.error, version: query.data?.version ?? null };
}
