"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { replaceSearch } from "@/lib/client/replace-search";
import { useMemo, useState, useTransition } from "react";
import { fetchJson } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import { DEFAULT_EXPERIMENT_SORT, nextExperimentSort, parseExperimentSort, sortExperiments, type ExperimentSortKey } from "@/lib/client/transforms/experiment-sort";
import type { SetArchivedAction } from "@/lib/schemas/actions";
import type { ExperimentSummary } from "@/lib/schemas/experiment";
import { ExperimentsTable } from "../experiments-table";
import { TagFilter } from "./tag-filter";

export function ExperimentsList({ initial, setArchived: setArchivedAction }: { initial: ExperimentSummary[]; setArchived: SetArchivedAction }) {
  // The list's view (search, archived, sort) lives in the URL, so a copied link reopens the same list.
  const params = useSearchParams();
  const pathname = usePathname();
  const search = params.get("q") ?? "";
  const archived = params.get("archived") === "1";
  const tagsParam = params.getAll("tag").join(",");
  const tags = useMemo(() => (tagsParam === "" ? [] : tagsParam.split(",")), [tagsParam]);
  const sortKey = params.get("sort");
  const sortDir = params.get("dir");
  const sort = useMemo(() => parseExperimentSort(sortKey, sortDir), [sortKey, sortDir]);
  // Through replaceSearch, which edits the query as it is now: a sort clicked right after typing keeps the search.
  const setUrl = (patch: Record<string, string | null>) =>
    replaceSearch(pathname, (next) => {
      for (const [k, v] of Object.entries(patch)) {
        if (v === null || v === "") next.delete(k);
        else next.set(k, v);
      }
    });
  const setSearch = (q: string) => setUrl({ q });
  const setTags = (next: readonly string[]) =>
    replaceSearch(pathname, (url) => {
      url.delete("tag");
      for (const tag of next) url.append("tag", tag);
    });
  const addTag = (tag: string) => {
    if (!tags.includes(tag)) setTags([...tags, tag]);
  };
  const setArchived = (on: boolean) => setUrl({ archived: on ? "1" : null });
  const setSort = (key: ExperimentSortKey) => {
    const next = nextExperimentSort(sort, key);
    const isDefault = next.key === DEFAULT_EXPERIMENT_SORT.key && next.dir === DEFAULT_EXPERIMENT_SORT.dir;
    setUrl({ sort: isDefault ? null : next.key, dir: isDefault ? null : next.dir });
  };
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const client = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.experiments(search, archived, tags),
    queryFn: ({ signal }) =>
      fetchJson<{ experiments: ExperimentSummary[] }>(`/api/ui/experiments?search=${encodeURIComponent(search)}&archived=${archived}${tags.map((t) => `&tag=${encodeURIComponent(t)}`).join("")}`, { signal }).then(
        (r) => r.experiments,
      ),
    initialData: search === "" && !archived && tags.length === 0 ? initial : undefined,
    refetchInterval: 2_000,
  });
  const experiments = useMemo(() => sortExperiments(query.data ?? [], sort), [query.data, sort]);

  function toggleArchive(id: number, archive: boolean) {
    setError(null);
    startTransition(async () => {
      const result = await setArchivedAction({ id, archived: archive });
      if (!result.ok) setError(result.error.message);
      await client.invalidateQueries({ queryKey: ["experiments"] });
    });
  }

  const compareHref = `/compare?ids=${[...selected].join(",")}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="Search by name"
          aria-label="Search experiments by name"
          className="w-64 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
          data-testid="experiment-search"
        />
        <label className="flex items-center gap-2 text-sm text-slate-600">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} data-testid="show-archived" />
          Show archived
        </label>
        <TagFilter tags={tags} onAdd={addTag} onRemove={(tag) => setTags(tags.filter((t) => t !== tag))} />
        <div className="ml-auto flex items-center gap-2">
          {selected.size >= 2 ? (
            <Link href={compareHref} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50" data-testid="compare-link">
              Compare {selected.size}
            </Link>
          ) : (
            <span className="text-xs text-slate-500">Select two or more to compare</span>
          )}
          <Link href="/experiments/new" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500" data-testid="new-sweep-link">
            New sweep
          </Link>
        </div>
      </div>
      {error && (
        <p className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700" role="alert" data-testid="list-error">
          {error}
        </p>
      )}
      {query.error && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800" role="alert">
          Could not refresh: {query.error.message}
        </p>
      )}
      <ExperimentsTable
        experiments={experiments}
        selected={selected}
        onSelect={(id, on) =>
          setSelected((prev) => {
            const next = new Set(prev);
            if (on) next.add(id);
            else next.delete(id);
            return next;
          })
        }
        onArchive={toggleArchive}
        busy={pending}
        sort={sort}
        onSortChange={setSort}
        onTagPick={addTag}
      />
    </div>
  );
}
