import { own, setOwn } from "./own";
import { selectHistory, type HistoryNeed } from "./history";
import { deriveRng } from "./rng";
import { compileSpace, isActive } from "./space/compile";
import { snap, toExternal } from "./space/convert";
import { bracketCount, trialBracket } from "./pruners/hyperband";
import type { Sampler, SampleContext } from "./samplers/types";
import type { InternalParams, Objective, Params, PrunerConfig, Rng, Space, TrialRecord } from "./types";

export interface SuggestOptions {
  space: Space;
  sampler: Sampler;
  /** All trials of the study, in any state (running and waiting ones included). */
  trials: ReadonlyArray<TrialRecord>;
  objectives: ReadonlyArray<Objective>;
  /** The study's generator; suggest derives this trial's own stream from it and the number. */
  rng: Rng;
  /** Number the new trial will get. */
  number: number;
  pruner?: PrunerConfig;
  /** What the sampler's model reads of `trials` (see history.ts); all of them when absent. */
  history?: HistoryNeed;
}

export interface Suggestion {
  params: Params;
  internal: InternalParams;
  systemAttrs: Record<string, unknown>;
}

/**
 * Suggests parameters for trial `number`. Depends only on the rng's seed, the number and the trials, so a
 * server that recreates everything per request gets the same answer for the same history.
 */
export function suggest(opts: SuggestOptions): Suggestion {
  const compiled = compileSpace(opts.space);
  const rng = deriveRng(opts.rng, opts.number);
  const others = opts.trials.filter((t) => t.number !== opts.number);
  const directions = opts.objectives.map((o) => o.direction);
  let trials = opts.history ? selectHistory(others, opts.history, directions) : others;
  const systemAttrs: Record<string, unknown> = {};
  const pruner = opts.pruner;
  if (pruner?.name === "hyperband") {
    const n = bracketCount(pruner, trials);
    if (n !== undefined) {
      const bracket = trialBracket({ number: opts.number, systemAttrs: {} }, n, pruner.reductionFactor);
      systemAttrs.bracket = bracket;
      trials = trials.filter((t) => trialBracket(t, n, pruner.reductionFactor) === bracket);
    }
  }
  const ctx: SampleContext = { space: compiled, trials, direction: directions[0] ?? "minimize", directions, rng, number: opts.number };
  const relSpecs = opts.sampler.inferRelativeSearchSpace(ctx);
  const relative = relSpecs.length > 0 ? opts.sampler.sampleRelative(ctx, relSpecs) : {};
  const values = new Float64Array(compiled.specs.length).fill(NaN);
  const params: Params = {};
  const internal: InternalParams = {};
  for (const spec of compiled.specs) {
    if (!isActive(compiled.specs, spec, values)) continue;
    const rel = own(relative, spec.path);
    const raw = spec.kind === "const" ? 0 : rel !== undefined ? rel : opts.sampler.sampleIndependent(ctx, spec);
    const x = snap(spec, raw);
    values[spec.index] = x;
    setOwn(internal, spec.path, x);
    setOwn(params, spec.path, toExternal(spec, x));
  }
  const extra = opts.sampler.systemAttrs?.(ctx);
  if (extra) for (const [key, value] of Object.entries(extra)) if (!Object.hasOwn(systemAttrs, key)) systemAttrs[key] = value;
  return { params, internal, systemAttrs };
}
