import "server-only";
import { appendTrialOutput as storeOutput } from "@/lib/db/trial-output";
import type { TrialOutputBody } from "@/lib/schemas/trial-output";
import { truncateLine, utf8Bytes } from "@/lib/shared/trial-output";
import { loadTrial } from "./load-trial";
import { assertTakesOutput } from "./trial-output-window";

/** One numbered batch of the lines a trial's command printed: stored once, long lines cut, the oldest lines dropped past the bound. */
export async function appendTrialOutput({ trialId, body, now = () => new Date() }: { trialId: number; body: TrialOutputBody; now?: () => Date }) {
  const trial = await loadTrial(trialId);
  const at = now();
  assertTakesOutput(trial, at);
  let truncated = 0;
  const lines = body.lines.map((line) => {
    const cut = truncateLine(line.text);
    if (cut.truncated) truncated++;
    return { stream: line.stream, text: cut.text, bytes: utf8Bytes(cut.text), at: line.at === undefined ? at.toISOString() : new Date(line.at).toISOString() };
  });
  const result = await storeOutput(trialId, body.batch, lines);
  return { stored: result.stored, duplicate: result.duplicate, truncated: result.duplicate ? 0 : truncated, droppedLines: result.run.droppedLines };
}
