import "server-only";
import { db } from "@/lib/db/client";
import { parseConfig } from "@/lib/db/columns";
import { findExperiment } from "@/lib/db/experiments";
import { readSamplerHistory } from "@/lib/db/trial-core";
import { countCompleteTrials } from "@/lib/db/trials";
import { notFound } from "@/lib/http/errors";
import { IMPORTANCE_METHOD, IMPORTANCE_MIN_TRIALS, importanceSample, importanceSteps, type Space } from "@/lib/optimizer";
import { BoundedCache } from "./bounded-cache";
import { objectivesOf } from "./get-experiment";

export interface ImportanceResult {
  method: string;
  /** Completed trials the estimate rests on (an even sample of at most MAX_IMPORTANCE_TRIALS). */
  trials: number;
  importances: Array<{ param: string; importance: number }>;
}

/** Which parameters matter for the first objective, from the completed trials (needs IMPORTANCE_MIN_TRIALS). */
export async function getImportance({ experimentId }: { experimentId: number }): Promise<ImportanceResult> {
  const experiment = await findExperiment(experimentId);
  if (!experiment) throw notFound("experiment", experimentId);
  // The estimate changes only when trials complete: keep the last one per experiment and count. The entry is
  // the estimate's promise, so requests that arrive while it is computed wait for that one instead of each
  // starting a forest of their own.
  const complete = await countCompleteTrials(experimentId);
  const cached = cache.get(experimentId);
  if (cached && cached.complete === complete) return cached.result;
  const result = estimate(experimentId, experiment);
  cache.set(experimentId, { complete, result });
  result.catch(() => {
    if (cache.get(experimentId)?.result === result) cache.delete(experimentId);
  });
  return result;
}

async function estimate(experimentId: number, experiment: NonNullable<Awaited<ReturnType<typeof findExperiment>>>): Promise<ImportanceResult> {
  const objective = objectivesOf(experiment)[0]!;
  const records = (await readSamplerHistory(db(), experimentId)).filter((t) => t.state === "complete" && t.values);
  if (records.length < IMPORTANCE_MIN_TRIALS) return { method: IMPORTANCE_METHOD, trials: records.length, importances: [] };
  // lib/optimizer says how many trials an estimate rests on; the answer says how many it used.
  const sample = importanceSample(records);
  // One tree at a time, letting other requests in between: the forest takes about a second on 2,000 trials.
  const steps = importanceSteps(parseConfig(experiment.space) as Space, sample, objective.direction, { seed: experiment.seed });
  for (;;) {
    const step = steps.next();
    if (step.done) return { method: IMPORTANCE_METHOD, trials: sample.length, importances: step.value };
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

// Valid while the count of complete trials is unchanged (checked on every read, so another process's
// completions refresh it); bounded, and keyed by database and experiment.
const cache = new BoundedCache<{ complete: number; result: Promise<ImportanceResult> }>(64);
