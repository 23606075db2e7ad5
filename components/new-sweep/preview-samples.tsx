import { formatParamValue } from "@/lib/shared/format";
import type { PreviewResult } from "./types";
import { own } from "@/lib/shared/own";

/** A few configurations drawn from the space, as an agent would receive them (flat parameter paths). */
export function PreviewSamples({ samples, stale }: { samples: PreviewResult["samples"]; stale: boolean }) {
  const columns: string[] = [];
  for (const sample of samples) for (const key of Object.keys(sample)) if (!columns.includes(key)) columns.push(key);
  return (
    <div data-testid="preview-samples" data-count={samples.length} aria-busy={stale || undefined} className={stale ? "opacity-60 transition-opacity" : "transition-opacity"}>
      {samples.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">Samples appear here once the space is valid.</p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-slate-200">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs font-medium text-slate-500">
              <tr>
                <th className="px-3 py-2 text-right">#</th>
                {columns.map((c) => (
                  <th key={c} className="whitespace-nowrap px-3 py-2 font-mono font-medium">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {samples.map((sample, i) => (
                <tr key={i} data-testid="preview-sample">
                  <td className="tabular px-3 py-1.5 text-right text-slate-400">{i + 1}</td>
                  {columns.map((c) => (
                    <td key={c} className="tabular whitespace-nowrap px-3 py-1.5 font-mono text-slate-700">
                      {Object.hasOwn(sample, c) ? formatParamValue(own(sample, c) ?? null) : <span className="text-slate-300">—</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
