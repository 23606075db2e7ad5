import "server-only";
import { findTrial, type TrialRow } from "@/lib/db/trials";
import { AppError, notFound } from "@/lib/http/errors";

export async function loadTrial(id: number): Promise<TrialRow> {
  const trial = await findTrial(id);
  if (!trial) throw notFound("trial", id);
  return trial;
}

export function wrongState(trial: { id: number; state: string }, action: string): AppError {
  return new AppError("wrong_state", `trial ${trial.id} is ${trial.state}; only a running trial can ${action}`);
}
