import "server-only";
import { AppError } from "@/lib/http/errors";
import type { TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";
import { loadTrial } from "./load-trial";
import { scheduleRetry } from "./schedule-retry";

/** The user's "retry": queue a failed trial again, whatever the automatic retry limit says. */
export async function retryTrial({ trialId, now = () => new Date() }: { trialId: number; now?: () => Date }): Promise<TrialDto> {
  const trial = await loadTrial(trialId);
  if (trial.state !== "failed") throw new AppError("wrong_state", `trial ${trialId} is ${trial.state}; only a failed trial can be retried`);
  const id = await scheduleRetry(trial, now(), { force: true });
  if (id === null) throw new AppError("conflict", `trial ${trialId} was already retried`);
  return toTrialDto(await loadTrial(id));
}
