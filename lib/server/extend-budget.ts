import "server-only";
import { changeExperiment } from "@/lib/db/experiments";
import { AppError, notFound } from "@/lib/http/errors";
import { getExperiment, type ExperimentDetail } from "./get-experiment";

/** Adds trials to the budget; a completed sweep starts running again so the new trials can be asked. */
export async function extendBudget({ id, add, now = () => new Date() }: { id: number; add: number; now?: () => Date }): Promise<ExperimentDetail> {
  // Decided on the row as it is under the experiment's lock: two extensions at once both count.
  const found = await changeExperiment(id, now().toISOString(), (experiment) => {
    if (experiment.status === "archived") throw new AppError("wrong_state", `experiment ${id} is archived; unarchive it first`);
    if (experiment.maxTrials === null) throw new AppError("wrong_state", `experiment ${id} has no budget limit to extend`);
    return { maxTrials: experiment.maxTrials + add, ...(experiment.status === "completed" ? { status: "running", completedAt: null } : {}) };
  });
  if (!found) throw notFound("experiment", id);
  return getExperiment({ id });
}
