// One Sweepboard instance's worth of load, in its own process, for tests/integration/multi-process.test.ts:
// it talks to DATABASE_URL through lib/server exactly as a server process does, and prints what it got as one
// JSON line. Run with node --conditions=react-server --import tsx (lib/db imports "server-only").
//
//   ask-worker <experimentId> <ask|ask-complete|sweep> <count> <startAtMs>
import { askTrial } from "@/lib/server/ask-trial";
import { completeTrial } from "@/lib/server/complete-trial";
import { failStaleTrials } from "@/lib/server/fail-stale-trials";
import { closeDb } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";

const [experimentId, mode, count, startAt] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4]), Number(process.argv[5])];

async function main() {
  // Every worker starts at the same moment, so their steps really overlap.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
  const numbers: number[] = [];
  const refusals: Record<string, number> = {};
  let failed = 0;
  for (let i = 0; i < count; i++) {
    try {
      if (mode === "sweep") {
        // As the timer does in every instance: an hour later, every running trial is stale.
        failed += await failStaleTrials({ experimentId, now: () => new Date(Date.now() + 3_600_000) });
        continue;
      }
      const trial = await askTrial({ experimentId, workerId: `pid-${process.pid}` });
      numbers.push(trial.number);
      if (mode === "ask-complete") await completeTrial({ trialId: trial.id, body: { value: trial.number } });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refusals[error.code] = (refusals[error.code] ?? 0) + 1;
    }
  }
  process.stdout.write(`${JSON.stringify({ numbers, refusals, failed })}\n`);
  await closeDb();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
