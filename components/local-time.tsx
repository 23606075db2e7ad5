"use client";

import { useSyncExternalStore } from "react";
import { formatTimestamp } from "@/lib/shared/format";

const noop = () => () => {};

/**
 * A time in the viewer's zone, with the zone ("2026-12-02 07:01:02 UTC+1"). The server does not know the
 * viewer's zone, so its HTML says UTC (labelled as such, so never wrong); the browser then shows local time.
 */
export function LocalTime({ iso, testId }: { iso: string | null | undefined; testId?: string }) {
  const hydrated = useSyncExternalStore(noop, () => true, () => false);
  const text = formatTimestamp(iso, hydrated ? undefined : 0);
  return (
    <time dateTime={iso ?? undefined} data-testid={testId} data-local={hydrated || undefined} suppressHydrationWarning>
      {text}
    </time>
  );
}
