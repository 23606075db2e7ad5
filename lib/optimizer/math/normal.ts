// Normal distribution helpers accurate in the tails, where TPE's truncated kernels and log-masses live.
//
// Everything goes through the scaled complementary error function g(x) = exp(x^2) erfc(x), x >= 0, which is
// smooth and slowly varying: a cubic Hermite table (its derivative is known exactly: g' = 2xg - 2/sqrt(pi))
// gives ~1e-11 relative accuracy for the cost of one table lookup, and erfc(x) = exp(-x^2) g(x) stays
// relatively accurate where erfc itself underflows.

export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT1_2 = Math.SQRT1_2;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const SQRT_PI_OVER_2 = Math.sqrt(Math.PI / 2);

const H = 1 / 128;
// erfc(26) is ~1e-296: beyond the table everything of interest has underflowed, and the fraction converges fast.
const X_MAX = 26;
const N = X_MAX / H;
let table: Float64Array | null = null;

/** erfcx by series (small x) or continued fraction (large x): slow but accurate; only builds the table. */
function erfcxSlow(x: number): number {
  if (x < 2) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.exp(x2) * (1 - TWO_OVER_SQRT_PI * sum);
  }
  return erfcxContinuedFraction(x, Math.ceil(2000 / (x * x)) + 30);
}

/** erfc(x) exp(x^2) = (1/sqrt(pi)) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated bottom-up. */
function erfcxContinuedFraction(x: number, depth: number): number {
  let f = x;
  for (let k = depth; k >= 1; k--) f = x + k / 2 / f;
  return 1 / (Math.sqrt(Math.PI) * f);
}

function getTable(): Float64Array {
  if (table) return table;
  const t = new Float64Array(N + 1);
  for (let i = 0; i <= N; i++) t[i] = erfcxSlow(i * H);
  table = t;
  return t;
}

/** exp(x^2) erfc(x) for x >= 0. */
export function erfcx(x: number): number {
  if (x >= X_MAX) return erfcxContinuedFraction(x, 12);
  const t = table ?? getTable();
  const pos = x / H;
  const i = Math.floor(pos);
  const s = pos - i;
  const g0 = t[i]!;
  const g1 = t[i + 1] ?? g0;
  const x0 = i * H;
  const x1 = x0 + H;
  // Quintic Hermite: g' = 2xg - 2/sqrt(pi) and g'' = 2g + 2xg' are exact, so the error is O(H^6).
  const d0 = 2 * x0 * g0 - TWO_OVER_SQRT_PI;
  const d1 = 2 * x1 * g1 - TWO_OVER_SQRT_PI;
  const e0 = 2 * g0 + 2 * x0 * d0;
  const e1 = 2 * g1 + 2 * x1 * d1;
  const s2 = s * s;
  const s3 = s2 * s;
  const s4 = s3 * s;
  const s5 = s4 * s;
  const h5 = 10 * s3 - 15 * s4 + 6 * s5;
  const h1 = s - 6 * s3 + 8 * s4 - 3 * s5;
  const h2 = 0.5 * (s2 - 3 * s3 + 3 * s4 - s5);
  const h3 = 0.5 * (s3 - 2 * s4 + s5);
  const h4 = -4 * s3 + 7 * s4 - 3 * s5;
  return (1 - h5) * g0 + h1 * H * d0 + h2 * H * H * e0 + h3 * H * H * e1 + h4 * H * d1 + h5 * g1;
}

export function erfc(x: number): number {
  if (x >= 0) return Math.exp(-x * x) * erfcx(x);
  return 2 - Math.exp(-x * x) * erfcx(-x);
}

/** Standard normal CDF. */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z * SQRT1_2);
}

/** Upper tail 1 - Phi(z), accurate for large z. */
export function normSf(z: number): number {
  return 0.5 * erfc(z * SQRT1_2);
}

/** log Phi(z), accurate far into the lower tail. */
export function logNormCdf(z: number): number {
  if (z < 0) {
    const x = -z * SQRT1_2;
    return -x * x + Math.log(0.5 * erfcx(x));
  }
  return Math.log1p(-0.5 * erfc(z * SQRT1_2));
}

