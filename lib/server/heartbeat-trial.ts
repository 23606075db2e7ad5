import "server-only";
import { loadTrial } from "./load-trial";
import { shouldPruneTrial } from "./should-prune";
import { runTrialEvent } from "./trial-core";

/**
 * A worker's sign of life: keeps a running trial alive, and brings back one presumed dead whose retry has
 * not been handed out. The answer carries the pruner's verdict so a quiet trial can stop.
 */
export async function heartbeatTrial({ trialId, now = () => new Date() }: { trialId: number; now?: () => Date }) {
  await runTrialEvent({ target: { trialId }, event: ({ trial }) => ({ type: "heartbeat", trial: trial!.facts }), now: now(), lock: "trial" });
  const trial = await loadTrial(trialId);
  return { state: trial.state, shouldPrune: await shouldPruneTrial(trial) };
}
