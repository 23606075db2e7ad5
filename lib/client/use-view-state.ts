"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { replaceSearch } from "./replace-search";
import { decodeView, encodeView, parseView, type ViewState } from "./view-state";

/** The view a `?v=` value stands for; without one, the fallback (a share link's stored view) or the defaults. */
function viewOf(raw: string | null, fallback: unknown): ViewState {
  return raw === null && fallback !== undefined ? parseView(fallback) : decodeView(raw);
}

/** How many of its own `?v=` values a page remembers, to tell them from a link's when they come back. */
const WRITTEN_MEMORY = 256;

/**
 * The page's view, written to `?v=` so that a copied URL reopens the same view.
 *
 * The view itself lives in this hook, not in the URL: Next applies each replaceState to its router (and so to
 * useSearchParams) later, in a transition, and while it catches up it writes the URLs it has reached back into
 * the history. Read back from there, a change made right after another (a slider after the end of a brush drag)
 * could land on an older view and write that older brush into the URL and a share link. So changes apply to the
 * latest view held here; a `?v=` that this page did not write (a link, back and forward) replaces it.
 */
export function useViewState(fallback?: unknown): [ViewState, (patch: Partial<ViewState>) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const raw = params.get("v");
  const [view, setView] = useState(() => viewOf(raw, fallback));
  const latest = useRef(view);
  const written = useRef<Array<string | null>>([]);

  useEffect(() => {
    if (written.current.includes(raw)) return;
    const next = viewOf(raw, fallback);
    latest.current = next;
    setView(next);
  }, [raw, fallback]);

  const update = useCallback(
    (patch: Partial<ViewState>) => {
      const next = { ...latest.current, ...patch };
      latest.current = next;
      setView(next);
      const encoded = encodeView(next) || null;
      const mine = written.current;
      mine.push(encoded);
      if (mine.length > WRITTEN_MEMORY) mine.splice(0, mine.length - WRITTEN_MEMORY);
      replaceSearch(pathname, (search) => {
        if (encoded) search.set("v", encoded);
        else search.delete("v");
      });
    },
    [pathname],
  );
  return [view, update];
}
