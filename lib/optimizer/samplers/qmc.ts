import { setOwn } from "../own";
import { pickCumulative } from "../rng";
import { normInv } from "../math/normal";
import type { ParamSpec } from "../space/compile";
import { snap } from "../space/convert";
import type { QmcConfig } from "../types";
import { drawFromPrior } from "./prior";
import { makeScramble, sobolPoint, type Scramble } from "./sobol";
import type { Sampler } from "./types";

/**
 * Scrambled Sobol' points for the unconditional parameters; trial number n takes point n, so the sequence
 * resumes by itself and parallel workers share it without coordination. Conditional parameters (whose
 * dimension would be used only sometimes) are drawn independently at random.
 */
export function createQmcSampler(cfg: QmcConfig): Sampler {
  const seed = cfg.seed ?? 0;
  const scrambles = new Map<number, Scramble>();
  const scrambleFor = (dims: number): Scramble => {
    let s = scrambles.get(dims);
    if (!s) {
      s = makeScramble(dims, seed, cfg.scramble);
      scrambles.set(dims, s);
    }
    return s;
  };
  return {
    name: "qmc",
    inferRelativeSearchSpace: (ctx) => ctx.space.free.filter((s) => s.parent < 0),
    sampleRelative(ctx, specs) {
      const s = scrambleFor(specs.length);
      const out: Record<string, number> = {};
      specs.forEach((spec, d) => setOwn(out, spec.path, fromUnit(spec, sobolPoint(s, ctx.number, d))));
      return out;
    },
    sampleIndependent: (ctx, spec) => drawFromPrior(spec, ctx.rng),
  };
}

const cumCache = new WeakMap<ParamSpec, Float64Array>();

/** Maps u in (0, 1) through the inverse CDF of the parameter's prior, so the points keep their spread. */
export function fromUnit(spec: ParamSpec, u: number): number {
  if (spec.kind === "const") return 0;
  if (spec.kind === "categorical") {
    if (!spec.weights) return Math.min(spec.count - 1, Math.floor(u * spec.count));
    let cum = cumCache.get(spec);
    if (!cum) {
      cum = new Float64Array(spec.count);
      let acc = 0;
      spec.weights.forEach((w, i) => (cum![i] = acc += w));
      cumCache.set(spec, cum);
    }
    return pickCumulative({ next: () => u }, cum);
  }
  if (!spec.bounded) return snap(spec, spec.priorMu + spec.priorSigma * normInv(u));
  if (spec.kind === "discrete" && !spec.log) return snap(spec, spec.natLow + Math.min(spec.count - 1, Math.floor(u * spec.count)) * spec.step);
  return snap(spec, spec.low + u * (spec.high - spec.low));
}
