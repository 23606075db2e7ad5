import type { Rng } from "./types";

// sfc32: 128 bits of state, passes PractRand/BigCrush, and needs only 32-bit integer ops, so it is fast in JS.

/** A seeded Rng whose draws have 53 random bits, so tiny probabilities and log scales are not quantised. */
export function createRng(seed: number): Rng {
  let [a, b, c, d] = seedState(seed);
  const next32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32 mixes poorly right after seeding.
  for (let i = 0; i < 15; i++) next32();
  return {
    next(): number {
      const hi = next32() >>> 5;
      const lo = next32() >>> 6;
      return (hi * 67108864 + lo) / 9007199254740992;
    },
  };
}

/** Hash of numbers into a 32-bit seed; used to give every (seed, trial number) its own stream. */
export function hashSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    // Split into two 32-bit words so seeds beyond 2^32 and negative seeds stay distinct.
    const lo = p >>> 0;
    const hi = Math.floor(p / 4294967296) >>> 0;
    h = mix32(h ^ lo);
    h = mix32(h ^ hi);
  }
  return h >>> 0;
}

/**
 * A stream for one trial: it depends only on the parent's first draws and the trial number, so the server can
 * pass `createRng(studySeed)` for every request and still get different, reproducible trials.
 */
export function deriveRng(parent: Rng, ...parts: number[]): Rng {
  const base = Math.floor(parent.next() * 4294967296);
  return createRng(hashSeed(base, ...parts));
}

function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function seedState(seed: number): [number, number, number, number] {
  // splitmix32 expands the seed so that nearby seeds give unrelated states.
  let s = hashSeed(Number.isFinite(seed) ? Math.trunc(seed) : 0);
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    s = (s + 0x9e3779b9) | 0;
    out.push(mix32(s));
  }
  return [out[0]!, out[1]!, out[2]!, out[3]! | 1];
}

/** Uniform integer in [0, n). */
export function randInt(rng: Rng, n: number): number {
  return Math.min(n - 1, Math.floor(rng.next() * n));
}

/** Index drawn with probability proportional to non-negative weights (cumulative sums given). */
export function pickCumulative(rng: Rng, cumulative: ArrayLike<number>): number {
  const n = cumulative.length;
  const u = rng.next() * (cumulative[n - 1] ?? 0);
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] ?? 0) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
