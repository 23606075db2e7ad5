import "server-only";
import { touchHeartbeat } from "@/lib/db/trials";
import { AppError, notFound } from "@/lib/http/errors";
import { loadTrial } from "./load-trial";
import { shouldPruneTrial } from "./should-prune";

/** A worker's sign of life; the answer also carries the pruner's verdict so a quiet trial can stop. */
export async function heartbeatTrial({ trialId, now = () => new Date() }: { trialId: number; now?: () => Date }) {
  const state = await touchHeartbeat(trialId, now().toISOString());
  if (state === null) throw notFound("trial", trialId);
  if (state !== "running") throw new AppError("wrong_state", `trial ${trialId} is ${state}; stop working on it`);
  return { state, shouldPrune: await shouldPruneTrial(await loadTrial(trialId)) };
}
