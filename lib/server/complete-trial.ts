import "server-only";
import { completeExperimentIfDone, findExperiment } from "@/lib/db/experiments";
import { finishTrial, type FinishTrialData } from "@/lib/db/trials";
import { AppError } from "@/lib/http/errors";
import { objectivesColumn } from "@/lib/schemas/experiment";
import type { CompleteTrialBody, TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";
import { loadTrial, wrongState } from "./load-trial";
import { scheduleRetry } from "./schedule-retry";

export interface CompleteTrialOptions {
  trialId: number;
  body: CompleteTrialBody;
  now?: () => Date;
}

/**
 * Tells the final objective value(s). A NaN or infinite value does not complete the trial: it is
 * marked failed with a message saying which value, so a diverged run never becomes "the best".
 */
export async function completeTrial({ trialId, body, now = () => new Date() }: CompleteTrialOptions): Promise<TrialDto> {
  const trial = await loadTrial(trialId);
  if (trial.state !== "running") throw wrongState(trial, "be completed");
  const experiment = await findExperiment(trial.experimentId);
  const objectives = objectivesColumn.parse(experiment?.objectives);
  const values = body.values ?? [body.value as number];
  if (values.length !== objectives.length) {
    throw new AppError("validation_error", `values: expected ${objectives.length} value(s), one per objective (${objectives.map((o) => o.metric).join(", ")}), got ${values.length}`, { path: "values" });
  }
  const bad = values.findIndex((v) => !Number.isFinite(v));
  const at = now();
  const data: FinishTrialData =
    bad >= 0
      ? { state: "failed", error: `objective ${objectives[bad]!.metric} was ${values[bad]}, not a finite number`, completedAt: at }
      : { state: "complete", values, value: values[0]!, completedAt: at, ...(body.userAttrs ? { userAttrs: body.userAttrs as object } : {}) };
  const moved = await finishTrial(trialId, ["running"], data);
  const fresh = await loadTrial(trialId);
  if (!moved) throw wrongState(fresh, "be completed");
  if (fresh.state === "failed") await scheduleRetry(fresh, at);
  await completeExperimentIfDone(fresh.experimentId, at.toISOString());
  return toTrialDto(fresh);
}
