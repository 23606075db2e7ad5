import "server-only";
import { findExperiment } from "@/lib/db/experiments";
import { readSeriesForTrials } from "@/lib/db/metrics";
import type { TrialRow } from "@/lib/db/trials";
import { objectivesColumn } from "@/lib/schemas/experiment";
import { createPruner, parsePrunerConfig, type InternalParams, type Params } from "@/lib/optimizer";
import { finishedTrialHistory } from "./prune-history";

/**
 * Asks the experiment's pruner whether a running trial should stop, from its objective curve so far
 * and the curves of finished trials. Experiments without a pruner answer false without reading.
 */
export async function shouldPruneTrial(trial: TrialRow): Promise<boolean> {
  if (trial.state !== "running") return false;
  const experiment = await findExperiment(trial.experimentId);
  if (!experiment || experiment.pruner === "none") return false;
  const objective = objectivesColumn.parse(experiment.objectives)[0]!;
  const pruner = createPruner(parsePrunerConfig(experiment.pruner, experiment.prunerConfig));
  const own = readSeriesForTrials([trial.id], objective.metric).get(trial.id) ?? [];
  if (own.length === 0) return false;
  const history = finishedTrialHistory(trial.experimentId, objective.metric);
  return pruner.shouldPrune(
    { direction: objective.direction, trials: history },
    {
      number: trial.number,
      state: "running",
      params: trial.params as Params,
      internal: trial.paramsInternal as InternalParams,
      values: null,
      intermediate: own,
      systemAttrs: (trial.systemAttrs ?? {}) as Record<string, unknown>,
    },
  );
}
