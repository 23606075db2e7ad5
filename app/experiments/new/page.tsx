import type { Metadata } from "next";
import Link from "next/link";
import { NewSweepForm } from "@/components/new-sweep/new-sweep-form";
import { requirePageAccess } from "@/lib/server/page-access";
import { pythonClientWheelName } from "@/lib/server/python-client";
import { createExperimentAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New sweep" };

export default async function NewSweepPage() {
  const access = await requirePageAccess();
  return (
    <div className="space-y-6">
      <div>
        <Link href="/" className="text-sm text-slate-500 hover:text-slate-800">
          ← Experiments
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">New sweep</h1>
        <p className="text-sm text-slate-600">Describe what to search and how; the space is checked as you type, with a few sample configurations.</p>
      </div>
      {access.canWrite ? (
        <NewSweepForm createAction={createExperimentAction} pythonWheel={await pythonClientWheelName()} />
      ) : (
        <p className="rounded-lg border border-amber-200 bg-amber-50 p-6 text-sm text-amber-900" data-testid="form-error">
          Your API token can read but not write, so it cannot create sweeps. Sign in with a token that has the &quot;write&quot; scope.
        </p>
      )}
    </div>
  );
}
