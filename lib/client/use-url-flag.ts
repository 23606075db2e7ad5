"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * A boolean view setting kept in the URL as `?<name>=1` (absent: off), so a copied link reopens the same
 * view. Written with the History API, like useViewState: a toggle must not render the page again.
 */
export function useUrlFlag(name: string): [boolean, (on: boolean) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const on = params.get(name) === "1";
  const set = useCallback(
    (next: boolean) => {
      const search = new URLSearchParams(params.toString());
      if (next) search.set(name, "1");
      else search.delete(name);
      const qs = search.toString();
      window.history.replaceState(null, "", qs ? `${pathname}?${qs}` : pathname);
    },
    [name, params, pathname],
  );
  return [on, set];
}
