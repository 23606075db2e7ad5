import "server-only";
import { findExperiment } from "@/lib/db/experiments";
import { listTrialRows } from "@/lib/db/trials";
import { notFound } from "@/lib/http/errors";
import type { TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";

export interface ListTrialsOptions {
  experimentId: number;
  /** Trial number to continue after (the previous page's nextCursor). */
  cursor?: number;
  limit?: number;
  states?: string[];
  order?: "asc" | "desc";
}

export interface TrialPage {
  trials: TrialDto[];
  nextCursor: number | null;
}

/** A page of trials by number; `nextCursor` is null on the last page. */
export async function listTrials({ experimentId, cursor, limit, states, order = "asc" }: ListTrialsOptions): Promise<TrialPage> {
  if (!(await findExperiment(experimentId))) throw notFound("experiment", experimentId);
  const take = limit ?? 10_000_000;
  const rows = await listTrialRows(experimentId, { afterNumber: cursor, take: take + 1, states, order });
  const page = rows.slice(0, take).map(toTrialDto);
  return { trials: page, nextCursor: rows.length > take ? page[page.length - 1]!.number : null };
}
