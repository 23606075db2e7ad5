import "server-only";
import { parseAttrs, parseConfig, parseInternalParams, parseParams, storedIso, type ExperimentRow, type TrialRow } from "@/lib/db/columns";
import { findExperiment } from "@/lib/db/experiments";
import { readSeriesForTrials } from "@/lib/db/metrics";
import { recordPruneVerdict } from "@/lib/db/trials";
import { createPruner, parsePrunerConfig, type Objective, type Pruner } from "@/lib/optimizer";
import { BoundedCache } from "./bounded-cache";
import { objectivesOf } from "./get-experiment";
import { prunerHistory } from "./prune-history";

// An experiment's objectives and pruner never change after creation: parse them once.
const pruners = new BoundedCache<{ objective: Objective; pruner: Pruner }>(256);

/**
 * Asks the experiment's pruner whether a running trial should stop, from its objective curve so far
 * and the curves of every other trial. Experiments without a pruner answer false without reading.
 * `loaded`: the trial's experiment, when the caller has read it already. A "stop" is recorded with what
 * the pruner compared (step, value, threshold, rule), so the trial's page can say why it was pruned.
 */
export async function shouldPruneTrial(trial: TrialRow, loaded?: ExperimentRow, now: () => Date = () => new Date()): Promise<boolean> {
  if (trial.state !== "running") return false;
  // The caller's copy, when it has one (read in its transaction): the pruner and objectives never change.
  const experiment = loaded ?? (await findExperiment(trial.experimentId));
  if (!experiment || experiment.pruner === "none") return false;
  let entry = pruners.get(experiment.id);
  if (!entry) {
    entry = { objective: objectivesOf(experiment)[0]!, pruner: createPruner(parsePrunerConfig(experiment.pruner, parseConfig(experiment.prunerConfig))) };
    pruners.set(experiment.id, entry);
  }
  const { objective, pruner } = entry;
  const own = (await readSeriesForTrials([trial.id], objective.metric)).get(trial.id) ?? [];
  if (own.length === 0) return false;
  const verdict = pruner.verdict(
    { direction: objective.direction, trials: await prunerHistory(trial.experimentId, objective.metric, trial.id) },
    {
      number: trial.number,
      state: "running",
      params: parseParams(trial.params),
      internal: parseInternalParams(trial.paramsInternal),
      values: null,
      intermediate: own,
      systemAttrs: parseAttrs(trial.systemAttrs),
    },
  );
  if (!verdict?.prune) return false;
  const previous = parseAttrs(trial.systemAttrs).prune as { step?: unknown; at?: unknown } | undefined;
  // A heartbeat repeats the answer for the same last report: record it once (a retry's copy of its
  // original's verdict, from before this run started, is not this run's).
  const started = trial.startedAt === null ? NaN : Date.parse(storedIso(trial.startedAt));
  const stale = typeof previous?.at !== "string" || Date.parse(previous.at) < started;
  if (previous?.step !== verdict.step || stale) {
    const value = Number.isFinite(verdict.value) ? verdict.value : null;
    await recordPruneVerdict(trial.id, { pruner: pruner.name, step: verdict.step, value, threshold: verdict.threshold, rule: verdict.rule, at: now().toISOString() });
  }
  return true;
}
