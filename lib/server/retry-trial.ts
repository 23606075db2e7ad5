import "server-only";
import type { TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";
import { loadTrial } from "./load-trial";
import { runTrialEvent } from "./trial-core";

/** The user's "retry": queue a failed trial again with the same parameters, whatever the automatic limit says. */
export async function retryTrial({ trialId, now = () => new Date() }: { trialId: number; now?: () => Date }): Promise<TrialDto> {
  const { trialId: queued } = await runTrialEvent({ target: { trialId }, event: ({ trial }) => ({ type: "retry", trial: trial!.facts }), now: now() });
  return toTrialDto(await loadTrial(queued!));
}
