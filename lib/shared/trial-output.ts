// A trial's printed output as the server keeps it: the limits and the rules the agent (before sending), the
// server (before storing) and the trial page (what it says) all follow, so they never disagree on a cut.

/** The most text a trial keeps: its last 1 MiB of lines (UTF-8 bytes); older lines are dropped and counted. */
export const MAX_OUTPUT_BYTES = 1024 * 1024;
/** The most UTF-8 bytes one line keeps; the rest is cut and the line says so. */
export const MAX_LINE_BYTES = 8 * 1024;
/** The most lines one output batch may carry. */
export const MAX_LINES_PER_BATCH = 1000;

export type OutputStream = "stdout" | "stderr";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A text's size in UTF-8 bytes: what the bounds count. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/**
 * A line within MAX_LINE_BYTES: cut on a character boundary, with a note of how much was cut.
 * `truncated` tells the caller to count it.
 */
export function truncateLine(text: string, max = MAX_LINE_BYTES): { text: string; truncated: boolean } {
  if (text.length * 3 <= max) return { text, truncated: false }; // fast path: cannot exceed max bytes
  const bytes = encoder.encode(text);
  if (bytes.length <= max) return { text, truncated: false };
  let cut = max;
  // Never split a UTF-8 sequence: step back off continuation bytes (10xxxxxx).
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut--;
  return { text: `${decoder.decode(bytes.subarray(0, cut))} … [line cut: ${bytes.length - cut} more bytes]`, truncated: true };
}

/**
 * The bounding rule: given the kept lines' sizes oldest first and the total kept, how many of the oldest must
 * go so that at most `max` bytes stay. `oldestFirst` may be the oldest few only: it stops at their end.
 */
export function linesToDrop(oldestFirst: readonly number[], keptBytes: number, max = MAX_OUTPUT_BYTES): { lines: number; bytes: number } {
  let over = keptBytes - max;
  let lines = 0;
  let bytes = 0;
  while (over > 0 && lines < oldestFirst.length) {
    const size = oldestFirst[lines]!;
    over -= size;
    bytes += size;
    lines++;
  }
  return { lines, bytes };
}
