import "server-only";
import { AppError, fromZodError } from "@/lib/http/errors";
import { createExperimentBody } from "@/lib/schemas/experiment";
import { createRng, createSampler, parseSamplerConfig, suggest, type Params } from "@/lib/optimizer";
import { resolveExperimentConfig } from "./experiment-config";

export interface ExperimentPreview {
  ok: boolean;
  issues: Array<{ path: string; message: string }>;
  /** A few configurations drawn at random from the space, as the agent would receive them. */
  samples: Params[];
  /** What the search space was read as (after a W&B import, the native form). */
  space: unknown;
  /** What a W&B config held that has nothing to map onto here, with why. */
  warnings: Array<{ path: string; message: string }>;
}

/** Validates a would-be sweep without creating it: every issue with its path, plus sample configs. */
export async function previewExperiment({ input, samples = 5 }: { input: unknown; samples?: number }): Promise<ExperimentPreview> {
  const parsed = createExperimentBody.safeParse(input);
  if (!parsed.success) {
    const error = fromZodError(parsed.error, input);
    return { ok: false, issues: error.issues ?? [{ path: error.path ?? "", message: error.message }], samples: [], space: null, warnings: [] };
  }
  try {
    const config = resolveExperimentConfig(parsed.data);
    const sampler = createSampler(parseSamplerConfig("random", {}));
    const rng = createRng(parsed.data.seed ?? 0);
    const out: Params[] = [];
    for (let number = 0; number < samples; number++) {
      out.push(suggest({ space: config.space, sampler, trials: [], objectives: config.objectives, rng, number }).params);
    }
    return { ok: true, issues: [], samples: out, space: config.space, warnings: config.warnings };
  } catch (error) {
    if (error instanceof AppError && error.code === "validation_error") {
      return { ok: false, issues: error.issues ?? [{ path: error.path ?? "", message: error.message.replace(/^[^:]*: /, "") }], samples: [], space: null, warnings: [] };
    }
    throw error;
  }
}
