import { setOwn } from "../own";
import { drawFromPrior } from "../samplers/prior";
import type { Sampler, SampleContext } from "../samplers/types";
import type { CompiledSpace } from "../space/compile";
import { isObservedFailure, recoveredFailures } from "../tpe/rank";
import type { CmaEsConfig, InternalParams } from "../types";
import { sampleState } from "./core";
import { cmaCoords, replay, TAG, type Coord, type Plan, type ReplayMemo } from "./replay";

interface Ask {
  coords: Coord[];
  plan: Plan | null;
  x?: Float64Array;
}

/**
 * CMA-ES over the always-active numeric parameters (replay.ts says which, and how the state is rebuilt from the
 * trials on every ask); categorical and conditional parameters are drawn from their priors, as are all of them
 * during the start-up trials. With several objectives it optimises the first.
 */
export function createCmaEsSampler(cfg: CmaEsConfig): Sampler {
  const coordCache = new WeakMap<CompiledSpace, Coord[]>();
  const coordsOf = (space: CompiledSpace): Coord[] => {
    let c = coordCache.get(space);
    if (!c) coordCache.set(space, (c = cmaCoords(space, cfg.withMargin)));
    return c;
  };
  // A long-lived instance (the in-memory Study) continues from its previous replay when the history only grew.
  const memo: { last?: ReplayMemo } = {};
  // One suggestion asks several times with the same context: replay once.
  const asks = new WeakMap<SampleContext, Ask>();
  const ask = (ctx: SampleContext): Ask => {
    let a = asks.get(ctx);
    if (a) return a;
    const coords = coordsOf(ctx.space);
    const plan = coords.length === 0 || inStartup(ctx) ? null : replay(cfg, coords, ctx, memo);
    a = { coords, plan };
    asks.set(ctx, a);
    return a;
  };
  const inStartup = (ctx: SampleContext): boolean => {
    if (cfg.nStartupTrials === 0) return false;
    if (ctx.trials.some((t) => t.systemAttrs[TAG] !== undefined)) return false;
    const recovered = recoveredFailures(ctx.trials);
    let observed = 0;
    for (const t of ctx.trials) {
      if (t.state === "complete" || t.state === "pruned" || isObservedFailure(t, recovered)) observed++;
    }
    return observed < cfg.nStartupTrials;
  };

  return {
    name: "cmaes",
    inferRelativeSearchSpace(ctx) {
      const a = ask(ctx);
      return a.plan ? a.coords.map((c) => c.spec) : [];
    },
    sampleRelative(ctx, specs) {
      const a = ask(ctx);
      const out: InternalParams = {};
      if (!a.plan) return out;
      const lo = Float64Array.from(a.coords, (c) => c.lo);
      const hi = Float64Array.from(a.coords, (c) => c.hi);
      const x = sampleState(a.plan.state, ctx.rng, lo, hi);
      a.x = x;
      const wanted = new Set(specs.map((s) => s.path));
      a.coords.forEach((c, i) => {
        if (wanted.has(c.spec.path)) setOwn(out, c.spec.path, c.offset + x[i]! * c.scale);
      });
      return out;
    },
    sampleIndependent: (ctx, spec) => drawFromPrior(spec, ctx.rng),
    systemAttrs(ctx) {
      const a = asks.get(ctx);
      if (!a?.plan || !a.x) return {};
      return { [TAG]: { run: a.plan.run, gen: a.plan.gen, start: a.plan.start, x: Array.from(a.x) } };
    },
  };
}
