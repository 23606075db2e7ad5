export default function Loading() {
  return (
    <div className="animate-pulse space-y-3" data-testid="loading">
      <div className="h-7 w-48 rounded bg-slate-200" />
      <div className="h-40 rounded-lg bg-slate-200" />
    </div>
  );
}
