// Helpers shared by every parser: they append issues instead of throwing, so a user sees all problems at once.
import type { ConfigIssue, ParamValue } from "./types";

export type Issues = ConfigIssue[];

export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** A value users may see for a parameter: finite number, string, boolean or null. */
export function isLiteral(x: unknown): x is ParamValue {
  return x === null || typeof x === "string" || typeof x === "boolean" || (typeof x === "number" && Number.isFinite(x));
}

export function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "object") return "an object";
  if (typeof x === "string") return JSON.stringify(x);
  return String(x);
}

export function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string, issues: Issues): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) issues.push({ path: joinPath(path, key), message: `unknown key (allowed: ${allowed.join(", ")})` });
  }
}

interface NumberRule {
  required?: boolean;
  integer?: boolean;
  min?: number;
  /** Strict lower bound. */
  above?: number;
  max?: number;
  /** Why max exists, shown when it is exceeded: "must be <= 1000 (the most candidates one ask scores)". */
  limit?: string;
  /** Why min exists, likewise. */
  minLimit?: string;
}

/** Reads obj[key] as a number; undefined when absent or invalid (the issue is recorded). */
export function readNumber(obj: Record<string, unknown>, key: string, path: string, issues: Issues, rule: NumberRule = {}): number | undefined {
  const p = joinPath(path, key);
  const v = Object.hasOwn(obj, key) ? obj[key] : undefined;
  if (v === undefined) {
    if (rule.required) issues.push({ path: p, message: "is required" });
    return undefined;
  }
  if (typeof v !== "number" || !Number.isFinite(v)) {
    issues.push({ path: p, message: `must be a finite number, got ${describe(v)}` });
    return undefined;
  }
  if (rule.integer && !Number.isInteger(v)) {
    issues.push({ path: p, message: "must be an integer" });
    return undefined;
  }
  if (rule.above !== undefined && !(v > rule.above)) {
    issues.push({ path: p, message: `must be > ${rule.above}` });
    return undefined;
  }
  if (rule.min !== undefined && v < rule.min) {
    issues.push({ path: p, message: `must be >= ${rule.min}${rule.minLimit ? ` (${rule.minLimit})` : ""}` });
    return undefined;
  }
  if (rule.max !== undefined && v > rule.max) {
    issues.push({ path: p, message: `must be <= ${rule.max}${rule.limit ? ` (${rule.limit})` : ""}` });
    return undefined;
  }
  return v;
}

export function readBool(obj: Record<string, unknown>, key: string, path: string, issues: Issues): boolean | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") {
    issues.push({ path: joinPath(path, key), message: `must be true or false, got ${describe(v)}` });
    return undefined;
  }
  return v;
}

export function readEnum<T extends string>(obj: Record<string, unknown>, key: string, allowed: readonly T[], path: string, issues: Issues): T | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    issues.push({ path: joinPath(path, key), message: `must be one of ${allowed.join(", ")}, got ${describe(v)}` });
    return undefined;
  }
  return v as T;
}

/** Validates prior weights against n values; returns them unchanged when valid. */
export function readWeights(obj: Record<string, unknown>, key: string, n: number, path: string, issues: Issues): number[] | undefined {
  const v = obj[key];
  const p = joinPath(path, key);
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) {
    issues.push({ path: p, message: `must be an array of numbers, got ${describe(v)}` });
    return undefined;
  }
  let ok = true;
  let sum = 0;
  v.forEach((w: unknown, i) => {
    if (typeof w !== "number" || !Number.isFinite(w)) {
      issues.push({ path: joinPath(p, i), message: `must be a finite number, got ${describe(w)}` });
      ok = false;
    } else if (w < 0) {
      issues.push({ path: joinPath(p, i), message: "must be >= 0" });
      ok = false;
    } else sum += w;
  });
  if (v.length !== n) {
    issues.push({ path: p, message: `must have one weight per value (${n} values, ${v.length} weights)` });
    ok = false;
  }
  if (ok && sum <= 0) {
    issues.push({ path: p, message: "must not sum to 0" });
    ok = false;
  }
  // Normalising divides by the sum: an infinite sum would turn every weight into 0.
  if (ok && !Number.isFinite(sum)) {
    issues.push({ path: p, message: `must have a finite sum (these add up to ${sum})` });
    ok = false;
  }
  return ok ? (v as number[]) : undefined;
}

/** Identity key for a parameter value; distinguishes 1 from "1". */
export function valueKey(v: ParamValue): string {
  return typeof v === "string" ? `s:${v}` : `${typeof v}:${String(v)}`;
}
