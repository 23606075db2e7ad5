import "server-only";
import type { TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";
import { failStaleTrials } from "./fail-stale-trials";
import { loadTrial } from "./load-trial";
import { runTrialEvent } from "./trial-core";

export interface AskTrialOptions {
  experimentId: number;
  workerId?: string | null;
  now?: () => Date;
}

/** Hands out the next trial: a queued one first, then a due retry, else a fresh suggestion from the sampler. */
export async function askTrial({ experimentId, workerId = null, now = () => new Date() }: AskTrialOptions): Promise<TrialDto> {
  // A dead worker's trial must not hold a parallel slot or the budget hostage.
  await failStaleTrials({ experimentId, now });
  const { trialId } = await runTrialEvent({ target: { experimentId }, event: () => ({ type: "ask" }), workerId, now: now() });
  return toTrialDto(await loadTrial(trialId!));
}
