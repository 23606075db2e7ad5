import "server-only";
import { experimentStats, findExperiment } from "@/lib/db/experiments";
import { notFound } from "@/lib/http/errors";
import { objectivesColumn, type ExperimentSummary } from "@/lib/schemas/experiment";
import type { ExperimentStatus } from "@/lib/schemas/common";

type ExperimentRow = NonNullable<Awaited<ReturnType<typeof findExperiment>>>;
type Stats = ReturnType<typeof experimentStats> extends Map<number, infer S> ? S : never;

export interface ExperimentDetail extends ExperimentSummary {
  space: unknown;
  spaceSource: string;
  spaceFormat: string;
  samplerConfig: unknown;
  prunerConfig: unknown;
  seed: number;
  maxRetries: number;
  heartbeatGraceSec: number;
}

export function toSummary(row: ExperimentRow, stats: Stats | undefined): ExperimentSummary {
  const objectives = objectivesColumn.parse(row.objectives);
  const maximize = objectives[0]?.direction === "maximize";
  const best = stats ? (maximize ? stats.maxValue : stats.minValue) : null;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status as ExperimentStatus,
    objectives,
    sampler: row.sampler,
    pruner: row.pruner,
    maxTrials: row.maxTrials,
    maxParallel: row.maxParallel,
    trialsDone: stats?.done ?? 0,
    trialsRunning: stats?.running ?? 0,
    trialCount: row.trialCount,
    bestValue: best ?? null,
    bestTrialNumber: null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: maxIso(row.updatedAt.toISOString(), stats?.lastTrialAt ?? null),
  };
}

function maxIso(a: string, b: string | null): string {
  if (!b) return a;
  const tb = new Date(b);
  return Number.isNaN(tb.getTime()) || tb.toISOString() < a ? a : tb.toISOString();
}

export async function getExperiment({ id }: { id: number }): Promise<ExperimentDetail> {
  const row = await findExperiment(id);
  if (!row) throw notFound("experiment", id);
  const summary = toSummary(row, experimentStats([id]).get(id));
  return {
    ...summary,
    space: row.space,
    spaceSource: row.spaceSource,
    spaceFormat: row.spaceFormat,
    samplerConfig: row.samplerConfig,
    prunerConfig: row.prunerConfig,
    seed: row.seed,
    maxRetries: row.maxRetries,
    heartbeatGraceSec: row.heartbeatGraceSec,
  };
}
