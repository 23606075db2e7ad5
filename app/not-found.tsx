import type { Metadata } from "next";
import Link from "next/link";

// The root segment is the layout's own: its title template does not apply here.
export const metadata: Metadata = { title: { absolute: "Not found · Sweepboard" } };

export default function NotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-10 text-center" data-testid="not-found">
      <p className="text-lg font-medium">Not found</p>
      <p className="mt-1 text-sm text-slate-600">That page or experiment does not exist.</p>
      <Link href="/" className="mt-4 inline-block text-sm text-indigo-700 hover:underline">
        Back to experiments
      </Link>
    </div>
  );
}
