"use client";

import Link from "next/link";
import type { Objective } from "@/lib/optimizer";
import type { TrialDto } from "@/lib/schemas/trial";
import { formatNumber, formatParamValue } from "@/lib/shared/format";

export interface BestTrialCardProps {
  experimentId: number;
  objective: Objective;
  /** The server's best: value and trial number (complete, feasible trials only). */
  bestValue: number | null;
  bestTrialNumber: number | null;
  /** The best trial as the page holds it, for its parameters; undefined while the trials load. */
  trial: TrialDto | undefined;
  /** Several objectives: the best of the first one is one of the Pareto front's trials. */
  objectiveCount: number;
  /** A share link's page links to its own read-only trial pages: none. */
  linkable: boolean;
  /** Shows the trial in every chart (selects it: the scalars draw its curves, the table marks it). */
  onShow: (trial: TrialDto) => void;
  shown: boolean;
}

/** The sweep's best trial so far: its number, value and parameters, a link to it, and "show in charts". */
export function BestTrialCard({ experimentId, objective, bestValue, bestTrialNumber, trial, objectiveCount, linkable, onShow, shown }: BestTrialCardProps) {
  if (bestValue === null || bestTrialNumber === null) {
    return (
      <section className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-3 text-sm text-slate-500" data-testid="best-trial-empty">
        No complete trial yet: the best trial shows here.
      </section>
    );
  }
  const params = trial ? Object.entries(trial.params) : [];
  return (
    <section className="rounded-lg border border-emerald-200 bg-emerald-50/50 px-4 py-3" data-testid="best-trial" aria-label="Best trial">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-emerald-800">
          Best trial{objectiveCount > 1 ? ` by ${objective.metric}` : ""}
        </h2>
        {linkable ? (
          <Link href={`/experiments/${experimentId}/trials/${bestTrialNumber}`} className="font-semibold text-indigo-700 hover:underline" data-testid="best-trial-link">
            #<span data-testid="best-trial-number">{bestTrialNumber}</span>
          </Link>
        ) : (
          <span className="font-semibold" data-testid="best-trial-link">
            #<span data-testid="best-trial-number">{bestTrialNumber}</span>
          </span>
        )}
        <span className="text-sm text-slate-600">
          {objective.direction === "minimize" ? "lowest" : "highest"} {objective.metric}{" "}
          <span className="tabular font-mono font-semibold text-slate-900" data-testid="best-trial-value">
            {formatNumber(bestValue)}
          </span>
        </span>
        {trial && (
          <button
            type="button"
            onClick={() => onShow(trial)}
            disabled={shown}
            className="ml-auto rounded-md border border-emerald-300 bg-white px-2.5 py-1 text-xs font-medium text-emerald-800 hover:bg-emerald-100 disabled:opacity-60"
            data-testid="best-trial-show"
          >
            {shown ? "Shown in charts" : "Show in charts"}
          </button>
        )}
      </div>
      {params.length > 0 && (
        <dl className="mt-2 flex flex-wrap gap-x-5 gap-y-1 text-sm" data-testid="best-trial-params">
          {params.map(([name, value]) => (
            <div key={name} className="flex gap-1.5" data-testid="best-trial-param" data-param={name}>
              <dt className="font-mono text-slate-500">{name}</dt>
              <dd className="tabular font-mono text-slate-900">{formatParamValue(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
