// The token API's route files: every route.ts under app/api/v1, with the route path Next gives it. The
// production server's route table (scripts/build-server.mjs) and its tests read the app directory through
// this one function, so the folders stay the only list of routes.
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

const root = new URL("..", import.meta.url).pathname;

/** @returns {Array<[string, string]>} [route path such as "/api/v1/trials/[id]/metrics", absolute file], sorted by path. */
export function apiRouteFiles(dir = join(root, "app/api/v1")) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...apiRouteFiles(path));
    else if (entry.name === "route.ts") out.push(["/" + relative(join(root, "app"), dir).split(sep).join("/"), path]);
  }
  return out.sort(([a], [b]) => a.localeCompare(b));
}
