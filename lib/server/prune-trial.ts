import "server-only";
import { readLastReport } from "@/lib/db/trial-core";
import type { TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";
import { loadTrial } from "./load-trial";
import { runTrialEvent } from "./trial-core";

/** Tells that a trial stopped early; it keeps its last reported objective value and that step. */
export async function pruneTrial({ trialId, now = () => new Date() }: { trialId: number; now?: () => Date }): Promise<TrialDto> {
  await runTrialEvent({
    target: { trialId },
    event: async ({ trial, objectives, tx }) => ({ type: "prune", trial: trial!.facts, last: (await readLastReport(tx, trialId, objectives[0]!.metric)) ?? null }),
    now: now(),
  });
  return toTrialDto(await loadTrial(trialId));
}
