import "server-only";
import { databaseUnavailableError } from "@/lib/http/errors";
import { failStaleTrials } from "./fail-stale-trials";

const INTERVAL_MS = Number(process.env.SWEEPBOARD_STALE_CHECK_MS ?? 15_000);

let timer: NodeJS.Timeout | undefined;

export function startStaleTrialSweeper(): void {
  if (timer || !(INTERVAL_MS > 0)) return;
  timer = setInterval(() => {
    failStaleTrials().catch((error: unknown) => {
      // An outage is logged once where it is recognised (lib/db/postgres.ts); the next check runs when it is over.
      if (!databaseUnavailableError(error)) console.error("[sweepboard] stale trial check failed", error);
    });
  }, INTERVAL_MS);
  timer.unref();
}
