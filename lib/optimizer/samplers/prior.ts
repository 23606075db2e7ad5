import { pickCumulative, randInt } from "../rng";
import { normInv } from "../math/normal";
import { snap } from "../space/convert";
import type { ParamSpec } from "../space/compile";
import type { Rng } from "../types";

const cumulativeCache = new WeakMap<Float64Array, Float64Array>();

function cumulative(weights: Float64Array): Float64Array {
  let c = cumulativeCache.get(weights);
  if (!c) {
    c = new Float64Array(weights.length);
    let acc = 0;
    weights.forEach((w, i) => {
      acc += w;
      c![i] = acc;
    });
    cumulativeCache.set(weights, c);
  }
  return c;
}

/** Draws a category index from the spec's prior weights (uniform when it has none). */
export function drawCategory(spec: ParamSpec, rng: Rng): number {
  return spec.weights ? pickCumulative(rng, cumulative(spec.weights)) : randInt(rng, spec.count);
}

/** One draw from a parameter's prior, in internal form: what random search means for each distribution. */
export function drawFromPrior(spec: ParamSpec, rng: Rng): number {
  switch (spec.kind) {
    case "const":
      return 0;
    case "categorical":
      return drawCategory(spec, rng);
    default:
      break;
  }
  if (!spec.bounded) {
    // Keep u off 0 so the inverse CDF stays finite.
    const u = Math.max(rng.next(), 2 ** -60);
    return snap(spec, spec.priorMu + spec.priorSigma * normInv(u));
  }
  if (spec.kind === "discrete" && !spec.log) {
    // Every grid value equally likely, including the two ends (snapping a uniform draw would halve them).
    return snap(spec, spec.natLow + randInt(rng, spec.count) * spec.step);
  }
  return snap(spec, spec.low + rng.next() * (spec.high - spec.low));
}
