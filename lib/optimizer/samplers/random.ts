import { drawFromPrior } from "./prior";
import type { Sampler } from "./types";

/** Independent draws from each parameter's prior (weights, log scales and normal priors included). */
export function createRandomSampler(): Sampler {
  return {
    name: "random",
    inferRelativeSearchSpace: () => [],
    sampleRelative: () => ({}),
    sampleIndependent: (ctx, spec) => drawFromPrior(spec, ctx.rng),
  };
}
