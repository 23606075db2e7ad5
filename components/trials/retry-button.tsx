"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import type { RetryTrialAction } from "@/lib/schemas/actions";

/** Queues a failed trial again with the same parameters; the next ask hands it out. */
export function RetryButton({ experimentId, trialId, retry }: { experimentId: number; trialId: number; retry: RetryTrialAction }) {
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ ok: true; number: number } | { ok: false; message: string } | null>(null);
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        disabled={pending || result?.ok === true}
        onClick={() =>
          startTransition(async () => {
            const r = await retry({ trialId });
            setResult(r.ok ? { ok: true, number: r.data } : { ok: false, message: r.error.message });
          })
        }
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-50"
        data-testid="retry-button"
      >
        Retry
      </button>
      {result?.ok === true && (
        <Link href={`/experiments/${experimentId}/trials/${result.number}`} className="text-sm text-emerald-700 hover:underline" data-testid="retry-result">
          queued as #{result.number}
        </Link>
      )}
      {result?.ok === false && (
        <span className="text-sm text-rose-700" role="alert">
          {result.message}
        </span>
      )}
    </span>
  );
}
