import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { CompareBest } from "@/components/charts/compare-best";
import { PageSkeleton } from "@/components/skeletons";
import { AppError } from "@/lib/http/errors";
import { compareExperiments } from "@/lib/server/compare-experiments";
import { requirePageAccess } from "@/lib/server/page-access";

export const dynamic = "force-dynamic";

async function Comparison({ ids }: { ids: number[] }) {
  let error: string | null = ids.length < 2 ? "Pick at least two experiments on the experiments page to compare them." : null;
  let compared: Awaited<ReturnType<typeof compareExperiments>> = [];
  if (!error) {
    try {
      compared = await compareExperiments({ ids });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      error = e.message;
    }
  }
  const metrics = [...new Set(compared.map((c) => c.metric))];
  return (
    <>
      <p className="text-sm text-slate-600">{compared.map((c) => c.name).join(" · ")}</p>
      {error ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" role="alert" data-testid="compare-error">
          {error}
        </p>
      ) : (
        <>
          {metrics.length > 1 && <p className="text-sm text-amber-800">These sweeps optimise different metrics ({metrics.join(", ")}): their values may not be comparable.</p>}
          <CompareBest experiments={compared} objectiveLabel={metrics.join(" / ")} />
        </>
      )}
    </>
  );
}

export const metadata: Metadata = { title: "Compare sweeps" };

/** Several sweeps side by side: best-so-far curves and final distributions. `?ids=1,2,3`. */
export default async function ComparePage({ searchParams }: { searchParams: Promise<{ ids?: string | string[] }> }) {
  await requirePageAccess();
  const { ids: given = "" } = await searchParams;
  // `?ids=1&ids=2` arrives as an array: read every value, not only a string.
  const raw = Array.isArray(given) ? given.join(",") : given;
  const ids = [...new Set(raw.split(",").filter((s) => /^\d{1,12}$/.test(s)).map(Number))].slice(0, 12);
  return (
    <div className="space-y-6" data-testid="compare-page">
      <div>
        <Link href="/" className="text-sm text-slate-500 hover:text-slate-800">
          ← Experiments
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Compare sweeps</h1>
      </div>
      <Suspense fallback={<PageSkeleton />}>
        <Comparison ids={ids} />
      </Suspense>
    </div>
  );
}
