"use client";

import type { Issue } from "./types";

export interface LocatedIssue extends Issue {
  line?: number;
}

interface SpaceIssuesProps {
  id: string;
  issues: LocatedIssue[];
  checking: boolean;
  /** Whether the last check ran at all (false before the first answer or when it failed). */
  checked: boolean;
  onReveal: (line: number) => void;
}

/** The space's problems as `path: message`, each jumping to its line in the editor when it has one. */
export function SpaceIssues({ id, issues, checking, checked, onReveal }: SpaceIssuesProps) {
  return (
    <div id={id} data-testid="space-issues" data-count={issues.length} aria-live="polite" className="text-sm">
      {issues.length === 0 ? (
        <p className={`flex items-center gap-2 ${checked && !checking ? "text-emerald-700" : "text-slate-500"}`}>
          <span aria-hidden className={`inline-block h-2 w-2 rounded-full ${checked && !checking ? "bg-emerald-500" : "animate-pulse bg-slate-300"}`} />
          {checking || !checked ? "Checking the space…" : "The space is valid."}
        </p>
      ) : (
        <div className="rounded-md border border-rose-200 bg-rose-50">
          <p className="flex items-center justify-between border-b border-rose-100 px-3 py-1.5 text-xs font-medium text-rose-800">
            <span>
              {issues.length} problem{issues.length === 1 ? "" : "s"} in the space
            </span>
            {checking && <span className="font-normal text-rose-500">checking…</span>}
          </p>
          <ul className="divide-y divide-rose-100">
            {issues.map((issue) => (
              <li key={`${issue.path}|${issue.message}`} data-testid="space-issue" data-path={issue.path} data-line={issue.line} className="flex items-start gap-2 px-3 py-1.5">
                <span className="min-w-0 flex-1 break-words text-rose-900">
                  <span className="font-mono text-[12.5px] font-medium">{issue.path}</span>: {issue.message}
                </span>
                {issue.line !== undefined && (
                  <button type="button" onClick={() => onReveal(issue.line!)} className="shrink-0 rounded px-1.5 text-xs font-medium text-rose-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-rose-500" aria-label={`Go to line ${issue.line} of the space`}>
                    line {issue.line}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
