import "server-only";
import type { FailureKind } from "@/lib/schemas/api";
import type { TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";
import { loadTrial } from "./load-trial";
import { runTrialEvent } from "./trial-core";

export interface FailTrialOptions {
  trialId: number;
  error: string;
  /** "program" (the default): the training program failed; "infrastructure": its worker did. */
  kind?: FailureKind;
  now?: () => Date;
}

/** Tells a failure; the trial core retries it when the sweep's retry policy covers its kind. */
export async function failTrial({ trialId, error, kind = "program", now = () => new Date() }: FailTrialOptions): Promise<TrialDto> {
  await runTrialEvent({ target: { trialId }, event: ({ trial }) => ({ type: "fail", trial: trial!.facts, kind, message: error }), now: now() });
  return toTrialDto(await loadTrial(trialId));
}
