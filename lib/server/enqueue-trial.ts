import "server-only";
import { findExperiment } from "@/lib/db/experiments";
import { insertWaitingTrial } from "@/lib/db/trials";
import { AppError, notFound } from "@/lib/http/errors";
import type { TrialDto } from "@/lib/schemas/trial";
import { validateParams, type Space } from "@/lib/optimizer";
import { toTrialDto } from "./dto";
import { withConfigErrors } from "./engine-errors";
import { loadTrial } from "./load-trial";

/** Queues a trial with parameters the user chose; the next ask hands it out before any suggestion. */
export async function enqueueTrial({ experimentId, params, now = () => new Date() }: { experimentId: number; params: Record<string, unknown>; now?: () => Date }): Promise<TrialDto> {
  const experiment = await findExperiment(experimentId);
  if (!experiment) throw notFound("experiment", experimentId);
  if (experiment.status === "archived") throw new AppError("wrong_state", `experiment ${experimentId} is archived`);
  const checked = withConfigErrors("params", () => validateParams(experiment.space as unknown as Space, params));
  const id = await insertWaitingTrial(experimentId, { params: checked.params, paramsInternal: checked.internal, systemAttrs: { enqueued: true }, retryOfId: null }, now().toISOString());
  return toTrialDto(await loadTrial(id));
}
