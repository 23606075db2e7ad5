import "server-only";
import { changeExperiment } from "@/lib/db/experiments";
import { AppError, notFound } from "@/lib/http/errors";
import { getExperiment, type ExperimentDetail } from "./get-experiment";

export type ExperimentAction = "pause" | "resume" | "finish" | "archive" | "unarchive";

// Which statuses each action may start from: finishing a finished sweep or resuming a running one is
// a mistake worth reporting, not a silent no-op.
const TRANSITIONS: Record<ExperimentAction, { from: string[]; to: string }> = {
  pause: { from: ["running"], to: "paused" },
  resume: { from: ["paused", "completed"], to: "running" },
  finish: { from: ["running", "paused"], to: "completed" },
  archive: { from: ["running", "paused", "completed"], to: "archived" },
  unarchive: { from: ["archived"], to: "completed" },
};

export async function changeExperimentStatus({ id, action, now = () => new Date() }: { id: number; action: ExperimentAction; now?: () => Date }): Promise<ExperimentDetail> {
  const rule = TRANSITIONS[action];
  const at = now().toISOString();
  // Decided on the row as it is under the experiment's lock: another process may have just changed it.
  const found = await changeExperiment(id, at, (experiment) => {
    if (!rule.from.includes(experiment.status)) {
      throw new AppError("wrong_state", `experiment ${id} is ${experiment.status}; cannot ${action} it (allowed from ${rule.from.join(" or ")})`);
    }
    return { status: rule.to, completedAt: rule.to === "completed" ? at : rule.to === "running" ? null : undefined };
  });
  if (!found) throw notFound("experiment", id);
  return getExperiment({ id });
}
