import type { ParamValue } from "@/lib/optimizer";
import { axisValue, categoryKey, type ParamAxis, type TrialLike } from "./axes";
import { resolveCategories } from "./parallel";

export interface SlicePoint<T extends TrialLike = TrialLike> {
  /** The value, or the category's index plus jitter on categorical axes. */
  x: number;
  y: number;
  value: ParamValue;
  trial: T;
}

export interface SliceData<T extends TrialLike = TrialLike> {
  points: SlicePoint<T>[];
  /** Categorical axes: the categories in x order (index = band centre). */
  categories: ParamValue[];
  /** Trials not drawn: parameter absent (other branch), or not a positive number on a log axis. */
  hidden: number;
}

/** Deterministic jitter in [-width/2, width/2] from an integer, so points do not dance between renders. */
export function jitter(n: number, width = 0.6): number {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) / 0x100000000 - 0.5) * width;
}

/** Objective against one parameter for trials with a finite objective value. */
export function slicePoints<T extends TrialLike>(trials: ReadonlyArray<T>, axis: ParamAxis): SliceData<T> {
  const categories = axis.kind === "categorical" ? resolveCategories(axis, trials) : [];
  const index = new Map(categories.map((c, i) => [categoryKey(c), i]));
  const points: SlicePoint<T>[] = [];
  let hidden = 0;
  for (const trial of trials) {
    const y = trial.value;
    if (typeof y !== "number" || !Number.isFinite(y)) continue;
    const v = axisValue(trial, axis);
    if (v === undefined) {
      hidden++;
      continue;
    }
    if (axis.kind === "categorical") {
      const i = index.get(categoryKey(v));
      if (i === undefined) hidden++;
      else points.push({ x: i + jitter(trial.number), y, value: v, trial });
    } else if (typeof v === "number" && Number.isFinite(v) && (axis.kind !== "log" || v > 0)) {
      points.push({ x: v, y, value: v, trial });
    } else {
      hidden++;
    }
  }
  return { points, categories, hidden };
}
