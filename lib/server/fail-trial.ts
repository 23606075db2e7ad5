import "server-only";
import { completeExperimentIfDone } from "@/lib/db/experiments";
import { finishTrial } from "@/lib/db/trials";
import type { TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";
import { loadTrial, wrongState } from "./load-trial";
import { scheduleRetry } from "./schedule-retry";

export interface FailTrialOptions {
  trialId: number;
  error: string;
  now?: () => Date;
}

/** Tells a failure (crash, non-zero exit); the trial is retried when the experiment allows it. */
export async function failTrial({ trialId, error, now = () => new Date() }: FailTrialOptions): Promise<TrialDto> {
  const at = now();
  const trial = await loadTrial(trialId);
  if (trial.state !== "running") throw wrongState(trial, "fail");
  const moved = await finishTrial(trialId, ["running"], { state: "failed", error: error.slice(0, 10_000), completedAt: at });
  const fresh = await loadTrial(trialId);
  if (!moved) throw wrongState(fresh, "fail");
  await scheduleRetry(fresh, at);
  await completeExperimentIfDone(fresh.experimentId, at.toISOString());
  return toTrialDto(fresh);
}
