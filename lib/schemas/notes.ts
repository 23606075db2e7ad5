import { z } from "zod";

// The one place that says what a note and a tag may be: the PATCH routes, the server actions, the sweeps
// list's tag filter and the notes panel's own check all read these schemas.

export const MAX_NOTE_LENGTH = 20_000;
export const MAX_TAG_LENGTH = 32;
export const MAX_TAGS = 16;
/** How many tags one list query may require (`?tag=a&tag=b`): each one is a condition in the SQL. */
export const MAX_TAG_FILTERS = 5;

const TAG_PATTERN = /^[a-z0-9._:-]{1,32}$/;

/** A note: Markdown text, shown rendered as text (components/markdown.tsx), never as HTML. */
export const noteSchema = z.string().max(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH.toLocaleString("en-US")} characters`);

/** One tag, trimmed and lower-cased; the message quotes the tag that is wrong. */
export const tagSchema = z
  .string()
  .transform((t) => t.trim().toLowerCase())
  .superRefine((t, ctx) => {
    if (!TAG_PATTERN.test(t)) ctx.addIssue({ code: "custom", message: `tag ${JSON.stringify(t.slice(0, 40))} must be 1-${MAX_TAG_LENGTH} characters of a-z, 0-9, ".", "_", ":" and "-"` });
  });

/** Normalised tags, duplicates folded (first one kept, in the order given). */
export function foldTags(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}

/** A sweep's or a trial's tags: normalised, duplicates folded, at most MAX_TAGS of them. */
export const tagsSchema = z
  .array(tagSchema)
  .max(MAX_TAGS * 4, `must have at most ${MAX_TAGS} tags`)
  .transform(foldTags)
  .refine((tags) => tags.length <= MAX_TAGS, `must have at most ${MAX_TAGS} different tags`);

/** The stored tags column, parsed back through its schema. */
export const tagsColumn = z.array(z.string());

/** PATCH /experiments/{id} and /trials/{id}: either or both; an absent field keeps its value. */
export const notesPatchBody = z.strictObject({ note: noteSchema.optional(), tags: tagsSchema.optional() });
export type NotesPatch = z.infer<typeof notesPatchBody>;

/** A sweep's or a trial's note and tags as stored. */
export interface NotesValue {
  note: string;
  tags: string[];
}

/** `?tag=a&tag=b` (one or repeated): sweeps having every one of them. */
export const tagFilterQuery = z
  .preprocess((v) => (typeof v === "string" ? [v] : v), z.array(tagSchema).max(MAX_TAG_FILTERS, `give at most ${MAX_TAG_FILTERS} tag parameters`))
  .meta({ description: `A tag the sweep must have; repeat it (at most ${MAX_TAG_FILTERS}) for sweeps having all of them.` });

/** What a person types into a tags field ("a, b c"): the words, for tagsSchema to check. */
export function splitTagsInput(text: string): string[] {
  return text.split(/[\s,]+/).filter((t) => t !== "");
}
