import type { TrialDto } from "@/lib/schemas/trial";
import { formatParam, formatValue } from "./format";
import { StatusBadge } from "./status-badge";

export function TrialsTable({ trials, paramNames }: { trials: TrialDto[]; paramNames: string[] }) {
  if (trials.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600" data-testid="trials-empty">
        No trials yet. Ask for one with <code className="rounded bg-slate-100 px-1">POST /api/v1/experiments/&lt;id&gt;/trials</code>.
      </div>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-sm" data-testid="trials-table">
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-3 py-2 text-right">#</th>
            <th className="px-3 py-2">State</th>
            <th className="px-3 py-2 text-right">Value</th>
            {paramNames.map((p) => (
              <th key={p} className="px-3 py-2 font-mono normal-case">
                {p}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {trials.map((t) => (
            <tr key={t.id} data-testid="trial-row" data-trial-number={t.number}>
              <td className="tabular px-3 py-1.5 text-right text-slate-500">{t.number}</td>
              <td className="px-3 py-1.5">
                <StatusBadge status={t.state} />
              </td>
              <td className="tabular px-3 py-1.5 text-right font-mono" data-testid="trial-value">
                {formatValue(t.value)}
              </td>
              {paramNames.map((p) => (
                <td key={p} className="tabular px-3 py-1.5 font-mono text-slate-700">
                  {p in t.params ? formatParam(t.params[p]) : <span className="text-slate-300">—</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
