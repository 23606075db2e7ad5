import { joinPath, readBool, readNumber, type Issues } from "../config-util";
import { MAX_INT_MAGNITUDE, MAX_LOG_EXPONENT, MAX_MAGNITUDE, MAX_Q_RATIO, MIN_SIGMA, TAIL_SIGMAS } from "../limits";
import type { SpaceNode } from "../types";

// The numeric nodes. Beyond their shape, every bound keeps the numbers the engine derives from them (widths,
// tails, exp of a log-normal, k * q) finite and exact; see limits.ts for why each one is where it is.

const WHY_MAGNITUDE = "numbers this large overflow once subtracted or scaled";
const MAGNITUDE = { min: -MAX_MAGNITUDE, max: MAX_MAGNITUDE, limit: WHY_MAGNITUDE, minLimit: WHY_MAGNITUDE };
const WHY_INT = "2^50: every value and half-step stays an exact double";
const INT_MAGNITUDE = { min: -MAX_INT_MAGNITUDE, max: MAX_INT_MAGNITUDE, limit: WHY_INT, minLimit: WHY_INT };

type RangeType = "uniform" | "loguniform" | "quniform" | "qloguniform";
type NormalType = "normal" | "lognormal" | "qnormal" | "qlognormal";

/** q must not split the largest magnitude a parameter reaches into more than MAX_Q_RATIO steps. */
function checkQ(q: number, magnitude: number, what: string, path: string, issues: Issues): void {
  const smallest = magnitude / MAX_Q_RATIO;
  if (q < smallest) {
    issues.push({ path: joinPath(path, "q"), message: `must be >= ${smallest} (${what} / q may be at most ${MAX_Q_RATIO}, so every value k * q stays exact)` });
  }
}

export function parseRange(raw: Record<string, unknown>, type: RangeType, path: string, issues: Issues): SpaceNode | undefined {
  const log = type === "loguniform" || type === "qloguniform";
  const before = issues.length;
  const low = readNumber(raw, "low", path, issues, { required: true, ...MAGNITUDE });
  const high = readNumber(raw, "high", path, issues, { required: true, ...MAGNITUDE });
  if (log && low !== undefined && !(low > 0)) issues.push({ path: joinPath(path, "low"), message: "must be > 0 for a log scale" });
  if (low !== undefined && high !== undefined && !(high > low)) issues.push({ path: joinPath(path, "high"), message: `must be > low (${low})` });
  if (type === "quniform" || type === "qloguniform") {
    const q = readNumber(raw, "q", path, issues, { required: true, above: 0 });
    if (issues.length > before || low === undefined || high === undefined || q === undefined) return undefined;
    checkQ(q, Math.max(Math.abs(low), Math.abs(high)), "max(|low|, |high|)", path, issues);
    return issues.length > before ? undefined : { type, low, high, q };
  }
  if (issues.length > before || low === undefined || high === undefined) return undefined;
  return { type, low, high };
}

export function parseNormal(raw: Record<string, unknown>, type: NormalType, path: string, issues: Issues): SpaceNode | undefined {
  const log = type === "lognormal" || type === "qlognormal";
  const quantised = type === "qnormal" || type === "qlognormal";
  const before = issues.length;
  const mu = readNumber(raw, "mu", path, issues, { required: true, ...MAGNITUDE });
  const sigma = readNumber(raw, "sigma", path, issues, { required: true, above: 0, min: MIN_SIGMA, minLimit: "1 / sigma must be finite", max: MAX_MAGNITUDE, limit: "10 sigma must stay finite" });
  const q = quantised ? readNumber(raw, "q", path, issues, { required: true, above: 0 }) : undefined;
  if (issues.length > before || mu === undefined || sigma === undefined) return undefined;
  // The engine draws within mu +- TAIL_SIGMAS sigma; a log-normal's exponent must stay where exp() is finite.
  const reach = Math.abs(mu) + TAIL_SIGMAS * sigma;
  if (log && reach > MAX_LOG_EXPONENT) {
    issues.push({ path: joinPath(path, "sigma"), message: `|mu| + ${TAIL_SIGMAS} sigma must be <= ${MAX_LOG_EXPONENT} (exp of it must be a finite number), got ${reach}` });
    return undefined;
  }
  if (type === "normal" || type === "lognormal") return { type, mu, sigma };
  if (q === undefined) return undefined;
  checkQ(q, log ? Math.exp(mu + TAIL_SIGMAS * sigma) : reach, log ? `exp(mu + ${TAIL_SIGMAS} sigma)` : `|mu| + ${TAIL_SIGMAS} sigma`, path, issues);
  return issues.length > before ? undefined : { type, mu, sigma, q };
}

export function parseInt(raw: Record<string, unknown>, path: string, issues: Issues): SpaceNode | undefined {
  const before = issues.length;
  const low = readNumber(raw, "low", path, issues, { required: true, integer: true, ...INT_MAGNITUDE });
  const high = readNumber(raw, "high", path, issues, { required: true, integer: true, ...INT_MAGNITUDE });
  const step = readNumber(raw, "step", path, issues, { integer: true, above: 0, max: 2 * MAX_INT_MAGNITUDE, limit: "the widest int range" }) ?? 1;
  const log = readBool(raw, "log", path, issues) ?? false;
  if (log && low !== undefined && low < 1) issues.push({ path: joinPath(path, "low"), message: "must be >= 1 for a log scale" });
  if (log && step !== 1) issues.push({ path: joinPath(path, "step"), message: "must be 1 when log is true" });
  if (low !== undefined && high !== undefined && !(high > low)) issues.push({ path: joinPath(path, "high"), message: `must be > low (${low})` });
  if (issues.length > before || low === undefined || high === undefined) return undefined;
  return { type: "int", low, high, step, log };
}
