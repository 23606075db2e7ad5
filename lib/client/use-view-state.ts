"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { replaceSearch } from "./replace-search";
import { decodeView, encodeView, parseView, type ViewState } from "./view-state";

/** The view a `?v=` value stands for; without one, the fallback (a share link's stored view) or the defaults. */
function viewOf(raw: string | null, fallback: unknown): ViewState {
  return raw === null && fallback !== undefined ? parseView(fallback) : decodeView(raw);
}

/** The page's view, read from and written to `?v=` so that a copied URL reopens the same view. */
export function useViewState(fallback?: unknown): [ViewState, (patch: Partial<ViewState>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const raw = params.get("v");
  const view = useMemo(() => viewOf(raw, fallback), [raw, fallback]);
  const update = useCallback(
    (patch: Partial<ViewState>) => {
      replaceSearch(pathname, (search) => {
        const next = encodeView({ ...viewOf(search.get("v"), fallback), ...patch });
        if (next) search.set("v", next);
        else search.delete("v");
      });
    },
    [fallback, pathname],
  );
  return [view, update];
}
