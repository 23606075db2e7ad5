// Statistics for the optimizer benchmark: normalised regret, Bayesmark-style score, the two-sided
// Mann-Whitney U test (normal approximation, tie and continuity correction, as scipy's
// mannwhitneyu(method="asymptotic")), Holm's step-down correction and the Vargha-Delaney A12 effect size.
// Pure functions; unit tests in tests/unit/bench-stats.test.ts.

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Normalised regret r = min(1, (best - f*) / (clip - f*)), also floored at 0: a few published f* are the value
 * at a rounded minimiser (e.g. Hartmann-3), so an optimizer can land a hair below them.
 */
export function regret(best: number, fStar: number, clip: number): number {
  if (!Number.isFinite(best)) return 1;
  const r = (best - fStar) / (clip - fStar);
  return Math.min(1, Math.max(0, r));
}

/** Bayesmark-style score: 100 * (1 - mean over problems of the mean over seeds of r). */
export function score(regretsByProblem: ReadonlyArray<readonly number[]>): number {
  return 100 * (1 - mean(regretsByProblem.map((rs) => mean(rs))));
}

/** erfc to ~1e-13 relative: positive series for x < 2, continued fraction (modified Lentz) beyond. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Upper tail of the standard normal, P(Z > z). */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Average ranks (1-based) of the values, ties sharing the mean of their positions. */
export function rankAverage(values: readonly number[]): { ranks: number[]; tieTerm: number } {
  const idx = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  let tieTerm = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1]![0] === idx[i]![0]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k]![1]] = r;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  return { ranks, tieTerm };
}

export interface MannWhitneyResult {
  /** U statistic of x: number of pairs with x > y, plus half the ties. */
  u: number;
  z: number;
  /** Two-sided p-value. */
  p: number;
}

/**
 * Two-sided Mann-Whitney U test, normal approximation with tie correction and continuity correction:
 * U_x = R_x - n_x (n_x + 1) / 2, mu = n_x n_y / 2,
 * sigma^2 = n_x n_y / 12 * ((n + 1) - sum(t^3 - t) / (n (n - 1))), z = (|U_x - mu| - 0.5) / sigma, p = 2 P(Z > z).
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { u: Number.NaN, z: Number.NaN, p: Number.NaN };
  const n = n1 + n2;
  const { ranks, tieTerm } = rankAverage([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const sigma2 = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(sigma2 > 0)) return { u, z: 0, p: 1 };
  const z = Math.max(0, Math.abs(u - mu) - 0.5) / Math.sqrt(sigma2);
  return { u, z: Math.sign(u - mu) * z, p: Math.min(1, 2 * normalSf(z)) };
}

/** Holm's step-down adjusted p-values, in the input order (NaN entries stay NaN and do not count). */
export function holm(ps: readonly number[]): number[] {
  const order = ps
    .map((p, i) => [p, i] as const)
    .filter(([p]) => !Number.isNaN(p))
    .sort((a, b) => a[0] - b[0]);
  const m = order.length;
  const out = ps.map(() => Number.NaN);
  let running = 0;
  order.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  });
  return out;
}

/** Vargha-Delaney A12 = P(X > Y) + 0.5 P(X = Y) over all pairs. */
export function a12(x: readonly number[], y: readonly number[]): number {
  let s = 0;
  for (const a of x)
    for (const b of y) {
      if (a > b) s += 1;
      else if (a === b) s += 0.5;
    }
  return s / (x.length * y.length);
}

export type Outcome = "win" | "tie" | "loss";

export interface Comparison {
  problem: string;
  p: number;
  pHolm: number;
  /** P(ours has lower regret than theirs) + half the ties, i.e. A12(theirs, ours) on regrets; > 0.5 favours ours. */
  a12: number;
  outcome: Outcome;
}

/**
 * Per problem, ours vs theirs on final regrets (lower is better): Mann-Whitney p, Holm-corrected across the
 * problems, A12 = probability that ours is better, outcome win/loss when pHolm < alpha (direction from A12).
 */
export function compareArms(
  problems: readonly string[],
  ours: ReadonlyArray<readonly number[]>,
  theirs: ReadonlyArray<readonly number[]>,
  alpha = 0.05,
): Comparison[] {
  const ps = problems.map((_, i) => mannWhitneyU(ours[i]!, theirs[i]!).p);
  const adj = holm(ps);
  return problems.map((problem, i) => {
    const eff = a12(theirs[i]!, ours[i]!);
    const pHolm = adj[i]!;
    const outcome: Outcome = pHolm < alpha && eff !== 0.5 ? (eff > 0.5 ? "win" : "loss") : "tie";
    return { problem, p: ps[i]!, pHolm, a12: eff, outcome };
  });
}

/**
 * Hypervolume (area) dominated by a set of 2-objective points (both minimised) and bounded by the reference point
 * ref: the area of the union of the boxes [f1, ref1] x [f2, ref2]. Points that do not strictly dominate ref add
 * nothing; dominated points and duplicates add nothing. Sort by f1 (then f2) and sweep: each point that lowers the
 * best f2 so far adds the rectangle (ref1 - f1) x (bestF2 - f2).
 */
export function hypervolume2d(points: ReadonlyArray<readonly number[]>, ref: readonly number[]): number {
  if (ref.length !== 2) throw new Error(`hypervolume2d needs a 2-D reference point, got ${ref.length}-D`);
  const [r1, r2] = [ref[0]!, ref[1]!];
  const pts = points
    .filter((p) => p.length === 2 && p[0]! < r1 && p[1]! < r2)
    .map((p) => [p[0]!, p[1]!] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let hv = 0;
  let best = r2;
  for (const [f1, f2] of pts) {
    if (f2 < best) {
      hv += (r1 - f1) * (best - f2);
      best = f2;
    }
  }
  return hv;
}

/** Share of failed trials (null values) among trials number `from` on (0-based; from = 10 is trial 11 on). */
export function failedShare(values: ReadonlyArray<unknown>, from = 10): number {
  const rest = values.slice(from);
  if (rest.length === 0) return Number.NaN;
  return rest.filter((v) => v === null).length / rest.length;
}

/**
 * Hypervolume of points of any number of objectives (all minimised) with respect to ref, by slicing (HSO): sort the
 * points inside the reference box by the last objective; between consecutive distinct last values the dominated
 * region is a slab whose cross-section is the (m-1)-objective hypervolume of the points below it. Two objectives use
 * hypervolume2d. Exact; O(n^(m-1) log n), plenty for the bench's 100-trial runs in 3 objectives. Independent of
 * lib/optimizer's WFG, so the bench does not score the optimizer with the optimizer's own code.
 */
export function hypervolumeN(points: ReadonlyArray<readonly number[]>, ref: readonly number[]): number {
  const m = ref.length;
  if (m === 2) return hypervolume2d(points, ref);
  const pts = points.filter((p) => p.length === m && p.every((x, i) => x < ref[i]!));
  if (m === 1) return pts.length ? ref[0]! - Math.min(...pts.map((p) => p[0]!)) : 0;
  pts.sort((a, b) => a[m - 1]! - b[m - 1]!);
  const sub = ref.slice(0, m - 1);
  let hv = 0;
  for (let k = 0; k < pts.length; k++) {
    const lo = pts[k]![m - 1]!;
    const hi = k + 1 < pts.length ? pts[k + 1]![m - 1]! : ref[m - 1]!;
    if (hi <= lo) continue;
    hv += (hi - lo) * hypervolumeN(
      pts.slice(0, k + 1).map((p) => p.slice(0, m - 1)),
      sub,
    );
  }
  return hv;
}
