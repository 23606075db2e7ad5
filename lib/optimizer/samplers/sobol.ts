import { createRng } from "../rng";

// Sobol' sequence with our own direction numbers: primitive polynomials over GF(2) found by search, and
// initial direction numbers drawn (odd, m_k < 2^k) from a fixed-seed generator, which satisfies the
// construction's requirements for any dimension. A linear matrix scramble plus a digital shift, both seeded,
// randomises the net without breaking its stratification.

const BITS = 32;
const polyCache: number[] = [];
const directionCache: Uint32Array[] = [];

/** Multiplies polynomials over GF(2) modulo `mod` (degree `deg`), all as bit masks. */
function mulMod(a: number, b: number, mod: number, deg: number): number {
  let result = 0;
  let x = a;
  let y = b;
  while (y) {
    if (y & 1) result ^= x;
    y >>>= 1;
    x <<= 1;
    if (x & (1 << deg)) x ^= mod;
  }
  return result;
}

function powMod(base: number, e: number, mod: number, deg: number): number {
  let result = 1;
  let b = base;
  let k = e;
  while (k > 0) {
    if (k % 2 === 1) result = mulMod(result, b, mod, deg);
    b = mulMod(b, b, mod, deg);
    k = Math.floor(k / 2);
  }
  return result;
}

function primeFactors(n: number): number[] {
  const out: number[] = [];
  let m = n;
  for (let p = 2; p * p <= m; p++) {
    if (m % p === 0) {
      out.push(p);
      while (m % p === 0) m /= p;
    }
  }
  if (m > 1) out.push(m);
  return out;
}

/** x generates the multiplicative group of GF(2)[x]/p exactly when p is primitive. */
function isPrimitive(p: number, deg: number): boolean {
  if ((p & 1) === 0) return false;
  const order = 2 ** deg - 1;
  if (powMod(2, order, p, deg) !== 1) return false;
  return primeFactors(order).every((f) => powMod(2, order / f, p, deg) !== 1);
}

/** The i-th primitive polynomial (as a bit mask including the leading term), in order of degree then value. */
function primitivePoly(i: number): number {
  let deg = polyCache.length === 0 ? 1 : Math.floor(Math.log2(polyCache[polyCache.length - 1]!));
  let next = polyCache.length === 0 ? 2 ** deg : polyCache[polyCache.length - 1]! + 1;
  while (polyCache.length <= i) {
    if (next >= 2 ** (deg + 1)) {
      deg++;
      next = 2 ** deg;
    }
    if (isPrimitive(next, deg)) polyCache.push(next);
    next++;
  }
  return polyCache[i]!;
}

/** Direction numbers V_1..V_32 of dimension d (d = 0 is the van der Corput sequence). */
export function directions(d: number): Uint32Array {
  const hit = directionCache[d];
  if (hit) return hit;
  const v = new Uint32Array(BITS);
  if (d === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
  } else {
    const poly = primitivePoly(d - 1);
    const s = Math.floor(Math.log2(poly));
    const rng = createRng(0x50b01 + d);
    const m = new Array<number>(BITS + 1).fill(0);
    for (let k = 1; k <= s && k <= BITS; k++) m[k] = 2 * Math.floor(rng.next() * 2 ** (k - 1)) + 1;
    for (let k = s + 1; k <= BITS; k++) {
      let x = m[k - s]! ^ (m[k - s]! * 2 ** s);
      for (let j = 1; j < s; j++) {
        if ((poly >>> (s - j)) & 1) x ^= m[k - j]! * 2 ** j;
      }
      m[k] = x;
    }
    for (let k = 1; k <= BITS; k++) v[k - 1] = (m[k]! * 2 ** (BITS - k)) >>> 0;
  }
  directionCache[d] = v;
  return v;
}

export interface Scramble {
  /** Per dimension: scrambled direction numbers and the digital shift. */
  dirs: Uint32Array[];
  shift: Uint32Array;
}

/** Seeded linear matrix scramble (random lower-triangular, unit diagonal) and digital shift. */
export function makeScramble(dims: number, seed: number, scramble: boolean): Scramble {
  const rng = createRng(seed);
  const dirs: Uint32Array[] = [];
  const shift = new Uint32Array(dims);
  for (let d = 0; d < dims; d++) {
    const base = directions(d);
    if (!scramble) {
      dirs.push(base);
      continue;
    }
    // Row r of L acts on digit r (bit 31 - r): the diagonal plus random digits above it.
    const rows = new Uint32Array(BITS);
    for (let r = 0; r < BITS; r++) {
      const high = r === 0 ? 0 : (0xffffffff << (BITS - r)) >>> 0;
      rows[r] = ((Math.floor(rng.next() * 4294967296) & high) | (2 ** (BITS - 1 - r))) >>> 0;
    }
    const out = new Uint32Array(BITS);
    for (let k = 0; k < BITS; k++) {
      let y = 0;
      for (let r = 0; r < BITS; r++) if (parity(rows[r]! & base[k]!)) y |= 2 ** (BITS - 1 - r);
      out[k] = y >>> 0;
    }
    dirs.push(out);
    shift[d] = Math.floor(rng.next() * 4294967296) >>> 0;
  }
  return { dirs, shift };
}

function parity(x: number): number {
  let v = x >>> 0;
  v ^= v >>> 16;
  v ^= v >>> 8;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1;
}

/** Coordinate d of point `index` in [0, 1), never exactly 0 or 1. */
export function sobolPoint(s: Scramble, index: number, d: number): number {
  const dirs = s.dirs[d]!;
  let x = s.shift[d]!;
  let i = index;
  for (let k = 0; i > 0 && k < BITS; k++, i = Math.floor(i / 2)) if (i % 2 === 1) x ^= dirs[k]!;
  return ((x >>> 0) + 0.5) / 4294967296;
}
