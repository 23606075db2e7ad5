"use client";

import Link from "next/link";
import { useParams } from "next/navigation";

export default function TrialNotFound() {
  const params = useParams<{ id: string; number: string }>();
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-10 text-center" data-testid="not-found">
      <p className="text-lg font-medium">Trial not found</p>
      <p className="mt-1 text-sm text-slate-600">
        Experiment {params.id} has no trial #{params.number}, or the experiment does not exist.
      </p>
      <Link href={`/experiments/${params.id}`} className="mt-4 inline-block text-sm text-indigo-700 hover:underline">
        Back to the experiment
      </Link>
    </div>
  );
}
