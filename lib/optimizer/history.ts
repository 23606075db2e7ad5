import { rankedTrials } from "./mo/trials";
import type { Direction, PrunerConfig, SamplerConfig, TrialRecord } from "./types";

/**
 * How much of a sweep's history a sampler's model reads. An ask must cost the same at 100,000 finished
 * trials as at 1,000, so model-based samplers see a bounded, documented selection; random and QMC
 * suggestions depend on the trial number only; a grid must know every configuration already handed out.
 */
export type HistoryNeed = { kind: "none" } | { kind: "all" } | { kind: "bounded"; best: number; recent: number; active: number };

/**
 * The bounded model history: the 100 best complete trials (the "good" group of TPE never holds more than 25,
 * so these cover it with room; NSGA-II's parents, 50 by default, are the elite of these), the 400 most recently
 * finished ones (complete, pruned or failed: what the model learns the shape and the failing regions from;
 * TPE's age weights discount older trials anyway) and the 100 most recent running or waiting ones (the
 * constant liar's). At most 600 trials, whatever the size.
 */
export const MODEL_HISTORY = { best: 100, recent: 400, active: 100 } as const;

/**
 * The GP's history: its fit and posterior cost O(n^3) and O(n^2) per candidate, so it reads at most 200 finished
 * trials (the 50 best complete ones, which hold the incumbent and the region EI refines, and the 150 most
 * recently finished ones) and the 50 most recent running or waiting ones (its constant liar's).
 */
export const GP_HISTORY = { best: 50, recent: 150, active: 50 } as const;

/**
 * CMA-ES's history (cmaes/replay.ts): it replays its current run from the generation tags of the trials, so it
 * reads no best trials, the 6,000 most recently finished ones and the 1,000 most recent running or waiting ones
 * (where a run that has just started is found). A run ends before it holds CMAES_RUN_TRIALS trials, which
 * leaves room in the window for 1,000 others (enqueued trials, retries of older runs): the whole run is always
 * read, and an ask costs the same at 100,000 trials as at 6,000.
 */
export const CMAES_HISTORY = { best: 0, recent: 6_000, active: 1_000 } as const;
export const CMAES_RUN_TRIALS = 5_000;

export function historyNeed(sampler: SamplerConfig, pruner: PrunerConfig | undefined): HistoryNeed {
  if (sampler.name === "grid") return { kind: "all" };
  if (sampler.name === "gp") return { kind: "bounded", ...GP_HISTORY };
  if (sampler.name === "cmaes") return { kind: "bounded", ...CMAES_HISTORY };
  // Hyperband assigns brackets from the finished trials' steps, whatever the sampler.
  // auto: the GP serves only while fewer than gpUntil trials finished (all of them fit in MODEL_HISTORY), TPE after.
  if (sampler.name === "tpe" || sampler.name === "nsga2" || sampler.name === "auto" || pruner?.name === "hyperband") return { kind: "bounded", ...MODEL_HISTORY };
  return { kind: "none" };
}

/** The states of a trial that has finished (an observation, or a failure of some kind). */
export const FINISHED: ReadonlySet<string> = new Set(["complete", "pruned", "failed"]);
const ACTIVE = new Set(["running", "waiting"]);

/**
 * Applies a need to a list of trials, ordered by number. Idempotent: selecting from a selection gives it back,
 * so a database that reads only the selection and the in-memory Study that filters everything agree.
 *
 * "Best" means constrained domination over every objective (mo/trials.ts rankedTrials): complete trials with a
 * finite value for every objective, feasible ones front by front (nondominated sorting; with one objective,
 * simply by value), then infeasible ones by total violation; ties inside a front go to the lower number. With
 * one objective and no constraints that is the old order by value. The tie rule keeps the selection
 * idempotent: a front cut short keeps its oldest members, which are older than every "recent" trial, so the
 * recent trials whose rank improves in the smaller set cannot push them out; the fronts before the cut lose no
 * member, so no trial's rank in the selection is better than the cut's.
 */
export function selectHistory(trials: ReadonlyArray<TrialRecord>, need: HistoryNeed, directions: Direction | ReadonlyArray<Direction>): TrialRecord[] {
  if (need.kind === "all") return [...trials];
  if (need.kind === "none") return [];
  const dirs: ReadonlyArray<Direction> = typeof directions === "string" ? [directions] : directions.length > 0 ? directions : ["minimize"];
  const best = rankedTrials(trials, dirs, need.best).slice(0, need.best);
  const byNumberDesc = [...trials].sort((a, b) => b.number - a.number);
  const recent = byNumberDesc.filter((t) => FINISHED.has(t.state)).slice(0, need.recent);
  const active = byNumberDesc.filter((t) => ACTIVE.has(t.state)).slice(0, need.active);
  const chosen = new Map<number, TrialRecord>();
  for (const t of [...best, ...recent, ...active]) chosen.set(t.number, t);
  return [...chosen.values()].sort((a, b) => a.number - b.number);
}
