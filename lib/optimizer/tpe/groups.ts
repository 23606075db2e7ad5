import { own } from "../own";
import type { CompiledSpace, ParamSpec } from "../space/compile";
import type { TrialRecord } from "../types";

/** Free parameters a trial has a value for, as spec indices. */
function presentSpecs(space: CompiledSpace, t: TrialRecord): number[] {
  const out: number[] = [];
  for (const spec of space.free) {
    const v = own(t.internal, spec.path);
    if (v !== undefined && Number.isFinite(v)) out.push(spec.index);
  }
  return out;
}

/**
 * Splits the parameters seen in finished trials into groups that always occur together: every trial's
 * parameter set is a union of groups. Each group can then be modelled jointly from the trials that have it,
 * which is how conditional spaces get multivariate TPE.
 */
export function decomposeGroups(space: CompiledSpace, finished: ReadonlyArray<TrialRecord>): ParamSpec[][] {
  // Only the distinct parameter sets matter, and a long history has few of them.
  const distinct = new Map<string, number[]>();
  for (const t of finished) {
    const present = presentSpecs(space, t);
    const key = present.join(",");
    if (!distinct.has(key)) distinct.set(key, present);
  }
  let groups: Set<number>[] = [];
  for (const list of distinct.values()) {
    const present = new Set(list);
    if (present.size === 0) continue;
    const next: Set<number>[] = [];
    const covered = new Set<number>();
    for (const g of groups) {
      const inside = new Set<number>();
      const outside = new Set<number>();
      for (const i of g) (present.has(i) ? inside : outside).add(i);
      if (inside.size > 0) next.push(inside);
      if (outside.size > 0) next.push(outside);
      for (const i of inside) covered.add(i);
    }
    const fresh = new Set([...present].filter((i) => !covered.has(i)));
    if (fresh.size > 0) next.push(fresh);
    groups = next;
  }
  return toSpecs(space, groups);
}

/** Parameters present in every finished trial (the search space of plain multivariate TPE). */
export function intersectionSpace(space: CompiledSpace, finished: ReadonlyArray<TrialRecord>): ParamSpec[][] {
  const [first, ...rest] = finished;
  if (!first) return [];
  let common = presentSpecs(space, first);
  for (const t of rest) {
    const present = new Set(presentSpecs(space, t));
    common = common.filter((i) => present.has(i));
  }
  return common.length > 0 ? toSpecs(space, [new Set(common)]) : [];
}

function toSpecs(space: CompiledSpace, groups: Set<number>[]): ParamSpec[][] {
  return groups
    .map((g) => [...g].sort((a, b) => a - b).map((i) => space.specs[i]!))
    .sort((a, b) => a[0]!.index - b[0]!.index);
}
