import { ExhaustedError } from "../errors";
import { valueKey } from "../config-util";
import { own, setOwn } from "../own";
import { hashSeed } from "../rng";
import type { CompiledSpace } from "../space/compile";
import { toExternal } from "../space/convert";
import type { GridConfig, InternalParams, ParamValue, TrialRecord } from "../types";
import { drawFromPrior } from "./prior";
import { buildGrid, type Grid, type GridNode } from "./grid-values";
import type { Sampler } from "./types";

/**
 * Grid search over every combination, conditional branches expanded. It takes the first configuration (in
 * enumeration order, or a seeded permutation of it) that no existing trial holds, so it resumes correctly
 * and parallel workers never repeat each other. A configuration whose trial failed on its own (a program
 * failure, or one of unknown kind from older data) stays taken: it would most likely fail again. One whose
 * worker died is free again, unless the trial core already has its retry due.
 */
export function createGridSampler(cfg: GridConfig): Sampler {
  const grids = new WeakMap<CompiledSpace, Grid>();
  const gridOf = (space: CompiledSpace): Grid => {
    let g = grids.get(space);
    if (!g) {
      g = buildGrid(space.space, cfg);
      grids.set(space, g);
    }
    return g;
  };
  return {
    name: "grid",
    inferRelativeSearchSpace: (ctx) => ctx.space.specs,
    sampleRelative(ctx) {
      const grid = gridOf(ctx.space);
      const taken = new Set<string>();
      for (const t of ctx.trials) if (holdsConfiguration(t)) taken.add(trialKey(ctx.space, t.params));
      const order = permutation(grid.size, cfg.shuffle, cfg.seed);
      const limit = Math.min(grid.size, taken.size + 1);
      // At most taken.size positions can be occupied, so the first taken.size + 1 positions hold a free one
      // unless the grid is full.
      for (let p = 0; p < limit; p++) {
        const internal = decode(grid, order(p));
        const params: Record<string, ParamValue> = {};
        for (const spec of ctx.space.specs) {
          const x = own(internal, spec.path);
          if (x !== undefined) setOwn(params, spec.path, toExternal(spec, x));
        }
        if (!taken.has(trialKey(ctx.space, params))) return internal;
      }
      throw new ExhaustedError(`all ${grid.size} grid configurations are taken`);
    },
    sampleIndependent: (ctx, spec) => drawFromPrior(spec, ctx.rng),
  };
}

function holdsConfiguration(t: TrialRecord): boolean {
  return t.state !== "failed" || t.failureKind !== "infrastructure" || t.retryPending === true;
}

/** Identity of a configuration: its active parameters' values in space order. */
export function trialKey(space: CompiledSpace, params: TrialRecord["params"]): string {
  const parts: string[] = [];
  for (const spec of space.specs) {
    const v = own(params, spec.path);
    if (v !== undefined) parts.push(`${spec.path}=${valueKey(v)}`);
  }
  return parts.join("\u0000");
}

/** Internal values of the configuration at a mixed-radix index of the grid tree. */
export function decode(grid: Grid, index: number): InternalParams {
  const out: InternalParams = {};
  decodeProduct(grid.roots, index, out);
  return out;
}

function decodeProduct(nodes: ReadonlyArray<GridNode>, index: number, out: InternalParams): void {
  let rest = index;
  for (const node of nodes) {
    const sub = rest % node.size;
    rest = Math.floor(rest / node.size);
    decodeNode(node, sub, out);
  }
}

function decodeNode(node: GridNode, index: number, out: InternalParams): void {
  if (node.kind === "leaf") {
    setOwn(out, node.spec.path, node.axis.at(index));
    return;
  }
  let rest = index;
  for (const opt of node.options) {
    if (rest < opt.size) {
      setOwn(out, node.spec.path, opt.index);
      decodeProduct(opt.children, rest, out);
      return;
    }
    rest -= opt.size;
  }
}

/** p -> (a p + b) mod n with gcd(a, n) = 1: a seeded bijection that needs no table. */
function permutation(n: number, shuffle: boolean, seed: number): (p: number) => number {
  if (!shuffle || n <= 1) return (p) => p;
  const N = BigInt(n);
  let a = BigInt(hashSeed(seed, 1) % n) || 1n;
  while (gcd(a, N) !== 1n) a = (a + 1n) % N || 1n;
  const b = BigInt(hashSeed(seed, 2) % n);
  return (p) => Number((a * BigInt(p) + b) % N);
}

function gcd(x: bigint, y: bigint): bigint {
  let a = x;
  let b = y;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
