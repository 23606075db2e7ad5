import "server-only";
import { findExperiment } from "@/lib/db/experiments";
import { readSeriesForTrials } from "@/lib/db/metrics";
import type { TrialRow } from "@/lib/db/trials";
import { objectivesColumn } from "@/lib/schemas/experiment";
import { createPruner, parsePrunerConfig, type InternalParams, type Objective, type Params, type Pruner } from "@/lib/optimizer";
import { finishedTrialHistory } from "./prune-history";

type ExperimentRow = NonNullable<Awaited<ReturnType<typeof findExperiment>>>;

// An experiment's objectives and pruner never change after creation: parse them once per process.
const pruners = new Map<number, { objective: Objective; pruner: Pruner }>();

function prunerOf(experiment: ExperimentRow) {
  let entry = pruners.get(experiment.id);
  if (!entry) {
    entry = {
      objective: objectivesColumn.parse(experiment.objectives)[0]!,
      pruner: createPruner(parsePrunerConfig(experiment.pruner, experiment.prunerConfig)),
    };
    pruners.set(experiment.id, entry);
  }
  return entry;
}

/**
 * Asks the experiment's pruner whether a running trial should stop, from its objective curve so far
 * and the curves of finished trials. Experiments without a pruner answer false without reading.
 */
export async function shouldPruneTrial(trial: TrialRow): Promise<boolean> {
  if (trial.state !== "running") return false;
  const experiment = await findExperiment(trial.experimentId);
  if (!experiment || experiment.pruner === "none") return false;
  const { objective, pruner } = prunerOf(experiment);
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
