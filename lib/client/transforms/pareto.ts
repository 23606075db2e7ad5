import type { Direction } from "@/lib/optimizer";
import type { TrialDto } from "@/lib/schemas/trial";

// The Pareto plot's points. The front itself is the server's (lib/optimizer/mo via getExperiment): this file
// only places trials on a pair of objectives and orders the front for drawing and listing, it never decides it.

export type ParetoKind = "front" | "feasible" | "infeasible" | "pruned";

export interface ParetoPoint {
  id: number;
  number: number;
  x: number;
  y: number;
  values: number[];
  kind: ParetoKind;
}

export interface ParetoPoints {
  /** Every trial with both values, front ones included. */
  points: ParetoPoint[];
  /** The front's points in drawing order: by x, then y (a staircase for two objectives). */
  front: ParetoPoint[];
  /** Finished trials without values for both objectives (a pruned trial reports its first objective only). */
  unplotted: number;
}

function kindOf(t: TrialDto, onFront: boolean): ParetoKind {
  if (t.state === "pruned") return "pruned";
  if (onFront) return "front";
  return t.feasible === false ? "infeasible" : "feasible";
}

/** Places the finished trials on objectives i (x) and j (y), marking the server's front. */
export function paretoPoints(trials: ReadonlyArray<TrialDto>, front: ReadonlyArray<number>, i: number, j: number): ParetoPoints {
  const onFront = new Set(front);
  const points: ParetoPoint[] = [];
  let unplotted = 0;
  for (const t of trials) {
    if (t.state !== "complete" && t.state !== "pruned") continue;
    const x = t.values?.[i];
    const y = t.values?.[j];
    if (typeof x !== "number" || typeof y !== "number" || !Number.isFinite(x) || !Number.isFinite(y)) {
      unplotted++;
      continue;
    }
    points.push({ id: t.id, number: t.number, x, y, values: t.values ?? [], kind: kindOf(t, onFront.has(t.number)) });
  }
  return { points, front: orderFront(points.filter((p) => p.kind === "front")), unplotted };
}

/** The front's points by x, then y, then trial number: the order a line through them must take. */
export function orderFront<T extends { x: number; y: number; number: number }>(points: ReadonlyArray<T>): T[] {
  return [...points].sort((a, b) => a.x - b.x || a.y - b.y || a.number - b.number);
}

/** The front's trials for its table: best first on the first objective, ties by the next, then by number. */
export function frontRows(trials: ReadonlyArray<TrialDto>, front: ReadonlyArray<number>, directions: ReadonlyArray<Direction>): TrialDto[] {
  const onFront = new Set(front);
  const sign = directions.map((d) => (d === "maximize" ? -1 : 1));
  return trials
    .filter((t) => onFront.has(t.number))
    .sort((a, b) => {
      for (let k = 0; k < sign.length; k++) {
        const d = (sign[k] as number) * ((a.values?.[k] ?? 0) - (b.values?.[k] ?? 0));
        if (d !== 0) return d;
      }
      return a.number - b.number;
    });
}

/** The pairs of objectives a grid shows for three or more: (0,1), (0,2), (1,2), ... */
export function objectivePairs(count: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) pairs.push([i, j]);
  return pairs;
}

/** The trials as the single-objective charts see objective k: its value as `value`. */
export function withObjective<T extends TrialDto>(trials: ReadonlyArray<T>, k: number): T[] {
  if (k === 0) return trials as T[];
  return trials.map((t) => ({ ...t, value: t.values?.[k] ?? null }));
}
