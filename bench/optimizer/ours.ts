// Our side of the benchmark: drives lib/optimizer's Study (ask/tell over an InMemoryStorage) on a problem.
// A trial whose objective throws ProblemFailure is told as a program failure; multi-objective problems tell
// every objective.

import type { SamplerConfig, TrialRecord } from "../../lib/optimizer/types";
import { type EngineApi } from "./engine";
import { type FlatParams, getProblem, type Problem, ProblemFailure } from "./problems";
import { BenchRng } from "./rng";

/** Which problems an arm runs on: single-objective ones, multi-objective ones, or both. */
export type ArmScope = "single" | "multi" | "both";

export interface OurArm {
  arm: string;
  label: string;
  scope: ArmScope;
  /** Registered sampler name and its settings (parseSamplerConfig fills the defaults); null = DEFAULT_SAMPLER. */
  sampler: { name: string; settings: Record<string, unknown> } | null;
}

/**
 * THE table of our arms: arm -> sampler config. The grid sampler is left out (meaningless at 100 trials on
 * continuous spaces). gp, cmaes and nsga2 are being written on other branches: until their samplers are
 * registered, resolveArm() says so and the bench skips them.
 */
export const OUR_ARMS: OurArm[] = [
  { arm: "default", label: "DEFAULT_SAMPLER", scope: "both", sampler: null },
  { arm: "tpe", label: "tpe (its defaults)", scope: "single", sampler: { name: "tpe", settings: {} } },
  { arm: "gp", label: "gp (its defaults)", scope: "single", sampler: { name: "gp", settings: {} } },
  { arm: "cmaes", label: "cmaes (its defaults)", scope: "single", sampler: { name: "cmaes", settings: {} } },
  { arm: "mo-tpe", label: "tpe on several objectives", scope: "multi", sampler: { name: "tpe", settings: {} } },
  { arm: "nsga2", label: "nsga2 (its defaults)", scope: "multi", sampler: { name: "nsga2", settings: {} } },
  { arm: "random", label: "random", scope: "both", sampler: { name: "random", settings: {} } },
];

/** The arm's sampler config, or null when its sampler is not registered in this build of lib/optimizer. */
export function resolveArm(api: EngineApi, arm: string): SamplerConfig | null {
  const a = OUR_ARMS.find((x) => x.arm === arm);
  if (!a) throw new Error(`unknown arm ${arm}; known: ${OUR_ARMS.map((x) => x.arm).join(", ")}`);
  if (a.sampler === null) return api.DEFAULT_SAMPLER;
  if (!(api.SAMPLER_NAMES as readonly string[]).includes(a.sampler.name)) return null;
  return api.parseSamplerConfig(a.sampler.name, a.sampler.settings);
}

/** Whether an arm of this scope runs on the problem. */
export function armRunsOn(scope: ArmScope, problem: Pick<Problem, "nObjectives">): boolean {
  return scope === "both" || (scope === "multi") === problem.nObjectives > 1;
}

export const OBJECTIVES = [{ metric: "f", direction: "minimize" as const }];
export function objectivesOf(problem: Pick<Problem, "nObjectives">) {
  if (problem.nObjectives === 1) return OBJECTIVES;
  return Array.from({ length: problem.nObjectives }, (_, i) => ({ metric: `f${i + 1}`, direction: "minimize" as const }));
}

export interface RunResult {
  impl: "ours" | "optuna";
  problem: string;
  arm: string;
  seed: number;
  trials: number;
  /** f of every trial in order (multi-objective: the vector; null when the trial failed). */
  values: Array<number | number[] | null>;
  /** Total time in ask() (ours) or in the whole loop (optuna), seconds. */
  ask_s?: number;
  wall_s: number;
  error?: string;
}

export async function runOurs(api: EngineApi, problem: Problem, arm: string, config: SamplerConfig, seed: number, trials: number): Promise<RunResult> {
  const storage = new api.InMemoryStorage();
  const study = new api.Study({ storage, space: problem.space, sampler: config, objectives: objectivesOf(problem), seed });
  const values: RunResult["values"] = [];
  let askMs = 0;
  const t0 = performance.now();
  try {
    for (let i = 0; i < trials; i++) {
      const a = performance.now();
      const t = await study.ask();
      askMs += performance.now() - a;
      let v: number[];
      try {
        v = problem.evaluate(t.params as FlatParams);
      } catch (e) {
        if (!(e instanceof ProblemFailure)) throw e;
        // A failure of the program (the engine learns from it), as the agent reports a crashed training script.
        values.push(null);
        await study.tell(t.number, { state: "failed", error: e.message, kind: "program" });
        continue;
      }
      values.push(problem.nObjectives === 1 ? v[0]! : v);
      await study.tell(t.number, { state: "complete", values: v });
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
      values: problem.evaluate(params as FlatParams),
      intermediate: [],
      systemAttrs: {},
    };
    await storage.createTrial(rec);
  }
  const objectives = objectivesOf(problem);
  const study = new api.Study({ storage, space, sampler: config, objectives, seed });
  const ask: number[] = [];
  const pure: number[] = [];
  const sampler = api.createSampler(config);
  const studyRng = api.createRng(seed);
  for (let r = 0; r <= reps; r++) {
    // suggest() alone on the same history (what the server calls inside its transaction): no storage copies
    const trials = await storage.listTrials();
    const b = performance.now();
    api.suggest({ space: study.space, sampler, trials, objectives, rng: studyRng, number: trials.length });
    const dtPure = performance.now() - b;
    const a = performance.now();
    const t = await study.ask();
    const dt = performance.now() - a;
    await study.tell(t.number, { state: "complete", values: problem.evaluate(t.params as FlatParams) });
    if (r > 0) {
      ask.push(dt);
      pure.push(dtPure);
    }
  }
  return { ask, suggest: pure };
}
