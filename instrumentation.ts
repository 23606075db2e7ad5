// Runs once when the server starts: a timer that fails trials of dead workers even when nobody asks,
// so the dashboard shows the truth and retries get queued.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startStaleTrialSweeper } = await import("./lib/server/stale-trial-sweeper");
  startStaleTrialSweeper();
}
