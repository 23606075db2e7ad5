"use client";

import Link from "next/link";
import { useParams } from "next/navigation";

export default function TrialErrorPage({ reset }: { error: Error; reset: () => void }) {
  const { id } = useParams<{ id: string }>();
  return (
    <div className="rounded-lg border border-rose-200 bg-rose-50 p-8 text-center" data-testid="error-state">
      <p className="font-medium text-rose-800">Something went wrong loading this trial.</p>
      <p className="mt-1 text-sm text-rose-700">The server logged the details.</p>
      <div className="mt-4 flex items-center justify-center gap-3">
        <button type="button" onClick={reset} className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-rose-800 ring-1 ring-rose-300 hover:bg-rose-100">
          Try again
        </button>
        <Link href={`/experiments/${id}`} className="text-sm font-medium text-rose-800 hover:underline">
          Back to the experiment
        </Link>
      </div>
    </div>
  );
}
