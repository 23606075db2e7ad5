"use server";

import { createExperimentBody } from "@/lib/schemas/experiment";
import { createApiToken } from "@/lib/server/create-api-token";
import { createExperiment } from "@/lib/server/create-experiment";
import { runAction } from "@/lib/server/ui-action";

/** Creates the sweep and a fresh token for its agents, so the page can show a command that just works. */
export async function createExperimentAction(input: unknown) {
  return runAction(createExperimentBody, input, async (body) => {
    const { experiment, warnings } = await createExperiment({ body });
    const token = await createApiToken({ name: `agent for ${experiment.name}`.slice(0, 100) });
    return { id: experiment.id, name: experiment.name, token: token.token, objective: experiment.objectives[0]!.metric, command: experiment.command, warnings };
  });
}
