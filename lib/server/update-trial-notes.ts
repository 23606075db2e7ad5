import "server-only";
import { writeTrialNotes } from "@/lib/db/notes";
import { notFound } from "@/lib/http/errors";
import type { NotesPatch } from "@/lib/schemas/notes";
import type { TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";
import { loadTrial } from "./load-trial";

export interface UpdateTrialNotesOptions {
  id: number;
  /** Validated by notesPatchBody (lib/schemas/notes.ts): the PATCH route and the notes panel's action. */
  patch: NotesPatch;
}

/** Sets a trial's note and/or tags, whatever its state; an absent field keeps its value. */
export async function updateTrialNotes({ id, patch }: UpdateTrialNotesOptions): Promise<TrialDto> {
  if (!(await writeTrialNotes(id, patch))) throw notFound("trial", id);
  return toTrialDto(await loadTrial(id));
}
