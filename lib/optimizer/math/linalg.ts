// Dense symmetric positive-definite linear algebra on row-major Float64Arrays, sized for Gaussian processes
// (a few hundred rows). Only the lower triangle of a Cholesky factor is meaningful.

/**
 * In-place Cholesky factorisation A = L L^T of an n x n matrix (the lower triangle of `a` becomes L; the
 * strict upper triangle is left as it was). Returns false when A is not numerically positive definite.
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!;
    if (!(d > 0) || !Number.isFinite(d)) return false;
    d = Math.sqrt(d);
    a[rj + j] = d;
    const inv = 1 / d;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      // Four accumulators: the dot product of two rows is the whole cost of the factorisation.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let k = 0;
      for (; k + 3 < j; k += 4) {
        s0 += a[ri + k]! * a[rj + k]!;
        s1 += a[ri + k + 1]! * a[rj + k + 1]!;
        s2 += a[ri + k + 2]! * a[rj + k + 2]!;
        s3 += a[ri + k + 3]! * a[rj + k + 3]!;
      }
      for (; k < j; k++) s0 += a[ri + k]! * a[rj + k]!;
      a[ri + j] = (a[ri + j]! - (s0 + s1 + s2 + s3)) * inv;
    }
  }
  return true;
}

/**
 * Cholesky factor of `a` (not modified) with jitter: when the matrix is not numerically positive definite,
 * retries with jitter * mean(diag) added to the diagonal, growing tenfold, up to `maxTries` times. Returns the
 * factor and the jitter that was added, or null when even the largest jitter fails (NaN entries).
 */
export function choleskyJitter(a: Float64Array, n: number, maxTries = 6, L: Float64Array = new Float64Array(n * n)): { L: Float64Array; jitter: number } | null {
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += a[i * n + i]! / n;
  let jitter = 0;
  for (let attempt = 0; attempt <= maxTries; attempt++) {
    L.set(a);
    for (let i = 0; i < n; i++) L[i * n + i] = a[i * n + i]! + jitter;
    if (choleskyInPlace(L, n)) return { L, jitter };
    jitter = jitter === 0 ? 1e-10 * Math.max(meanDiag, 1e-300) : jitter * 10;
  }
  return null;
}

/** Solves L x = b for lower-triangular L (row-major n x n), writing x into out (which may be b). */
export function solveLower(L: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[ri + k]! * out[k]!;
    out[i] = s / L[ri + i]!;
  }
  return out;
}

/** Solves L^T x = b for lower-triangular L, writing x into out (which may be b). */
export function solveUpperT(L: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array): Float64Array {
  if (out !== b) for (let i = 0; i < n; i++) out[i] = b[i]!;
  for (let i = n - 1; i >= 0; i--) {
    const xi = out[i]! / L[i * n + i]!;
    out[i] = xi;
    // Column i of L^T is row i of L: subtract it from the rows above, reading L row-wise.
    const ri = i * n;
    for (let k = 0; k < i; k++) out[k] = out[k]! - L[ri + k]! * xi;
  }
  return out;
}

/** Solves (L L^T) x = b. */
export function cholSolve(L: Float64Array, n: number, b: ArrayLike<number>, out: Float64Array = new Float64Array(n)): Float64Array {
  solveLower(L, n, b, out);
  return solveUpperT(L, n, out, out);
}

/** sum_{k=from}^{to-1} a[ao + k] * b[bo + k], with four accumulators (the loop is latency-bound otherwise). */
function dotRange(a: Float64Array, ao: number, b: Float64Array, bo: number, from: number, to: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = from;
  for (; k + 3 < to; k += 4) {
    s0 += a[ao + k]! * b[bo + k]!;
    s1 += a[ao + k + 1]! * b[bo + k + 1]!;
    s2 += a[ao + k + 2]! * b[bo + k + 2]!;
    s3 += a[ao + k + 3]! * b[bo + k + 3]!;
  }
  for (; k < to; k++) s0 += a[ao + k]! * b[bo + k]!;
  return s0 + s1 + s2 + s3;
}

/**
 * The full inverse (L L^T)^-1 as a symmetric n x n matrix. Both steps are contiguous dot products: T = L^-T
 * (row j of T is column j of L^-1) by forward substitution, then (L L^T)^-1_ij = sum_{k >= max(i, j)} T_ik T_jk.
 * About n^3 / 3 multiply-adds.
 */
export function cholInverse(L: Float64Array, n: number, out: Float64Array = new Float64Array(n * n), T: Float64Array = new Float64Array(n * n)): Float64Array {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    T[rj + j] = 1 / L[rj + j]!;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      // (L^-1)_ij = -(sum_{k=j}^{i-1} L_ik (L^-1)_kj) / L_ii.
      T[rj + i] = -dotRange(L, ri, T, rj, j, i) / L[ri + i]!;
    }
  }
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const v = dotRange(T, ri, T, j * n, i, n);
      out[ri + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}
