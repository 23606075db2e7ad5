import "server-only";
import { findTrialRun, readTrialOutput } from "@/lib/db/trial-output";
import { parseConfig, storedIso } from "@/lib/db/columns";
import { MAX_OUTPUT_PAGE, type TrialOutputPage } from "@/lib/schemas/trial-output";
import { loadTrial } from "./load-trial";

/**
 * A trial's command and its kept output after `after` (a seq), oldest first: the API's GET and the trial
 * page's live panel. `checkExperiment` (the dashboard's route: may this visitor see the trial's sweep?) throws to
 * refuse; it is passed in so that the token API's bundle never loads the dashboard's session code.
 */
export async function getTrialOutput({ trialId, after, limit = MAX_OUTPUT_PAGE, checkExperiment }: { trialId: number; after?: number; limit?: number; checkExperiment?: (experimentId: number) => void }): Promise<TrialOutputPage> {
  const trial = await loadTrial(trialId);
  checkExperiment?.(trial.experimentId);
  const [run, rows] = await Promise.all([findTrialRun(trialId), readTrialOutput(trialId, after, limit + 1)]);
  const lines = rows.slice(0, limit).map((r) => ({ seq: r.seq, stream: r.stream === "stderr" ? ("stderr" as const) : ("stdout" as const), text: r.text, at: r.at }));
  const command =
    run?.argv == null
      ? null
      : { argv: parseConfig(run.argv) as string[], cwd: run.cwd ?? "", host: run.host ?? "", worker: run.worker, startedAt: storedIso(run.startedAt) };
  return {
    command,
    lines,
    droppedLines: run?.droppedLines ?? 0,
    droppedBytes: run?.droppedBytes ?? 0,
    lastSeq: lines.at(-1)?.seq ?? after ?? -1,
    more: rows.length > limit,
    state: trial.state,
  };
}
