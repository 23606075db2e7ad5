import "server-only";
import type { CompleteTrialBody, TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";
import { loadTrial } from "./load-trial";
import { runTrialEvent } from "./trial-core";

export interface CompleteTrialOptions {
  trialId: number;
  body: CompleteTrialBody;
  now?: () => Date;
}

/**
 * Tells the final objective value(s), one per objective. A NaN or infinite value does not complete the
 * trial: it fails as the program's own failure, naming the objective, so a diverged run never becomes
 * "the best". A trial presumed dead whose retry has not been handed out yet still takes its result.
 */
export async function completeTrial({ trialId, body, now = () => new Date() }: CompleteTrialOptions): Promise<TrialDto> {
  const values = body.values ?? [body.value as number];
  await runTrialEvent({
    target: { trialId },
    event: ({ trial }) => ({ type: "complete", trial: trial!.facts, values }),
    userAttrs: body.userAttrs,
    now: now(),
  });
  return toTrialDto(await loadTrial(trialId));
}
