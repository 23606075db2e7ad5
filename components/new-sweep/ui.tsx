import type { ReactNode } from "react";
import type { Issue } from "./types";

export const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/20 aria-[invalid=true]:border-rose-400 aria-[invalid=true]:ring-rose-500/10 disabled:bg-slate-50 disabled:text-slate-400";

export const compactSelectClass =
  "rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/20";

export const buttonClass =
  "inline-flex items-center gap-1.5 rounded-md bg-white px-2.5 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-50";

export const primaryButtonClass =
  "inline-flex items-center gap-2 rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60";

export function Card({ title, description, actions, children, id }: { title: string; description?: ReactNode; actions?: ReactNode; children: ReactNode; id?: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white shadow-sm" aria-labelledby={id ? `${id}-title` : undefined}>
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-3">
        <div>
          <h2 id={id ? `${id}-title` : undefined} className="text-sm font-semibold text-slate-900">
            {title}
          </h2>
          {description && <p className="mt-0.5 text-xs text-slate-500">{description}</p>}
        </div>
        {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
      </div>
      <div className="space-y-4 px-5 py-4">{children}</div>
    </section>
  );
}

/** A label, its control, a hint and the server's issues for it (linked with aria-describedby by the caller). */
export function Field({ id, label, hint, issues, children, className }: { id: string; label: ReactNode; hint?: ReactNode; issues?: Issue[]; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      <FieldIssues id={`${id}-issues`} issues={issues} />
    </div>
  );
}

export function FieldIssues({ id, issues }: { id: string; issues?: Issue[] }) {
  if (!issues || issues.length === 0) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-xs text-rose-700" aria-live="polite">
      {issues.map((issue) => (
        <li key={`${issue.path}|${issue.message}`} data-testid="field-issue" data-path={issue.path}>
          <span className="font-mono">{issue.path}</span>: {issue.message}
        </li>
      ))}
    </ul>
  );
}

/** aria props for a control whose field may show issues. */
export function describedBy(id: string, issues: Issue[] | undefined, hint = false) {
  const ids = [hint ? `${id}-hint` : "", issues && issues.length > 0 ? `${id}-issues` : ""].filter(Boolean).join(" ");
  return { "aria-invalid": issues && issues.length > 0 ? true : undefined, "aria-describedby": ids || undefined };
}
