import "server-only";
import { failStaleTrials } from "./fail-stale-trials";

const INTERVAL_MS = Number(process.env.SWEEPBOARD_STALE_CHECK_MS ?? 15_000);

let timer: NodeJS.Timeout | undefined;

export function startStaleTrialSweeper(): void {
  if (timer || !(INTERVAL_MS > 0)) return;
  timer = setInterval(() => {
    failStaleTrials().catch((error: unknown) => console.error("[sweepboard] stale trial check failed", error));
  }, INTERVAL_MS);
  timer.unref();
}
