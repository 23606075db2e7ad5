import "server-only";
import { writeExperimentNotes } from "@/lib/db/notes";
import { notFound } from "@/lib/http/errors";
import type { NotesPatch } from "@/lib/schemas/notes";
import { getExperiment, type ExperimentDetail } from "./get-experiment";

export interface UpdateExperimentNotesOptions {
  id: number;
  /** Validated by notesPatchBody (lib/schemas/notes.ts): the PATCH route and the notes panel's action. */
  patch: NotesPatch;
  now?: () => Date;
}

/** Sets a sweep's note and/or tags; an absent field keeps its value. */
export async function updateExperimentNotes({ id, patch, now = () => new Date() }: UpdateExperimentNotesOptions): Promise<ExperimentDetail> {
  if (!(await writeExperimentNotes(id, patch, now().toISOString()))) throw notFound("experiment", id);
  return getExperiment({ id });
}
