import "server-only";
import { findExperiment } from "@/lib/db/experiments";
import { readTrialEngineRows } from "@/lib/db/trials";
import { notFound } from "@/lib/http/errors";
import { objectivesColumn } from "@/lib/schemas/experiment";
import { IMPORTANCE_METHOD, paramImportance, type Space } from "@/lib/optimizer";
import { toTrialRecords } from "./trial-records";

export interface ImportanceResult {
  method: string;
  /** Completed trials the estimate rests on. */
  trials: number;
  importances: Array<{ param: string; importance: number }>;
}

/** Which parameters matter for the first objective, from the completed trials (needs at least 4). */
export async function getImportance({ experimentId }: { experimentId: number }): Promise<ImportanceResult> {
  const experiment = await findExperiment(experimentId);
  if (!experiment) throw notFound("experiment", experimentId);
  const objective = objectivesColumn.parse(experiment.objectives)[0]!;
  const records = toTrialRecords(readTrialEngineRows(experimentId, objective.metric)).filter((t) => t.state === "complete" && t.values);
  if (records.length < 4) return { method: IMPORTANCE_METHOD, trials: records.length, importances: [] };
  const importances = paramImportance(experiment.space as unknown as Space, records, objective.direction, { seed: experiment.seed });
  return { method: IMPORTANCE_METHOD, trials: records.length, importances };
}
