import { erfcx, LOG_SQRT_2PI, logNormCdf, normCdf } from "../math/normal";

// Numerically stable log expected improvement (Ament et al., 2023, "Unexpected Improvements to Expected
// Improvement for Bayesian Optimization", eq. 9). With z = (mean - best) / sigma, EI = sigma * h(z) and
// h(z) = phi(z) + z Phi(z), which underflows (and cancels) long before log EI stops being informative.

const SQRT1_2 = Math.SQRT1_2;
const SQRT_PI_OVER_2 = Math.sqrt(Math.PI / 2);
/** Below this the asymptotic series replaces the erfcx form (whose cancellation grows like z^2). */
const SERIES_BELOW = -10;

/** log h(z), h(z) = phi(z) + z Phi(z) = E[max(0, z + N(0, 1))], finite for every finite z. */
export function logH(z: number): number {
  if (z > -1) {
    const phi = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    return Math.log(phi + z * normCdf(z));
  }
  // h(z) = phi(z) (1 + z sqrt(pi/2) erfcx(-z / sqrt 2)) for z < 0.
  if (z >= SERIES_BELOW) return -0.5 * z * z - LOG_SQRT_2PI + Math.log1p(z * SQRT_PI_OVER_2 * erfcx(-z * SQRT1_2));
  // 1 + z sqrt(pi/2) erfcx(-z/sqrt2) = sum_k (-1)^(k+1) (2k-1)!! / z^(2k), asymptotic; 12 terms reach ~1e-11 at |z| = 10.
  const inv = 1 / (z * z);
  let term = inv;
  let sum = 0;
  for (let k = 1; k <= 12; k++) {
    sum += term;
    term *= -(2 * k + 1) * inv;
  }
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log(sum);
}

/** d log h / dz = Phi(z) / h(z). */
export function logHDeriv(z: number, logh: number = logH(z)): number {
  return Math.exp(logNormCdf(z) - logh);
}

/**
 * log E[max(0, f - best)] for f ~ N(mean, variance) (a maximisation), and its derivatives wrt mean and
 * variance. `variance` must be > 0.
 */
export function logEI(mean: number, variance: number, best: number): { value: number; dMean: number; dVar: number } {
  const sigma = Math.sqrt(variance);
  const z = (mean - best) / sigma;
  const lh = logH(z);
  const dz = logHDeriv(z, lh);
  // d/dmean = h'/sigma; d/dsigma = (1 - z h') / sigma; dsigma/dvar = 1 / (2 sigma).
  return { value: lh + Math.log(sigma), dMean: dz / sigma, dVar: (1 - z * dz) / (2 * variance) };
}
