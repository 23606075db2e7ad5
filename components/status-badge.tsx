const STYLES: Record<string, string> = {
  running: "bg-sky-50 text-sky-700 ring-sky-200",
  paused: "bg-amber-50 text-amber-700 ring-amber-200",
  completed: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  archived: "bg-slate-100 text-slate-600 ring-slate-200",
  complete: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  pruned: "bg-violet-50 text-violet-700 ring-violet-200",
  failed: "bg-rose-50 text-rose-700 ring-rose-200",
  waiting: "bg-slate-100 text-slate-600 ring-slate-200",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status] ?? STYLES.waiting}`} data-testid="status">
      {status}
    </span>
  );
}
