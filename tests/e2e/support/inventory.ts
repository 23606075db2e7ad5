import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

// What the server exposes, read from the source tree and the build so that a new route, page or
// server action is covered by the fuzz and authorization tests without anyone editing them.

const APP = "app";
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export interface RouteFile {
  /** URL pattern with Next's segments, e.g. `/api/v1/experiments/[id]/trials`. */
  pattern: string;
  file: string;
  /** The HTTP methods the file exports. */
  methods: string[];
}

export interface ActionEntry {
  id: string;
  exportedName: string;
  filename: string;
  /** Page patterns that bundle the action, e.g. `/experiments/[id]`. */
  pages: string[];
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** `app/(group)/experiments/[id]/page.tsx` -> `/experiments/[id]`: route groups and private folders dropped. */
function patternOf(file: string): string {
  const parts = relative(APP, file).split(sep).slice(0, -1);
  const segments = parts.filter((p) => !(p.startsWith("(") && p.endsWith(")")) && !p.startsWith("@"));
  return `/${segments.join("/")}`;
}

/** Every route.ts under app/api/<area> (v1, ui, and any area added later when `area` is omitted). */
export function listRouteFiles(area?: string): RouteFile[] {
  const root = area ? join(APP, "api", area) : join(APP, "api");
  if (!existsSync(root)) return [];
  return walk(root)
    .filter((f) => /[/\\]route\.(ts|tsx|js|mjs)$/.test(f))
    .map((file) => {
      const source = readFileSync(file, "utf8");
      const methods = HTTP_METHODS.filter((m) => new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b`).test(source) || new RegExp(`export\\s*\\{[^}]*\\b${m}\\b[^}]*\\}`).test(source));
      return { pattern: patternOf(file), file, methods: [...methods] };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** Every page pattern under app/, e.g. `/`, `/experiments/[id]/trials/[number]`. */
export function listPages(): string[] {
  return walk(APP)
    .filter((f) => /[/\\]page\.(tsx|ts|jsx|js)$/.test(f))
    .map(patternOf)
    .map((p) => (p === "/" ? "/" : p.replace(/\/$/, "")))
    .sort();
}

/** The server actions of the last build, from .next/server/server-reference-manifest.json. */
export function readActionManifest(): ActionEntry[] {
  const file = join(".next", "server", "server-reference-manifest.json");
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { node?: Record<string, { workers: Record<string, unknown>; exportedName?: string; filename?: string }> };
  return Object.entries(manifest.node ?? {}).map(([id, entry]) => {
    if (!entry.exportedName) throw new Error(`server action ${id} has no exportedName in the manifest: the manifest format changed, update tests/e2e/support/inventory.ts`);
    const pages = Object.keys(entry.workers)
      .filter((w) => w.startsWith("app/") && w.endsWith("/page"))
      .map((w) => {
        const p = w.slice("app".length, -"/page".length);
        return p === "" ? "/" : p;
      });
    // Real pages first: an action bundled by the root layout is also listed under /_not-found.
    pages.sort((x, y) => Number(x.startsWith("/_")) - Number(y.startsWith("/_")));
    return { id, exportedName: entry.exportedName, filename: entry.filename ?? "", pages };
  });
}

/** Fills `[id]`-style segments from `values` (by segment name); unknown segments get `fallback`. */
export function fillPattern(pattern: string, values: Record<string, string>, fallback = "1"): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_m, name: string) => values[name] ?? fallback);
}

export function segmentNames(pattern: string): string[] {
  return [...pattern.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((m) => m[1]!);
}
