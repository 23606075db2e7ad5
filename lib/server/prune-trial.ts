import "server-only";
import { completeExperimentIfDone } from "@/lib/db/experiments";
import { finishTrial } from "@/lib/db/trials";
import type { TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";
import { loadTrial, wrongState } from "./load-trial";

/** Tells that a trial stopped early (its pruner said so, or the user stopped it). */
export async function pruneTrial({ trialId, now = () => new Date() }: { trialId: number; now?: () => Date }): Promise<TrialDto> {
  const at = now();
  const trial = await loadTrial(trialId);
  if (trial.state !== "running") throw wrongState(trial, "be pruned");
  const moved = await finishTrial(trialId, ["running"], { state: "pruned", completedAt: at });
  const fresh = await loadTrial(trialId);
  if (!moved) throw wrongState(fresh, "be pruned");
  await completeExperimentIfDone(fresh.experimentId, at.toISOString());
  return toTrialDto(fresh);
}
