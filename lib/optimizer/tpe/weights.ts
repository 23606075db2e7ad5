import type { GammaRule } from "../types";

/** How many of n ranked observations form the "good" group l(x). */
export function gammaCount(rule: GammaRule, n: number): number {
  if (n <= 0) return 0;
  if (rule === "optuna") return Math.min(Math.ceil(0.1 * n), 25);
  if (rule === "hyperopt") return Math.min(Math.ceil(0.25 * Math.sqrt(n)), 25);
  // Twice Optuna's share under the same cap: with several objectives the good group holds a whole front.
  if (rule === "wide") return Math.min(Math.ceil(0.2 * n), 25);
  return Math.min(n, Math.ceil(rule * n));
}

/**
 * Kernel weights of n observations in chronological order. "optuna": the 25 newest weigh 1 and older ones
 * ramp linearly from 1/n up to 1, so a long history slowly forgets its early, least informed trials.
 */
export function observationWeights(kind: "optuna" | "uniform", n: number, out: Float64Array): void {
  const ramp = kind === "optuna" && n >= 25 ? n - 25 : 0;
  for (let i = 0; i < ramp; i++) out[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  for (let i = ramp; i < n; i++) out[i] = 1;
}
