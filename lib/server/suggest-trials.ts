import "server-only";
import { db } from "@/lib/db/client";
import { readExperiment } from "@/lib/db/trial-core";
import { AppError, notFound } from "@/lib/http/errors";
import { newTrialNumber, type Params, type TrialRecord } from "@/lib/optimizer";
import { MAX_SUGGESTIONS } from "@/lib/schemas/actions";
import { objectivesOf } from "./get-experiment";
import { modelInputs, suggestFor } from "./trial-core";

export { MAX_SUGGESTIONS };

export interface Suggestion {
  /** The trial number an ask would give it, if nobody else asks first. */
  number: number;
  params: Params;
}

/**
 * The next `count` configurations the sweep's optimizer would try, from its history as it is, without creating
 * trials: for people who run trials by hand. The first is exactly what the next ask would hand out; each later one
 * is suggested with the earlier ones running (the samplers' constant liar spreads them), as parallel asks would be.
 */
export async function suggestTrials({ experimentId, count }: { experimentId: number; count: number }): Promise<{ suggestions: Suggestion[] }> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SUGGESTIONS) throw new AppError("validation_error", `count: must be an integer from 1 to ${MAX_SUGGESTIONS}, got ${String(count)}`, { path: "count" });
  const experiment = await readExperiment(db(), experimentId);
  if (!experiment) throw notFound("experiment", experimentId);
  const inputs = await modelInputs(db(), experiment, objectivesOf(experiment));
  const pending: TrialRecord[] = [];
  const suggestions: Suggestion[] = [];
  for (let i = 0; i < count; i++) {
    const number = newTrialNumber(experiment.trialCount, i);
    const s = suggestFor(inputs, experiment.id, number, pending);
    pending.push({ number, state: "running", params: s.params, internal: s.internal, values: null, intermediate: [], systemAttrs: s.systemAttrs ?? {} });
    suggestions.push({ number, params: s.params });
  }
  return { suggestions };
}
