// A page's first data requests, sent by a small inline script while the HTML is still being parsed, before
// the JavaScript bundle has loaded and React has hydrated (most of a second on a large sweep). The client's
// first fetch of the same path takes the response instead of asking again. Only for GETs that carry no
// headers (the signed-in page; a share link's requests carry its token in a header).

const KEY = "__sweepboardEarly";

/** The inline script that starts the GETs (paths are same-origin API paths, JSON-encoded into the script). */
export function earlyFetchScript(paths: ReadonlyArray<string>): string {
  const list = JSON.stringify(paths.filter((p) => p.startsWith("/api/"))).replace(/</g, "\\u003c");
  return `(function(){try{var e=window.${KEY}=window.${KEY}||{};${list}.forEach(function(p){e[p]=fetch(p,{cache:"no-store"}).catch(function(){return null})})}catch(_){}})();`;
}

type EarlyStore = Record<string, Promise<Response | null> | undefined>;

/** The early response for a path, once: a later call (a poll) asks the server again. */
export function takeEarlyResponse(path: string): Promise<Response | null> | undefined {
  if (typeof window === "undefined") return undefined;
  const store = (window as unknown as Record<string, EarlyStore | undefined>)[KEY];
  const hit = store?.[path];
  if (store && hit) delete store[path];
  return hit;
}
