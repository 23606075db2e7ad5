import "server-only";
import { findExperiment, updateExperiment } from "@/lib/db/experiments";
import { AppError, notFound } from "@/lib/http/errors";
import { getExperiment, type ExperimentDetail } from "./get-experiment";

/** Adds trials to the budget; a completed sweep starts running again so the new trials can be asked. */
export async function extendBudget({ id, add, now = () => new Date() }: { id: number; add: number; now?: () => Date }): Promise<ExperimentDetail> {
  const experiment = await findExperiment(id);
  if (!experiment) throw notFound("experiment", id);
  if (experiment.status === "archived") throw new AppError("wrong_state", `experiment ${id} is archived; unarchive it first`);
  if (experiment.maxTrials === null) throw new AppError("wrong_state", `experiment ${id} has no budget limit to extend`);
  await updateExperiment(
    id,
    {
      maxTrials: experiment.maxTrials + add,
      ...(experiment.status === "completed" ? { status: "running", completedAt: null } : {}),
    },
    now().toISOString(),
  );
  return getExperiment({ id });
}
