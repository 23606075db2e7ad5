"use client";

import { useState, useTransition } from "react";
import { Markdown } from "@/components/markdown";
import type { ActionResult } from "@/lib/schemas/actions";
import { MAX_NOTE_LENGTH, splitTagsInput, type NotesValue } from "@/lib/schemas/notes";
import { TagChips } from "./tag-chips";

const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-50";

/**
 * A sweep's or a trial's note (Markdown, rendered) and tags. With `save` (a writer's page) "Edit" opens a
 * textarea and a tags field; the server action checks them with lib/schemas/notes.ts and its message shows
 * inline. Without it (a share link, a read-only token) the panel only shows what there is.
 */
export function NotesPanel({ what, note, tags, save }: { what: "sweep" | "trial"; note: string; tags: string[]; save?: ((value: NotesValue) => Promise<ActionResult<NotesValue>>) | null }) {
  const [saved, setSaved] = useState<NotesValue | null>(null);
  const shown = saved ?? { note, tags };
  const [editing, setEditing] = useState(false);
  const [draftNote, setDraftNote] = useState("");
  const [draftTags, setDraftTags] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (!save && shown.note === "" && shown.tags.length === 0) return null;

  function edit() {
    setDraftNote(shown.note);
    setDraftTags(shown.tags.join(", "));
    setError(null);
    setEditing(true);
  }

  function submit() {
    if (!save) return;
    setError(null);
    startTransition(async () => {
      const result = await save({ note: draftNote, tags: splitTagsInput(draftTags) });
      if (result.ok) {
        setSaved(result.data);
        setEditing(false);
      } else setError(result.error.message);
    });
  }

  return (
    <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-3" data-testid="notes-panel">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-sm font-medium text-slate-700">Notes</h2>
        {!editing && <TagChips tags={shown.tags} testId="notes-tags" />}
        {save && !editing && (
          <button type="button" className={`${button} ml-auto`} onClick={edit} data-testid="notes-edit">
            Edit
          </button>
        )}
      </div>
      {editing ? (
        <div className="space-y-2">
          <textarea
            className="h-40 w-full rounded-md border border-slate-300 p-2 font-mono text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
            value={draftNote}
            onChange={(e) => setDraftNote(e.target.value)}
            aria-label={`Note on this ${what} (Markdown)`}
            placeholder="Markdown: # heading, **bold**, *italic*, `code`, - lists, [links](https://…)"
            data-testid="notes-textarea"
          />
          <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
            <span>
              {draftNote.length.toLocaleString("en-US")} / {MAX_NOTE_LENGTH.toLocaleString("en-US")} characters
            </span>
          </div>
          <label className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
            Tags
            <input
              className="min-w-64 flex-1 rounded-md border border-slate-300 px-2 py-1 font-mono text-sm"
              value={draftTags}
              onChange={(e) => setDraftTags(e.target.value)}
              placeholder="baseline, lr-sweep (a-z, 0-9 . _ : -)"
              aria-label={`Tags of this ${what}, separated by commas or spaces`}
              data-testid="notes-tags-input"
            />
          </label>
          {error && (
            <p className="text-sm text-red-700" role="alert" data-testid="notes-error">
              {error}
            </p>
          )}
          <div className="flex gap-2">
            <button type="button" className={button} disabled={pending} onClick={submit} data-testid="notes-save">
              {pending ? "Saving…" : "Save"}
            </button>
            <button type="button" className={button} disabled={pending} onClick={() => setEditing(false)} data-testid="notes-cancel">
              Cancel
            </button>
          </div>
        </div>
      ) : shown.note ? (
        <Markdown text={shown.note} testId="notes-rendered" />
      ) : (
        <p className="text-sm text-slate-500" data-testid="notes-empty">
          No note on this {what} yet.
        </p>
      )}
    </section>
  );
}
