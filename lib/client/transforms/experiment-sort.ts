import type { ExperimentSummary } from "@/lib/schemas/experiment";

export const EXPERIMENT_SORT_KEYS = ["name", "status", "objective", "progress", "running", "best", "updated"] as const;
export type ExperimentSortKey = (typeof EXPERIMENT_SORT_KEYS)[number];
export interface ExperimentSort {
  key: ExperimentSortKey;
  dir: "asc" | "desc";
}

/** Newest activity first: what the list showed before it could be sorted. */
export const DEFAULT_EXPERIMENT_SORT: ExperimentSort = { key: "updated", dir: "desc" };

const STATUS_ORDER = ["running", "paused", "completed", "archived"];

function sortValue(e: ExperimentSummary, key: ExperimentSortKey): string | number | null {
  switch (key) {
    case "name":
      return e.name.toLowerCase();
    case "status":
      return STATUS_ORDER.indexOf(e.status);
    case "objective":
      return e.objectives[0]?.metric.toLowerCase() ?? null;
    case "progress":
      // Share of the budget done; an open-ended sweep sorts by its count after every budgeted one.
      return e.maxTrials ? e.trialsDone / e.maxTrials : null;
    case "running":
      return e.trialsRunning;
    case "best":
      return e.bestValue;
    case "updated":
      return Date.parse(e.updatedAt);
  }
}

/**
 * The list in the chosen order. Stable (ties keep the newest id first), and experiments without a value for
 * the key (no best yet, no budget) go last in either direction, so sorting by best never opens with blanks.
 */
export function sortExperiments(experiments: ReadonlyArray<ExperimentSummary>, sort: ExperimentSort): ExperimentSummary[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  return experiments
    .map((e) => ({ e, v: sortValue(e, sort.key) }))
    .sort((a, b) => {
      const missA = a.v === null || (typeof a.v === "number" && Number.isNaN(a.v));
      const missB = b.v === null || (typeof b.v === "number" && Number.isNaN(b.v));
      if (missA || missB) return missA === missB ? b.e.id - a.e.id : missA ? 1 : -1;
      const cmp = a.v! < b.v! ? -1 : a.v! > b.v! ? 1 : 0;
      return cmp === 0 ? b.e.id - a.e.id : sign * cmp;
    })
    .map((x) => x.e);
}

/** Reads `?sort=key&dir=asc|desc`; anything else is the default. */
export function parseExperimentSort(key: string | null, dir: string | null): ExperimentSort {
  if (!key || !(EXPERIMENT_SORT_KEYS as readonly string[]).includes(key)) return DEFAULT_EXPERIMENT_SORT;
  return { key: key as ExperimentSortKey, dir: dir === "asc" ? "asc" : dir === "desc" ? "desc" : defaultDir(key as ExperimentSortKey) };
}

/** The direction a first click on a column sorts in: text A to Z, numbers and times highest first. */
export function defaultDir(key: ExperimentSortKey): "asc" | "desc" {
  return key === "name" || key === "status" || key === "objective" ? "asc" : "desc";
}

/** Clicking a column: sort by it, or flip it when it is already the sort. */
export function nextExperimentSort(current: ExperimentSort, key: ExperimentSortKey): ExperimentSort {
  if (current.key === key) return { key, dir: current.dir === "asc" ? "desc" : "asc" };
  return { key, dir: defaultDir(key) };
}
