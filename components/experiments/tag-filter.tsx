"use client";

import { useState } from "react";
import { MAX_TAG_FILTERS, tagSchema } from "@/lib/schemas/notes";

/**
 * The sweeps list's tag filter: the tags it requires (each removable) and a field to add one; a chip in the
 * table adds its tag too. A tag is checked by the same rule the server applies, and a wrong one is named inline.
 */
export function TagFilter({ tags, onAdd, onRemove }: { tags: readonly string[]; onAdd: (tag: string) => void; onRemove: (tag: string) => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);

  function add() {
    if (text.trim() === "") return;
    const parsed = tagSchema.safeParse(text);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "not a tag");
    if (tags.length >= MAX_TAG_FILTERS && !tags.includes(parsed.data)) return setError(`filter by at most ${MAX_TAG_FILTERS} tags`);
    setError(null);
    setText("");
    onAdd(parsed.data);
  }

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="tag-filter">
      {tags.map((tag) => (
        <button
          key={tag}
          type="button"
          onClick={() => onRemove(tag)}
          className="inline-flex items-center gap-1 rounded-full bg-sky-600 px-2 py-0.5 font-mono text-[11px] text-white hover:bg-sky-700"
          title={`Stop filtering by ${tag}`}
          data-testid="tag-filter-chip"
          data-tag={tag}
        >
          {tag} <span aria-hidden>×</span>
        </button>
      ))}
      <input
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") add();
        }}
        placeholder="Filter by tag"
        aria-label="Filter sweeps by tag (Enter adds it)"
        className="w-36 rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm shadow-sm"
        data-testid="tag-filter-input"
      />
      {error && (
        <span className="text-sm text-red-700" role="alert" data-testid="tag-filter-error">
          {error}
        </span>
      )}
    </div>
  );
}
