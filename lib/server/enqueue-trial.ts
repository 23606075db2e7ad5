import "server-only";
import { parseConfig } from "@/lib/db/columns";
import { findExperiment } from "@/lib/db/experiments";
import { notFound } from "@/lib/http/errors";
import type { TrialDto } from "@/lib/schemas/trial";
import { validateParams, type Space } from "@/lib/optimizer";
import { toTrialDto } from "./dto";
import { withConfigErrors } from "./engine-errors";
import { loadTrial } from "./load-trial";
import { runTrialEvent } from "./trial-core";

/** Queues a trial with parameters the user chose; the next ask hands it out before any suggestion. */
export async function enqueueTrial({ experimentId, params, now = () => new Date() }: { experimentId: number; params: Record<string, unknown>; now?: () => Date }): Promise<TrialDto> {
  const experiment = await findExperiment(experimentId);
  if (!experiment) throw notFound("experiment", experimentId);
  const checked = withConfigErrors("params", () => validateParams(parseConfig(experiment.space) as Space, params));
  const { trialId } = await runTrialEvent({ target: { experimentId }, event: () => ({ type: "enqueue" }), params: checked, now: now() });
  return toTrialDto(await loadTrial(trialId!));
}
