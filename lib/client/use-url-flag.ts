"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { replaceSearch } from "./replace-search";

/**
 * A boolean view setting kept in the URL as `?<name>=1` (absent: off), so a copied link reopens the same
 * view. Written with replaceSearch, like useViewState: a toggle must not render the page again.
 */
export function useUrlFlag(name: string): [boolean, (on: boolean) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const on = params.get(name) === "1";
  const set = useCallback(
    (next: boolean) => {
      replaceSearch(pathname, (search) => {
        if (next) search.set(name, "1");
        else search.delete(name);
      });
    },
    [name, pathname],
  );
  return [on, set];
}
