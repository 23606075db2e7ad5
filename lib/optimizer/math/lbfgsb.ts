// A small bounded quasi-Newton minimiser: projected L-BFGS. The search direction is the L-BFGS two-loop
// recursion applied to the free variables (those not pinned at a bound by a gradient pushing outward), the
// step is a backtracking Armijo search along the projected path P(x + t d), and curvature pairs are kept only
// when s.y > 0. This is the idea of L-BFGS-B without its generalised Cauchy point: enough for the smooth,
// low-dimensional problems of a Gaussian process (kernel hyperparameters, acquisition refinement).

/** f(x), writing the gradient into grad. May return Infinity/NaN for points it cannot evaluate. */
export type ValueAndGradient = (x: Float64Array, grad: Float64Array) => number;

export interface MinimizeOptions {
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  /** Iterations (each one line search); default 100. */
  maxIter?: number;
  /** Stop when the largest projected-gradient component is below this; default 1e-5. */
  pgtol?: number;
  /** Stop when the relative decrease of f over an iteration is below this; default 1e-10. */
  ftol?: number;
  /** Curvature pairs kept; default 10. */
  memory?: number;
  /** Function evaluations at most; default 3 * maxIter. */
  maxEval?: number;
}

export interface MinimizeResult {
  x: Float64Array;
  f: number;
  iterations: number;
  evaluations: number;
  /** The projected gradient's largest component at x. */
  pgNorm: number;
}

function clampInto(x: Float64Array, lower: ArrayLike<number>, upper: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(upper[i]!, Math.max(lower[i]!, x[i]!));
}

/** Largest |component| of the projected gradient: zero where a bound blocks the descent direction. */
function projectedGradientNorm(x: Float64Array, g: Float64Array, lower: ArrayLike<number>, upper: ArrayLike<number>, free: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const gi = g[i]!;
    const blocked = (x[i]! <= lower[i]! && gi > 0) || (x[i]! >= upper[i]! && gi < 0);
    free[i] = blocked ? 0 : 1;
    if (!blocked) m = Math.max(m, Math.abs(gi));
  }
  return m;
}

function dot(a: Float64Array, b: Float64Array, mask?: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) if (!mask || mask[i]) s += a[i]! * b[i]!;
  return s;
}

/** Minimises f over the box [lower, upper] from x0 (clamped into the box first). Deterministic. */
export function minimizeBox(f: ValueAndGradient, x0: ArrayLike<number>, opts: MinimizeOptions): MinimizeResult {
  const n = x0.length;
  const maxIter = opts.maxIter ?? 100;
  const maxEval = opts.maxEval ?? 3 * maxIter;
  const pgtol = opts.pgtol ?? 1e-5;
  const ftol = opts.ftol ?? 1e-10;
  const m = opts.memory ?? 10;
  const { lower, upper } = opts;
  let x = Float64Array.from(x0);
  clampInto(x, lower, upper);
  let g = new Float64Array(n);
  let fx = f(x, g);
  let evaluations = 1;
  const free = new Uint8Array(n);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const d = new Float64Array(n);
  let xn = new Float64Array(n);
  let gn = new Float64Array(n);
  let iterations = 0;
  let pg = Number.isFinite(fx) ? projectedGradientNorm(x, g, lower, upper, free) : 0;
  if (!Number.isFinite(fx)) return { x, f: fx, iterations, evaluations, pgNorm: Infinity };
  while (iterations < maxIter && evaluations < maxEval && pg > pgtol) {
    iterations++;
    // Two-loop recursion on the free variables.
    for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i]! : 0;
    for (let k = S.length - 1; k >= 0; k--) {
      const a = rho[k]! * dot(S[k]!, d, free);
      alpha[k] = a;
      const yk = Y[k]!;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = d[i]! - a * yk[i]!;
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const yy = dot(Y[last]!, Y[last]!, free);
      const gamma = yy > 0 ? dot(S[last]!, Y[last]!, free) / yy : 1;
      if (gamma > 0 && Number.isFinite(gamma)) for (let i = 0; i < n; i++) d[i] = d[i]! * gamma;
    }
    for (let k = 0; k < S.length; k++) {
      const b = rho[k]! * dot(Y[k]!, d, free);
      const sk = S[k]!;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = d[i]! + (alpha[k]! - b) * sk[i]!;
    }
    let slope = dot(g, d, free);
    if (!(slope < 0)) {
      // Not a descent direction (stale curvature): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i]! : 0;
      slope = dot(g, d, free);
    }
    // The first step of a fresh memory has no scale: keep it to a unit move in the largest coordinate.
    let t = 1;
    if (S.length === 0) {
      let dmax = 0;
      for (let i = 0; i < n; i++) dmax = Math.max(dmax, Math.abs(d[i]!));
      if (dmax > 1) t = 1 / dmax;
    }
    let accepted = false;
    let fn = Infinity;
    for (let ls = 0; ls < 30 && evaluations < maxEval; ls++) {
      for (let i = 0; i < n; i++) xn[i] = x[i]! + t * d[i]!;
      clampInto(xn, lower, upper);
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += g[i]! * (xn[i]! - x[i]!);
      fn = f(xn, gn);
      evaluations++;
      if (Number.isFinite(fn) && fn <= fx + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      if (S.length === 0) break;
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      continue;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xn[i]! - x[i]!;
      y[i] = gn[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.max(1e-300, dot(y, y))) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const fPrev = fx;
    [x, xn] = [xn, x];
    [g, gn] = [gn, g];
    fx = fn;
    pg = projectedGradientNorm(x, g, lower, upper, free);
    if (fPrev - fx <= ftol * Math.max(Math.abs(fPrev), Math.abs(fx), 1)) break;
  }
  return { x, f: fx, iterations, evaluations, pgNorm: pg };
}
