"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="rounded-lg border border-rose-200 bg-rose-50 p-8 text-center" data-testid="error-state">
      <p className="font-medium text-rose-800">Something went wrong loading this page.</p>
      <p className="mt-1 text-sm text-rose-700">The server logged the details.</p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-white px-3 py-1.5 text-sm font-medium text-rose-800 ring-1 ring-rose-300 hover:bg-rose-100">
        Try again
      </button>
    </div>
  );
}
