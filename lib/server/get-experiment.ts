import "server-only";
import { parseConfig, parseTags, storedIso } from "@/lib/db/columns";
import { experimentStats, findExperiment, type ExperimentRow, type ExperimentStats } from "@/lib/db/experiments";
import { readScoredTrials } from "@/lib/db/trials";
import { notFound } from "@/lib/http/errors";
import { paretoFront } from "@/lib/optimizer";
import { commandColumn, constraintsColumn, objectivesColumn, type ExperimentSummary } from "@/lib/schemas/experiment";
import type { ExperimentStatus } from "@/lib/schemas/common";

export interface ExperimentDetail extends ExperimentSummary {
  space: unknown;
  spaceSource: string;
  spaceFormat: string;
  samplerConfig: unknown;
  prunerConfig: unknown;
  seed: number;
  maxRetries: number;
  heartbeatGraceSec: number;
  /** Several objectives: the numbers of the Pareto front's trials (complete, feasible, nondominated); else null. */
  paretoFront: number[] | null;
  /** The sweep's Markdown note (lib/schemas/notes.ts). */
  note: string;
}

/** The objectives column through its schema. */
export function objectivesOf(row: Pick<ExperimentRow, "objectives">) {
  return objectivesColumn.parse(parseConfig(row.objectives));
}

/** The constraints column through its schema. */
export function constraintsOf(row: Pick<ExperimentRow, "constraints">): string[] {
  return constraintsColumn.parse(parseConfig(row.constraints));
}

/** The command column through its schema (null: the sweep stores none). */
export function commandOf(row: Pick<ExperimentRow, "command">): string[] | null {
  return row.command === null ? null : commandColumn.parse(parseConfig(row.command));
}

export function toSummary(row: ExperimentRow, stats: ExperimentStats | undefined): ExperimentSummary {
  const objectives = objectivesOf(row);
  const maximize = objectives[0]?.direction === "maximize";
  const best = stats ? (maximize ? stats.maxValue : stats.minValue) : null;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status as ExperimentStatus,
    objectives,
    constraints: constraintsOf(row),
    sampler: row.sampler,
    pruner: row.pruner,
    maxTrials: row.maxTrials,
    maxParallel: row.maxParallel,
    trialsDone: stats?.done ?? 0,
    trialsRunning: stats?.running ?? 0,
    trialCount: row.trialCount,
    bestValue: best ?? null,
    bestTrialNumber: stats ? (maximize ? stats.maxTrialNumber : stats.minTrialNumber) : null,
    createdAt: storedIso(row.createdAt),
    updatedAt: maxIso(storedIso(row.updatedAt), stats?.lastTrialAt ?? null),
    command: commandOf(row),
    tags: parseTags(row.tags),
  };
}

function maxIso(a: string, b: string | null): string {
  if (!b) return a;
  const tb = storedIso(b);
  return tb < a ? a : tb;
}

export async function getExperiment({ id }: { id: number }): Promise<ExperimentDetail> {
  const row = await findExperiment(id);
  if (!row) throw notFound("experiment", id);
  const summary = toSummary(row, (await experimentStats([id])).get(id));
  const directions = summary.objectives.map((o) => o.direction);
  const front = directions.length > 1 ? paretoFront(await readScoredTrials(id), directions).map((t) => t.number) : null;
  return {
    ...summary,
    space: parseConfig(row.space),
    spaceSource: row.spaceSource,
    spaceFormat: row.spaceFormat,
    samplerConfig: parseConfig(row.samplerConfig),
    prunerConfig: parseConfig(row.prunerConfig),
    seed: row.seed,
    maxRetries: row.maxRetries,
    heartbeatGraceSec: row.heartbeatGraceSec,
    paretoFront: front,
    note: row.note,
  };
}
