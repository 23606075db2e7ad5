"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { decodeView, encodeView, parseView, type ViewState } from "./view-state";

/** The page's view, read from and written to `?v=` so that a copied URL reopens the same view. */
export function useViewState(fallback?: unknown): [ViewState, (patch: Partial<ViewState>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const raw = params.get("v");
  const view = useMemo(() => (raw === null && fallback !== undefined ? parseView(fallback) : decodeView(raw)), [raw, fallback]);
  const update = useCallback(
    (patch: Partial<ViewState>) => {
      const next = encodeView({ ...view, ...patch });
      const search = new URLSearchParams(params.toString());
      if (next) search.set("v", next);
      else search.delete("v");
      const qs = search.toString();
      // The History API, not router.replace: Next keeps useSearchParams in sync with it, and a view
      // change (every slider step) must not ask the server to render the page again.
      window.history.replaceState(null, "", qs ? `${pathname}?${qs}` : pathname);
    },
    [view, params, pathname],
  );
  return [view, update];
}
