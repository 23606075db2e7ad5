"use client";

import { NotesPanel } from "@/components/notes/notes-panel";
import type { NotesAction } from "@/lib/schemas/actions";

/** A trial's notes panel: binds the page's action to this trial (a server page cannot pass a closure). */
export function TrialNotes({ trialId, note, tags, save }: { trialId: number; note: string; tags: string[]; save: NotesAction | null }) {
  return <NotesPanel what="trial" note={note} tags={tags} save={save && ((value) => save({ id: trialId, ...value }))} />;
}
