import "server-only";
import { findExperiment } from "@/lib/db/experiments";
import { readSeriesForTrials } from "@/lib/db/metrics";
import type { TrialRow } from "@/lib/db/trials";
import { objectivesColumn } from "@/lib/schemas/experiment";
import { createPruner, parsePrunerConfig, type InternalParams, type Objective, type Params, type Pruner } from "@/lib/optimizer";
import { BoundedCache } from "./bounded-cache";
import { prunerHistory } from "./prune-history";

// An experiment's objectives and pruner never change after creation: parse them once.
const pruners = new BoundedCache<{ objective: Objective; pruner: Pruner }>(256);

/**
 * Asks the experiment's pruner whether a running trial should stop, from its objective curve so far
 * and the curves of every other trial. Experiments without a pruner answer false without reading.
 */
export async function shouldPruneTrial(trial: TrialRow): Promise<boolean> {
  if (trial.state !== "running") return false;
  const experiment = await findExperiment(trial.experimentId);
  if (!experiment || experiment.pruner === "none") return false;
  let entry = pruners.get(experiment.id);
  if (!entry) {
    entry = { objective: objectivesColumn.parse(experiment.objectives)[0]!, pruner: createPruner(parsePrunerConfig(experiment.pruner, experiment.prunerConfig)) };
    pruners.set(experiment.id, entry);
  }
  const { objective, pruner } = entry;
  const own = readSeriesForTrials([trial.id], objective.metric).get(trial.id) ?? [];
  if (own.length === 0) return false;
  return pruner.shouldPrune(
    { direction: objective.direction, trials: prunerHistory(trial.experimentId, objective.metric, trial.id) },
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
