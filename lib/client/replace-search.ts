"use client";

/**
 * Changes the page's query string in place with the History API: not router.replace, because Next keeps
 * useSearchParams in sync with it, and a view change (every slider step) must not render the page again.
 *
 * `edit` gets the query as it is now, not the useSearchParams of the last render: Next updates those after a
 * replaceState in a transition, so a parameter written a moment ago would be missing from them. Next may also
 * write an older URL back while it catches up, so a value that must not go back in time (the view, `?v=`) is
 * held by its hook and only recorded here (useViewState).
 */
export function replaceSearch(pathname: string, edit: (search: URLSearchParams) => void): void {
  const search = new URLSearchParams(window.location.search);
  edit(search);
  const qs = search.toString();
  window.history.replaceState(null, "", qs ? `${pathname}?${qs}` : pathname);
}
