import "server-only";
import { countBudgetTrials, findExperiment } from "@/lib/db/experiments";
import { askTransaction, findTrial } from "@/lib/db/trials";
import { AppError, notFound } from "@/lib/http/errors";
import { objectivesColumn } from "@/lib/schemas/experiment";
import type { TrialDto } from "@/lib/schemas/trial";
import {
  ExhaustedError,
  createRng,
  createSampler,
  parsePrunerConfig,
  parseSamplerConfig,
  suggest,
  type Space,
} from "@/lib/optimizer";
import { toTrialDto } from "./dto";
import { failStaleTrials } from "./fail-stale-trials";
import { toTrialRecords } from "./trial-records";

export interface AskTrialOptions {
  experimentId: number;
  workerId?: string | null;
  now?: () => Date;
}

/** Hands out the next trial: an enqueued one first, else a fresh suggestion from the sampler. */
export async function askTrial({ experimentId, workerId = null, now = () => new Date() }: AskTrialOptions): Promise<TrialDto> {
  const experiment = await findExperiment(experimentId);
  if (!experiment) throw notFound("experiment", experimentId);
  // A dead worker's trial must not hold a parallel slot or the budget hostage.
  await failStaleTrials({ experimentId, now });
  if (experiment.status === "completed" && experiment.maxTrials !== null && countBudgetTrials(experimentId) >= experiment.maxTrials) {
    throw new AppError("budget_exhausted", `experiment ${experimentId} has used its budget of ${experiment.maxTrials} trials; extend the budget to continue`);
  }
  if (experiment.status !== "running") {
    throw new AppError("experiment_not_running", `experiment ${experimentId} is ${experiment.status}; resume it to get new trials`);
  }
  const objectives = objectivesColumn.parse(experiment.objectives);
  const metric = objectives[0]!.metric;
  const sampler = createSampler(parseSamplerConfig(experiment.sampler, experiment.samplerConfig));
  const pruner = parsePrunerConfig(experiment.pruner, experiment.prunerConfig);
  const space = experiment.space as unknown as Space;

  const { trialId } = await askTransaction(
    experimentId,
    metric,
    ({ experiment: snapshot, rows }) => {
      const active = rows.filter((r) => r.state === "running").length;
      if (experiment.maxParallel !== null && active >= experiment.maxParallel) {
        throw new AppError("parallel_limit", `experiment ${experimentId} already has ${active} running trials (its limit is ${experiment.maxParallel}); ask again when one finishes`);
      }
      const waiting = rows.find((r) => r.state === "waiting");
      if (waiting) return { start: { trialId: waiting.id }, result: null };
      // Retries replace a failed trial; only original trials spend the budget.
      const used = rows.filter((r) => r.retryOfId === null).length;
      if (experiment.maxTrials !== null && used >= experiment.maxTrials) {
        throw new AppError("budget_exhausted", `experiment ${experimentId} has used its budget of ${experiment.maxTrials} trials; extend the budget to continue`);
      }
      const number = snapshot.trialCount;
      try {
        const s = suggest({
          space,
          sampler,
          trials: toTrialRecords(rows),
          objectives,
          rng: createRng(experiment.seed),
          number,
          pruner,
        });
        return {
          start: { create: { params: s.params, paramsInternal: s.internal, systemAttrs: s.systemAttrs, state: "running", workerId, retryOfId: null } },
          result: null,
        };
      } catch (error) {
        if (error instanceof ExhaustedError) {
          throw new AppError("budget_exhausted", `experiment ${experimentId}: the grid has no configuration left`);
        }
        throw error;
      }
    },
    now().toISOString(),
  );
  const trial = await findTrial(trialId);
  if (!trial) throw new Error(`trial ${trialId} vanished after ask`);
  return toTrialDto(trial);
}
