// Loading states rendered inside a page's own <Suspense>, after the page has checked that what it
// shows exists: a route-level loading.tsx would start the response (with a 200) before that check,
// so an unknown experiment or trial could never answer 404.

export function PageSkeleton() {
  return (
    <div className="animate-pulse space-y-3" data-testid="loading">
      <div className="h-7 w-48 rounded bg-slate-200" />
      <div className="h-40 rounded-lg bg-slate-200" />
    </div>
  );
}

export function ChartsSkeleton() {
  return (
    <div className="grid animate-pulse gap-4 md:grid-cols-2 xl:grid-cols-3" data-testid="loading">
      <div className="h-64 rounded-lg bg-slate-200" />
      <div className="h-64 rounded-lg bg-slate-200" />
      <div className="h-64 rounded-lg bg-slate-200" />
    </div>
  );
}
