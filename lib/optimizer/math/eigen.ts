// Eigendecomposition of a real symmetric matrix by the cyclic Jacobi method.
//
// Jacobi rotations annihilate one off-diagonal pair at a time; sweeping over every pair converges
// quadratically once the matrix is nearly diagonal. CMA-ES changes its covariance only a little per
// generation, so starting from the previous eigenvectors (rotating the new matrix into the old basis first)
// leaves a nearly diagonal matrix that one or two sweeps finish: O(n^3) per update with a small constant.
// Matrices are dense, row-major Float64Arrays of n * n entries.

export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Row-major n x n; column j (vectors[i * n + j] for i = 0..n-1) is the unit eigenvector of values[j]. */
  vectors: Float64Array;
  /** Jacobi sweeps used (0 when the matrix was already diagonal in the starting basis). */
  sweeps: number;
}

const MAX_SWEEPS = 60;

/**
 * Eigenvalues and orthonormal eigenvectors of the symmetric matrix `a` (only its upper triangle is read, so a
 * matrix that is symmetric up to rounding is fine). `start`, when given, is an orthogonal matrix (row-major,
 * columns as basis vectors) close to the eigenvectors, e.g. those of the previous decomposition. Sweeps stop
 * once the off-diagonal norm is below `tol` times the diagonal's (rounding level by default).
 */
export function symmetricEigen(a: ArrayLike<number>, n: number, start?: ArrayLike<number>, tol = 1e-15): SymmetricEigen {
  const tol2 = tol * tol;
  const m = new Float64Array(n * n);
  const v = new Float64Array(n * n);
  if (start) {
    // m = V0^T A V0 with A symmetrised from its upper triangle.
    const sym = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const x = a[i * n + j]!;
        sym[i * n + j] = x;
        sym[j * n + i] = x;
      }
    }
    const av = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const x = sym[i * n + k]!;
        if (x === 0) continue;
        for (let j = 0; j < n; j++) av[i * n + j]! += x * start[k * n + j]!;
      }
    }
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        const x = start[k * n + i]!;
        if (x === 0) continue;
        for (let j = i; j < n; j++) m[i * n + j]! += x * av[k * n + j]!;
      }
    }
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) m[j * n + i] = m[i * n + j]!;
    for (let i = 0; i < n * n; i++) v[i] = start[i]!;
  } else {
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const x = a[i * n + j]!;
        m[i * n + j] = x;
        m[j * n + i] = x;
      }
      v[i * n + i] = 1;
    }
  }
  let sweeps = 0;
  for (; sweeps < MAX_SWEEPS; sweeps++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += m[i * n + i]! * m[i * n + i]!;
      for (let j = i + 1; j < n; j++) off += m[i * n + j]! * m[i * n + j]!;
    }
    if (off === 0 || off <= tol2 * diag) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        const app = m[p * n + p]!;
        const aqq = m[q * n + q]!;
        // Skip pairs already below rounding relative to their diagonal entries.
        if (Math.abs(apq) < 1e-18 * (Math.abs(app) + Math.abs(aqq))) {
          m[p * n + q] = 0;
          m[q * n + p] = 0;
          continue;
        }
        // The rotation angle that zeroes (p, q): t = tan(theta), the smaller root of t^2 + 2 tau t - 1 = 0.
        const tau = (aqq - app) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          if (k === p || k === q) continue;
          const akp = m[k * n + p]!;
          const akq = m[k * n + q]!;
          const np = c * akp - s * akq;
          const nq = s * akp + c * akq;
          m[k * n + p] = np;
          m[p * n + k] = np;
          m[k * n + q] = nq;
          m[q * n + k] = nq;
        }
        m[p * n + p] = app - t * apq;
        m[q * n + q] = aqq + t * apq;
        m[p * n + q] = 0;
        m[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  // Ascending order (ties by position, so the result is deterministic).
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => m[x * n + x]! - m[y * n + y]! || x - y);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, j) => {
    values[j] = m[src * n + src]!;
    for (let i = 0; i < n; i++) vectors[i * n + j] = v[i * n + src]!;
  });
  return { values, vectors, sweeps };
}
