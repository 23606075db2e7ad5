import "server-only";
import { experimentStats, listExperimentRows } from "@/lib/db/experiments";
import type { ExperimentSummary } from "@/lib/schemas/experiment";
import { toSummary } from "./get-experiment";

export interface ListExperimentsOptions {
  search?: string;
  includeArchived?: boolean;
  /** Only sweeps having every one of these tags (normalised by lib/schemas/notes.ts). */
  tags?: string[];
}

export async function listExperiments(opts: ListExperimentsOptions = {}): Promise<ExperimentSummary[]> {
  const rows = await listExperimentRows(opts);
  const stats = await experimentStats(rows.map((r) => r.id));
  return rows.map((row) => toSummary(row, stats.get(row.id)));
}
