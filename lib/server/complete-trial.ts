import "server-only";
import type { CompleteTrialBody, TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";
import { loadTrial } from "./load-trial";
import { readLastReport } from "@/lib/db/trial-core";
import { constraintsOf } from "./get-experiment";
import { runTrialEvent } from "./trial-core";

export interface CompleteTrialOptions {
  trialId: number;
  body: CompleteTrialBody;
  now?: () => Date;
}

/**
 * Tells the final objective value(s), one per objective. A NaN or infinite value does not complete the
 * trial: it fails as the program's own failure, naming the objective, so a diverged run never becomes
 * "the best". A trial presumed dead whose retry has not been handed out yet still takes its result. A sweep
 * with constraints takes their values from the body or from each constraint metric's last report.
 */
export async function completeTrial({ trialId, body, now = () => new Date() }: CompleteTrialOptions): Promise<TrialDto> {
  const values = body.values ?? [body.value as number];
  await runTrialEvent({
    target: { trialId },
    event: async ({ trial, experiment, tx }) => {
      const names = constraintsOf(experiment);
      // Constraints not sent are each metric's last report (NaN when there is none: infeasible).
      const constraints = body.constraints ?? (names.length > 0 ? await Promise.all(names.map(async (n) => (await readLastReport(tx, trial!.row.id, n))?.value ?? NaN)) : undefined);
      return { type: "complete", trial: trial!.facts, values, ...(constraints ? { constraints } : {}) };
    },
    userAttrs: body.userAttrs,
    now: now(),
  });
  return toTrialDto(await loadTrial(trialId));
}
