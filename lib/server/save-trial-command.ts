import "server-only";
import { saveTrialCommand as storeCommand } from "@/lib/db/trial-output";
import type { TrialCommandBody } from "@/lib/schemas/trial-output";
import { loadTrial } from "./load-trial";
import { assertTakesOutput } from "./trial-output-window";

/** The command line a trial's agent runs, where and on which machine, sent once as the run starts. */
export async function saveTrialCommand({ trialId, body, now = () => new Date() }: { trialId: number; body: TrialCommandBody; now?: () => Date }) {
  const trial = await loadTrial(trialId);
  const at = now();
  assertTakesOutput(trial, at);
  await storeCommand(trialId, { argv: body.argv, cwd: body.cwd, host: body.host, worker: trial.workerId, startedAt: at.toISOString() });
  return { saved: true };
}
