import "server-only";
import { findExperiment } from "@/lib/db/experiments";
import { recallAssignments } from "@/lib/db/workers";
import { notFound } from "@/lib/http/errors";

/**
 * Takes a sweep's worker slots back: at their next beat the workers stop the runs (running trials fail as
 * infrastructure, so a retry can rerun them) and the slots are free.
 */
export async function recallLaunch({ id, now = () => new Date() }: { id: number; now?: () => Date }): Promise<{ recalled: number }> {
  if (!(await findExperiment(id))) throw notFound("experiment", id);
  return { recalled: await recallAssignments(id, now().toISOString()) };
}
