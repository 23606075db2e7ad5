import { own, setOwn } from "../own";
import { constrainedDominates, constrainedSort } from "../mo/dominance";
import { crowdingOrder } from "../mo/crowding";
import { scoreTrials, type ScoredTrial } from "../mo/trials";
import { randInt } from "../rng";
import { drawFromPrior } from "../samplers/prior";
import type { Sampler, SampleContext } from "../samplers/types";
import type { ParamSpec } from "../space/compile";
import { tailRange } from "../space/convert";
import type { InternalParams, Nsga2Config, Rng, TrialRecord } from "../types";

/**
 * NSGA-II (Deb et al., 2002; Optuna's NSGAIISampler) with a state that is a pure function of the history, so a
 * server that recreates the sampler on every request proposes what a long-lived one would:
 *
 * - Trial n belongs to generation g = floor(n / populationSize). Generation 0 samples every parameter from its
 *   prior (random search).
 * - The parents of generation g are the elite of the complete trials numbered below g x populationSize that the
 *   sampler is shown (the bounded model history, history.ts: the 100 best by constrained domination and the
 *   400 newest): whole fronts by constrained domination (feasible fronts by nondominated rank, then infeasible
 *   trials by total violation) while they fit, the front that does not fit by crowding distance, most isolated
 *   first (ties: the lower trial number). This is elitist (mu + lambda) survival over everything seen so far;
 *   it does not depend on which trials of generation g itself have finished, so every trial of a generation
 *   draws from the same parents. Running, pruned and failed trials are not parents.
 * - Each child: two parents by binary tournament (the constrained-dominating one of two drawn at random; a draw
 *   when neither dominates). With probability crossoverProb, uniform crossover: each parameter from the second
 *   parent with probability swappingProb, else from the first, and a parameter the chosen parent lacks (a
 *   conditional branch it did not take) from the other parent; otherwise a copy of the first parent. A
 *   parameter no parent passes on is drawn from its prior. Each inherited parameter is then mutated (drawn from its prior) with
 *   probability mutationProb ("auto": 1 / the number of inherited parameters).
 *
 * Cost per suggestion: O(h log h) for h history trials (two objectives; O(h x populationSize x objectives) for
 * more), h <= 600 whatever the study's size.
 */
export function createNsga2Sampler(cfg: Nsga2Config): Sampler {
  const plans = new WeakMap<SampleContext, InternalParams | null>();
  const plan = (ctx: SampleContext): InternalParams | null => {
    let p = plans.get(ctx);
    if (p === undefined) {
      p = makeChild(ctx, cfg);
      plans.set(ctx, p);
    }
    return p;
  };
  return {
    name: "nsga2",
    inferRelativeSearchSpace(ctx) {
      const p = plan(ctx);
      return p ? ctx.space.free.filter((s) => own(p, s.path) !== undefined) : [];
    },
    sampleRelative(ctx, specs) {
      const p = plan(ctx);
      const out: InternalParams = {};
      if (!p) return out;
      for (const s of specs) {
        const v = own(p, s.path);
        if (v !== undefined) setOwn(out, s.path, v);
      }
      return out;
    },
    sampleIndependent: (ctx, spec) => drawFromPrior(spec, ctx.rng),
  };
}

/** The parents of trial `number`'s generation (empty in generation 0). */
export function parentPopulation(trials: ReadonlyArray<TrialRecord>, ctx: Pick<SampleContext, "directions" | "direction" | "number">, populationSize: number): ScoredTrial[] {
  const generation = Math.floor(ctx.number / populationSize);
  if (generation === 0) return [];
  const before = generation * populationSize;
  const directions = ctx.directions.length > 0 ? ctx.directions : [ctx.direction];
  const scored = scoreTrials(
    trials.filter((t) => t.number < before),
    directions,
  ).sort((a, b) => a.trial.number - b.trial.number);
  const fronts = constrainedSort(
    scored.map((s) => s.point),
    scored.map((s) => s.violation),
    populationSize,
  );
  const elite: ScoredTrial[] = [];
  for (const front of fronts) {
    const room = populationSize - elite.length;
    if (room <= 0) break;
    if (front.length <= room) {
      for (const i of front) elite.push(scored[i]!);
      continue;
    }
    const order = crowdingOrder(front.map((i) => scored[i]!.point));
    for (const k of order.slice(0, room)) elite.push(scored[front[k]!]!);
  }
  return elite;
}

function tournament(pop: ReadonlyArray<ScoredTrial>, rng: Rng, exclude: number): number {
  const pick = (): number => {
    if (exclude < 0 || pop.length < 2) return randInt(rng, pop.length);
    const k = randInt(rng, pop.length - 1);
    return k >= exclude ? k + 1 : k;
  };
  const a = pick();
  const b = pick();
  const pa = pop[a]!;
  const pb = pop[b]!;
  if (constrainedDominates(pa.point, pa.violation, pb.point, pb.violation)) return a;
  if (constrainedDominates(pb.point, pb.violation, pa.point, pa.violation)) return b;
  return rng.next() < 0.5 ? a : b;
}

/** A parent's value for a parameter when it has one that is valid in the current space. */
function inherited(t: TrialRecord, spec: ParamSpec): number | undefined {
  const v = own(t.internal, spec.path);
  if (v === undefined || !Number.isFinite(v)) return undefined;
  if (spec.kind === "categorical") return Number.isInteger(v) && v >= 0 && v < spec.count ? v : undefined;
  const [lo, hi] = spec.bounded ? [spec.low, spec.high] : tailRange(spec);
  return v >= lo && v <= hi ? v : undefined;
}

/** The child's inherited internal values, or null when there are no parents (generation 0, or none complete). */
function makeChild(ctx: SampleContext, cfg: Nsga2Config): InternalParams | null {
  const pop = parentPopulation(ctx.trials, ctx, cfg.populationSize);
  if (pop.length === 0) return null;
  const rng = ctx.rng;
  const first = tournament(pop, rng, -1);
  const second = pop.length > 1 ? tournament(pop, rng, first) : first;
  const p1 = pop[first]!.trial;
  const p2 = pop[second]!.trial;
  const cross = rng.next() < cfg.crossoverProb;
  const child: Array<[string, number]> = [];
  for (const spec of ctx.space.free) {
    const fromSecond = cross && rng.next() < cfg.swappingProb;
    const [a, b] = fromSecond ? [p2, p1] : [p1, p2];
    const v = inherited(a, spec) ?? (cross ? inherited(b, spec) : undefined);
    if (v !== undefined) child.push([spec.path, v]);
  }
  const mutation = cfg.mutationProb === "auto" ? 1 / Math.max(1, child.length) : cfg.mutationProb;
  const out: InternalParams = {};
  for (const [path, v] of child) if (!(rng.next() < mutation)) setOwn(out, path, v);
  return out;
}
