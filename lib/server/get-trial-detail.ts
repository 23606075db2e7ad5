import "server-only";
import { findTrial, findTrialByNumber } from "@/lib/db/trials";
import { notFound } from "@/lib/http/errors";
import type { TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";

export interface GetTrialDetailOptions {
  experimentId: number;
  number: number;
}

export interface TrialDetail {
  trial: TrialDto;
  /** The trial this one retries, for a link back along the retry chain. */
  retryOf: { id: number; number: number } | null;
}

/** One trial of an experiment by its number (cheap: the trial page answers 404 from it before streaming). */
export async function getTrialDetail({ experimentId, number }: GetTrialDetailOptions): Promise<TrialDetail> {
  const row = await findTrialByNumber(experimentId, number);
  if (!row) throw notFound(`trial #${number} of experiment`, experimentId);
  const previous = row.retryOfId === null ? null : ((await findTrial(row.retryOfId)) ?? null);
  return { trial: toTrialDto(row), retryOf: previous && { id: previous.id, number: previous.number } };
}
