import "server-only";
import { insertExperiment } from "@/lib/db/experiments";
import type { CreateExperimentBody } from "@/lib/schemas/experiment";
import { resolveExperimentConfig } from "./experiment-config";
import { getExperiment, type ExperimentDetail } from "./get-experiment";

export interface CreateExperimentOptions {
  body: CreateExperimentBody;
  /** Source of a seed when the user gives none (injected so tests are reproducible). */
  randomSeed?: () => number;
  now?: () => Date;
}

/** The new sweep, and what of a W&B config could not be mapped (empty otherwise). */
export interface CreatedExperiment {
  experiment: ExperimentDetail;
  warnings: Array<{ path: string; message: string }>;
}

export async function createExperiment({ body, randomSeed, now = () => new Date() }: CreateExperimentOptions): Promise<CreatedExperiment> {
  const config = resolveExperimentConfig(body);
  const seed = body.seed ?? (randomSeed ? randomSeed() : Math.floor(Math.random() * 2 ** 31));
  const row = await insertExperiment({
    name: config.name,
    description: config.description,
    spaceSource: config.spaceSource,
    spaceFormat: config.spaceFormat,
    space: config.space,
    sampler: config.sampler.name,
    samplerConfig: config.sampler.config,
    pruner: config.pruner.name,
    prunerConfig: config.pruner.config,
    objectives: config.objectives,
    constraints: config.constraints,
    maxTrials: config.maxTrials,
    maxParallel: body.maxParallel ?? null,
    seed,
    maxRetries: body.maxRetries ?? 0,
    retryOn: body.retryOn ?? "infrastructure",
    heartbeatGraceSec: body.heartbeatGraceSec ?? 300,
    command: config.command,
  }, now().toISOString());
  return { experiment: await getExperiment({ id: row.id }), warnings: config.warnings };
}