/** log(Phi(b) - Phi(a)) for a <= b, accurate when both are deep in one tail. */
export function logNormMass(a: number, b: number): number {
  if (!(b > a)) return -Infinity;
  if (a >= 0) return logUpperDiff(a, b);
  if (b <= 0) return logUpperDiff(-b, -a);
  // A tail beyond 8.3 sigma is below 1e-16 relative to the rest: skipping it is exact in doubles and makes
  // the common case (a kernel far from both bounds) cheap.
  const qa = a < -8.3 ? 0 : normSf(-a);
  const qb = b > 8.3 ? 0 : normSf(b);
  return Math.log1p(-(qa + qb));
}

/**
 * The log mass of one bin [lo, hi] under each of n normal kernels, minus the kernel's log normaliser:
 * out[offset + k] = logNormMass((lo - mu_k) / sigma_k, (hi - mu_k) / sigma_k) - logZ_k. One loop here rather than
 * n calls from another module: TPE evaluates it for every distinct candidate value of a discrete parameter.
 */
export function logBinMasses(lo: number, hi: number, mu: Float64Array, invSigma: Float64Array, logZ: Float64Array, n: number, out: Float64Array, offset: number): void {
  for (let k = 0; k < n; k++) {
    const inv = invSigma[k]!;
    out[offset + k] = logNormMass((lo - mu[k]!) * inv, (hi - mu[k]!) * inv) - logZ[k]!;
  }
}

/** log(Q(a) - Q(b)) for 0 <= a < b, Q the upper tail; factors out exp(-a^2/2) so it never underflows. */
function logUpperDiff(a: number, b: number): number {
  const xa = a * SQRT1_2;
  const xb = b * SQRT1_2;
  const ga = erfcx(xa);
  // erfcx decreases, so once exp(-gap) < 1e-17 the upper edge cannot change the result in doubles.
  const gap = xb * xb - xa * xa;
  const gb = gap > 39 ? 0 : erfcx(xb) * Math.exp(-gap);
  const d = ga - gb;
  if (!(d > 0)) return -Infinity;
  return -xa * xa + Math.log(0.5 * d);
}

/** Inverse of Phi for p in (0, 1); Newton on log Phi so that p down to 1e-300 keeps full precision. */
export function normInv(p: number): number {
  if (!(p > 0)) return -Infinity;
  if (!(p < 1)) return Infinity;
  if (p > 0.5) return -normInvLower(1 - p);
  return normInvLower(p);
}

/** Solves Phi(z) = p for p <= 0.5 (z <= 0). */
function normInvLower(p: number): number {
  // Rational start from the tail expansion (about 4e-4 accurate), then Newton steps on log Phi.
  const t = Math.sqrt(-2 * Math.log(p));
  let z = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  const logP = Math.log(p);
  for (let i = 0; i < 6; i++) {
    // d/dz log Phi(z) = phi(z)/Phi(z) = 1 / mills(z); for z < 0 mills(z) = sqrt(pi/2) erfcx(-z/sqrt2).
    const mills = z < 0 ? SQRT_PI_OVER_2 * erfcx(-z * SQRT1_2) : normCdf(z) * Math.exp(0.5 * z * z + LOG_SQRT_2PI);
    const step = (logNormCdf(z) - logP) * mills;
    z -= step;
    if (Math.abs(step) < 1e-14 * Math.max(1, Math.abs(z))) break;
  }
  return z;
}

/** A standard normal truncated to [a, b], drawn by inversion from u in [0, 1). */
export function truncStdNormal(a: number, b: number, u: number): number {
  if (b <= 0 && a < b) return -truncStdNormal(-b, -a, 1 - u);
  if (a >= 0) {
    const qa = normSf(a);
    const qb = normSf(b);
    if (qa < 1e-290) {
      // So deep in the tail that Q underflows: the density is ~ exp(-a t) beyond a.
      const width = b - a;
      const t = -Math.log(1 - u * (1 - Math.exp(-a * width))) / a;
      return Math.min(b, a + t);
    }
    const q = qa - u * (qa - qb);
    const z = q > 0 ? -normInvLower(Math.min(0.5, q)) : b;
    return Math.min(b, Math.max(a, z));
  }
  const pa = normCdf(a);
  const pb = normCdf(b);
  const z = normInv(pa + u * (pb - pa));
  return Math.min(b, Math.max(a, z));
}
