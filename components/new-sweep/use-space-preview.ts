"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { fetchJson } from "@/lib/client/fetch-json";
import type { Issue, PreviewResult } from "./types";

/** `value`, once it has stopped changing for `ms`. */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const isSpacePath = (path: string) => path === "space" || path.startsWith("space.") || path.startsWith("space[");

/**
 * The server checks the space, then the sampler, then the pruner, and stops at the first stage that
 * fails; so while the space is broken the settings would go unchecked. A probe swaps in a trivial space
 * and keeps only one of the two algorithms, so each one's settings are checked on their own.
 */
function settingsProbe(bodyJson: string, keep: "sampler" | "pruner"): string {
  const { sampler, pruner, ...body } = JSON.parse(bodyJson) as Record<string, unknown>;
  const probe: Record<string, unknown> = { ...body, space: { x: 0 }, spaceFormat: "json" };
  if (keep === "sampler" && sampler !== undefined) probe.sampler = sampler;
  if (keep === "pruner" && pruner !== undefined) probe.pruner = pruner;
  if (probe.objective === undefined && probe.objectives === undefined) probe.objective = { metric: "probe" };
  return JSON.stringify(probe);
}

function usePreviewQuery(bodyJson: string | null) {
  return useQuery({
    queryKey: ["new-sweep", "preview", bodyJson],
    queryFn: ({ signal }) => fetchJson<PreviewResult>("/api/ui/preview", { method: "POST", body: JSON.parse(bodyJson!) as unknown, signal }),
    enabled: bodyJson !== null,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
    refetchOnWindowFocus: false,
  });
}

/**
 * Live validation: the would-be create body goes to /api/ui/preview 300 ms after the last keystroke.
 * Keyed on the body's JSON, so going back to an earlier text answers from the cache at once; the
 * previous answer stays on screen while a new one loads, so issues and samples do not flicker.
 */
export function useSweepPreview(body: Record<string, unknown>) {
  const key = JSON.stringify(body);
  const debounced = useDebouncedValue(key, 300);
  const main = usePreviewQuery(debounced);
  const issues = main.data?.issues ?? [];
  const spaceBlocked = issues.some((i) => isSpacePath(i.path));
  const samplerBlocked = spaceBlocked || issues.some((i) => i.path.startsWith("sampler"));
  const samplerProbe = usePreviewQuery(spaceBlocked ? settingsProbe(debounced, "sampler") : null);
  const prunerProbe = usePreviewQuery(samplerBlocked ? settingsProbe(debounced, "pruner") : null);
  const extra: Issue[] = [
    ...(spaceBlocked ? (samplerProbe.data?.issues ?? []).filter((i) => i.path.startsWith("sampler")) : []),
    ...(samplerBlocked ? (prunerProbe.data?.issues ?? []).filter((i) => i.path.startsWith("pruner")) : []),
  ];
  const data: PreviewResult | undefined = main.data && { ...main.data, issues: [...main.data.issues, ...extra] };
  /** True while the shown answer is not yet the answer for what is on screen. */
  const checking = key !== debounced || main.isFetching || main.isPlaceholderData;
  return { data, error: main.error, checking };
}
