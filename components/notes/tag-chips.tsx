/** Tags as small chips; with onPick each chip is a button (the sweeps list filters by it). */
export function TagChips({ tags, onPick, testId = "tag-chips" }: { tags: readonly string[]; onPick?: (tag: string) => void; testId?: string }) {
  if (tags.length === 0) return null;
  const chip = "inline-flex items-center rounded-full bg-sky-50 px-2 py-0.5 font-mono text-[11px] leading-4 text-sky-800 ring-1 ring-sky-200";
  return (
    <span className="inline-flex flex-wrap gap-1" data-testid={testId}>
      {tags.map((tag) =>
        onPick ? (
          <button key={tag} type="button" className={`${chip} hover:bg-sky-100`} onClick={() => onPick(tag)} title={`Show sweeps tagged ${tag}`} data-testid="tag-chip" data-tag={tag}>
            {tag}
          </button>
        ) : (
          <span key={tag} className={chip} data-testid="tag-chip" data-tag={tag}>
            {tag}
          </span>
        ),
      )}
    </span>
  );
}
