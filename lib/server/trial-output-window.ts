import "server-only";
import type { TrialRow } from "@/lib/db/trials";
import { storedDate } from "@/lib/db/columns";
import { AppError } from "@/lib/http/errors";

/**
 * How long after a trial finished its agent may still send its command and output: the last batch can race
 * the tell. Past it a finished trial answers 409, as a heartbeat to one does.
 */
export const OUTPUT_GRACE_SEC = 60;

export function assertTakesOutput(trial: TrialRow, now: Date): void {
  if (trial.state === "running") return;
  const ended = trial.completedAt === null ? null : storedDate(trial.completedAt).getTime();
  if (trial.state !== "waiting" && ended !== null && now.getTime() - ended <= OUTPUT_GRACE_SEC * 1000) return;
  throw new AppError("wrong_state", `trial ${trial.id} is ${trial.state}; only a running trial (or one finished less than ${OUTPUT_GRACE_SEC} s ago) can send its command and output`);
}
