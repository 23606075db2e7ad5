// Our side of the benchmark: drives lib/optimizer's Study (ask/tell over an InMemoryStorage) on a problem.

import type { SamplerConfig, TrialRecord } from "../../lib/optimizer/types";
import { type EngineApi } from "./engine";
import { type FlatParams, getProblem, type Problem } from "./problems";
import { BenchRng } from "./rng";

export interface OurArm {
  arm: string;
  label: string;
  isTpe: boolean;
  config: (api: EngineApi) => SamplerConfig;
}

/** The default sampler plus every sampler we ship (grid is skipped: meaningless at 100 trials on continuous spaces). */
export const OUR_ARMS: OurArm[] = [
  { arm: "default", label: "DEFAULT_SAMPLER", isTpe: true, config: (api) => api.DEFAULT_SAMPLER },
  { arm: "random", label: "random", isTpe: false, config: (api) => api.parseSamplerConfig("random", {}) },
  { arm: "qmc", label: "qmc (scrambled)", isTpe: false, config: (api) => api.parseSamplerConfig("qmc", {}) },
  // TPE's defaults are DEFAULT_SAMPLER's: these arms spell out every mode they switch off.
  { arm: "tpe", label: "tpe univariate", isTpe: true, config: (api) => api.parseSamplerConfig("tpe", { multivariate: false, constantLiar: false }) },
  { arm: "tpe-mv", label: "tpe multivariate", isTpe: true, config: (api) => api.parseSamplerConfig("tpe", { multivariate: true, group: false, constantLiar: false, univariateEvery: 0 }) },
  { arm: "tpe-mvg", label: "tpe multivariate+group", isTpe: true, config: (api) => api.parseSamplerConfig("tpe", { multivariate: true, group: true, constantLiar: false, univariateEvery: 0 }) },
];

export const OBJECTIVES = [{ metric: "f", direction: "minimize" as const }];

export interface RunResult {
  impl: "ours" | "optuna";
  problem: string;
  arm: string;
  seed: number;
  trials: number;
  /** f of every trial in order (null when a trial failed). */
  values: Array<number | null>;
  /** Total time in ask() (ours) or in the whole loop (optuna), seconds. */
  ask_s?: number;
  wall_s: number;
  error?: string;
}

export async function runOurs(api: EngineApi, problem: Problem, arm: string, config: SamplerConfig, seed: number, trials: number): Promise<RunResult> {
  const storage = new api.InMemoryStorage();
  const study = new api.Study({ storage, space: problem.space, sampler: config, objectives: OBJECTIVES, seed });
  const values: Array<number | null> = [];
  let askMs = 0;
  const t0 = performance.now();
  try {
    for (let i = 0; i < trials; i++) {
      const a = performance.now();
      const t = await study.ask();
      askMs += performance.now() - a;
      const v = problem.objective(t.params as FlatParams);
      values.push(v);
      await study.tell(t.number, { state: "complete", values: [v] });
    }
  } catch (e) {
    return { impl: "ours", problem: problem.id, arm, seed, trials, values, ask_s: askMs / 1000, wall_s: (performance.now() - t0) / 1000, error: String((e as Error)?.stack ?? e) };
  }
  return { impl: "ours", problem: problem.id, arm, seed, trials, values, ask_s: askMs / 1000, wall_s: (performance.now() - t0) / 1000 };
}

/**
 * ms per suggestion (Study.ask() only; also suggest() alone, without the InMemoryStorage copies) after pre-filling the storage with `size` complete trials at uniform random
 * points of a flat float problem; the first ask is an untimed warm-up.
 */
export async function speedOurs(
  api: EngineApi,
  problemId: string,
  config: SamplerConfig,
  size: number,
  reps: number,
  seed = 0,
): Promise<{ ask: number[]; suggest: number[] }> {
  const problem = getProblem(problemId);
  const space = api.parseSpace(problem.space);
  const storage = new api.InMemoryStorage();
  const rng = new BenchRng(12345 + size);
  for (let i = 0; i < size; i++) {
    const raw: FlatParams = {};
    for (const [name, s] of Object.entries(problem.spec)) {
      if (s.type !== "float") throw new Error("speed problem must be float-only");
      raw[name] = s.low + rng.next() * (s.high - s.low);
    }
    const { params, internal } = api.validateParams(space, raw);
    const rec: Omit<TrialRecord, "number"> = {
      state: "complete",
      params,
      internal,
      values: [problem.objective(params as FlatParams)],
      intermediate: [],
      systemAttrs: {},
    };
    await storage.createTrial(rec);
  }
  const study = new api.Study({ storage, space, sampler: config, objectives: OBJECTIVES, seed });
  const ask: number[] = [];
  const pure: number[] = [];
  const sampler = api.createSampler(config);
  const studyRng = api.createRng(seed);
  for (let r = 0; r <= reps; r++) {
    // suggest() alone on the same history (what the server calls inside its transaction): no storage copies
    const trials = await storage.listTrials();
    const b = performance.now();
    api.suggest({ space: study.space, sampler, trials, objectives: OBJECTIVES, rng: studyRng, number: trials.length });
    const dtPure = performance.now() - b;
    const a = performance.now();
    const t = await study.ask();
    const dt = performance.now() - a;
    await study.tell(t.number, { state: "complete", values: [problem.objective(t.params as FlatParams)] });
    if (r > 0) {
      ask.push(dt);
      pure.push(dtPure);
    }
  }
  return { ask, suggest: pure };
}
