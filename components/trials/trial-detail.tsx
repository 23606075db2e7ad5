import Link from "next/link";
import type { ReactNode } from "react";
import { LocalTime } from "@/components/local-time";
import { formatNumber, formatParamValue } from "@/lib/shared/format";
import { formatDuration } from "@/lib/client/transforms/ticks";
import type { TrialDto } from "@/lib/schemas/trial";
import { durationMs } from "./rows";

// The trial page's static sections. Server components: no state, so nothing here ships to the browser.

export interface Objective {
  metric: string;
  direction: "minimize" | "maximize";
}

function Card({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white" data-testid={testId}>
      <h2 className="border-b border-slate-100 px-4 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
      {children}
    </section>
  );
}

/** Objective values, duration, worker and retry link in one row of figures. */
export function TrialFacts({ trial, objectives, retryOfHref, retryOfNumber }: { trial: TrialDto; objectives: ReadonlyArray<Objective>; retryOfHref: string | null; retryOfNumber: number | null }) {
  const duration = durationMs(trial.startedAt, trial.completedAt);
  const values = objectives.map((o, i) => ({ o, v: trial.values?.[i] ?? (i === 0 ? trial.value : null) }));
  return (
    <dl className="grid grid-cols-2 gap-x-8 gap-y-4 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm sm:grid-cols-4" data-testid="trial-facts">
      {values.map(({ o, v }, i) => (
        <div key={`${o.metric}-${i}`} className="min-w-0">
          <dt className="truncate text-slate-500">
            {o.direction === "minimize" ? "min" : "max"} {o.metric}
          </dt>
          <dd className="tabular font-mono text-lg font-medium" data-testid={i === 0 ? "trial-value" : undefined}>
            {formatNumber(v)}
          </dd>
        </div>
      ))}
      <div>
        <dt className="text-slate-500">Duration</dt>
        <dd className="tabular text-lg font-medium">{duration === null ? (trial.state === "running" ? "running" : "—") : formatDuration(duration / 1000)}</dd>
      </div>
      <div className="min-w-0">
        <dt className="text-slate-500">Worker</dt>
        <dd className="truncate font-mono text-sm leading-7" title={trial.workerId ?? undefined} data-testid="trial-worker">
          {trial.workerId ?? <span className="text-slate-400">—</span>}
        </dd>
      </div>
      <div>
        <dt className="text-slate-500">Retry of</dt>
        <dd className="text-sm leading-7" data-testid="trial-retry-of">
          {retryOfHref ? (
            <Link href={retryOfHref} className="font-medium text-indigo-700 hover:underline">
              trial #{retryOfNumber}
            </Link>
          ) : (
            <span className="text-slate-400">—</span>
          )}
        </dd>
      </div>
    </dl>
  );
}

export function TrialParams({ params }: { params: TrialDto["params"] }) {
  const entries = Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return (
    <Card title="Parameters" testId="trial-params">
      {entries.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-500">No parameters.</p>
      ) : (
        <table className="w-full text-sm">
          <tbody className="divide-y divide-slate-100">
            {entries.map(([name, value]) => (
              <tr key={name} data-testid="trial-param" data-param={name}>
                <th scope="row" className="w-1/2 px-4 py-1.5 text-left font-mono font-normal text-slate-600">
                  {name}
                </th>
                <td className="tabular break-all px-4 py-1.5 font-mono text-slate-900" title={String(value)}>
                  {formatParamValue(value)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

export function TrialTiming({ trial }: { trial: TrialDto }) {
  const rows: Array<[string, string | null]> = [
    ["Created", trial.createdAt],
    ["Started", trial.startedAt],
    ["Completed", trial.completedAt],
    ["Last heartbeat", trial.heartbeatAt],
  ];
  const duration = durationMs(trial.startedAt, trial.completedAt);
  return (
    <Card title="Timing" testId="trial-timing">
      <dl className="divide-y divide-slate-100 text-sm">
        {rows.map(([label, iso]) => (
          <div key={label} className="flex justify-between gap-4 px-4 py-1.5">
            <dt className="text-slate-500">{label}</dt>
            <dd className="tabular font-mono text-slate-900">
              <LocalTime iso={iso} />
            </dd>
          </div>
        ))}
        <div className="flex justify-between gap-4 px-4 py-1.5">
          <dt className="text-slate-500">Duration</dt>
          <dd className="tabular font-mono text-slate-900">{duration === null ? "—" : formatDuration(duration / 1000)}</dd>
        </div>
      </dl>
    </Card>
  );
}

export function TrialError({ error }: { error: string }) {
  return (
    <section className="rounded-lg border border-rose-200 bg-rose-50">
      <h2 className="border-b border-rose-200 px-4 py-2 text-xs font-semibold uppercase tracking-wide text-rose-700">Error</h2>
      <pre className="max-h-80 overflow-auto whitespace-pre px-4 py-3 font-mono text-xs leading-relaxed text-rose-900" data-testid="trial-error">
        {error}
      </pre>
    </section>
  );
}

export function TrialUserAttrs({ attrs }: { attrs: Record<string, unknown> }) {
  return (
    <Card title="User attributes" testId="trial-user-attrs">
      <pre className="max-h-64 overflow-auto px-4 py-3 font-mono text-xs text-slate-800">{JSON.stringify(attrs, null, 2)}</pre>
    </Card>
  );
}

/**
 * Where a pruned trial stopped and why: its last report, and the pruner's comparison when the pruner made
 * the call (recorded when it answered "stop"); without one the client stopped it on its own.
 */
export function TrialPruned({ trial, objective }: { trial: TrialDto; objective: Objective }) {
  const v = trial.pruneVerdict;
  const worse = objective.direction === "minimize" ? "higher (worse) than" : "lower (worse) than";
  return (
    <section className="rounded-lg border border-violet-200 bg-violet-50 px-4 py-3 text-sm text-violet-950" data-testid="trial-pruned">
      <p>
        Pruned at step <span className="tabular font-mono font-semibold" data-testid="pruned-step">{trial.lastStep ?? "—"}</span>, where {objective.metric} was{" "}
        <span className="tabular font-mono font-semibold" data-testid="pruned-value">{formatNumber(trial.lastValue ?? trial.value)}</span>: its value in every chart, the table and the export.
      </p>
      {v ? (
        <p className="mt-1" data-testid="pruned-reason">
          The <span className="font-medium">{v.pruner}</span> pruner stopped it at step <span className="tabular font-mono">{v.step}</span>, comparing its {v.rule}:{" "}
          {v.threshold === null ? (
            <>it had nothing to compare.</>
          ) : (
            <>
              <span className="tabular font-mono font-semibold">{formatNumber(v.value)}</span> is {worse} the threshold{" "}
              <span className="tabular font-mono font-semibold" data-testid="pruned-threshold">{formatNumber(v.threshold)}</span>.
            </>
          )}
        </p>
      ) : (
        <p className="mt-1 text-violet-800" data-testid="pruned-reason">
          No pruner decision is on record: its client stopped it on its own (the sweep&apos;s pruner never answered &quot;stop&quot; for it).
        </p>
      )}
    </section>
  );
}
