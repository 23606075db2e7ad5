// HPO lookup tables (bench/optimizer/hpo/grids.json, built by build_tables.py into bench/optimizer/.cache/hpo/).
// Each table is a benchmark problem: its space comes from the grid's axes, its objective is the table value at the
// grid point nearest to the suggested parameters, f* is the table minimum and clip the table median.
// optuna_harness.py implements the very same lookup (check-parity.ts compares them).

import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FlatParams, ParamSpec, SpaceSpec } from "../problems";

export type AxisKind = "cat" | "int" | "logint" | "logfloat" | "float";

export interface Axis {
  name: string;
  kind: AxisKind;
  values: Array<number | string>;
}

export interface TableDef {
  dataset: string;
  model: string;
  metric: "error" | "mse";
  axes: Axis[];
}

export interface Table extends TableDef {
  id: string;
  /** Row-major over the axes, the last axis fastest. */
  values: number[];
  sklearn?: string;
  seconds?: number;
}

export const HPO_DIR = fileURLToPath(new URL("./", import.meta.url));
export const TABLE_DIR = fileURLToPath(new URL("../.cache/hpo/", import.meta.url));
export const BUILD_SCRIPT = fileURLToPath(new URL("./build_tables.py", import.meta.url));

export const GRIDS: Record<string, TableDef> = (
  JSON.parse(readFileSync(new URL("./grids.json", import.meta.url), "utf8")) as { tables: Record<string, TableDef> }
).tables;

/** The search space of a table: one parameter per axis. */
export function axisSpec(a: Axis): ParamSpec {
  const nums = a.values as number[];
  const low = nums[0]!;
  const high = nums[nums.length - 1]!;
  switch (a.kind) {
    case "cat":
      return { type: "cat", values: a.values };
    case "int":
      return { type: "int", low, high };
    case "logint":
      return { type: "int", low, high, log: true };
    case "logfloat":
      return { type: "float", low, high, log: true };
    case "float":
      return { type: "float", low, high };
  }
}

export function tableSpec(def: TableDef): SpaceSpec {
  return Object.fromEntries(def.axes.map((a) => [a.name, axisSpec(a)]));
}

/**
 * Index of v on an axis. cat and int: the exact value (anything else throws). logint/logfloat: the nearest grid
 * value in log scale, i.e. the number of geometric midpoints sqrt(g_j g_{j+1}) that v reaches; float: the same with
 * arithmetic midpoints (g_j + g_{j+1}) / 2. Products, sums, halving and sqrt are correctly rounded in IEEE 754, so
 * TypeScript and Python find the same index.
 */
export function axisIndex(a: Axis, v: unknown): number {
  if (a.kind === "cat") {
    const i = a.values.indexOf(v as number | string);
    if (i < 0) throw new Error(`${a.name}: ${JSON.stringify(v)} is not one of ${JSON.stringify(a.values)}`);
    return i;
  }
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${a.name}: expected a number, got ${JSON.stringify(v)}`);
  const g = a.values as number[];
  if (a.kind === "int") {
    const i = g.indexOf(v);
    if (i < 0) throw new Error(`${a.name}: ${v} is not on the grid ${JSON.stringify(g)}`);
    return i;
  }
  let i = 0;
  for (let j = 0; j + 1 < g.length; j++) {
    const mid = a.kind === "float" ? (g[j]! + g[j + 1]!) / 2 : Math.sqrt(g[j]! * g[j + 1]!);
    if (v >= mid) i = j + 1;
  }
  return i;
}

/** The table value at the grid point nearest to p. */
export function lookup(t: Pick<Table, "axes" | "values">, p: FlatParams): number {
  let flat = 0;
  for (const a of t.axes) flat = flat * a.values.length + axisIndex(a, p[a.name]);
  const v = t.values[flat];
  if (v === undefined) throw new Error(`table index ${flat} out of range`);
  return v;
}

export function tablePath(id: string): string {
  return `${TABLE_DIR}${id}.json`;
}

const loaded = new Map<string, Table>();

/** Whether the table file exists and was built from the current definition in grids.json. */
export function isCurrent(id: string): boolean {
  const def = GRIDS[id];
  if (!def || !existsSync(tablePath(id))) return false;
  try {
    const t = JSON.parse(readFileSync(tablePath(id), "utf8")) as Table;
    const size = def.axes.reduce((n, a) => n * a.values.length, 1);
    const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
    return t.dataset === def.dataset && t.model === def.model && t.metric === def.metric && same(t.axes, def.axes) && t.values.length === size;
  } catch {
    return false;
  }
}

export function loadTable(id: string): Table {
  const hit = loaded.get(id);
  if (hit) return hit;
  if (!isCurrent(id))
    throw new Error(`HPO table ${id} is missing or stale (${tablePath(id)}); build it: /usr/bin/python3 ${BUILD_SCRIPT} --tables ${id}`);
  const t = JSON.parse(readFileSync(tablePath(id), "utf8")) as Table;
  loaded.set(id, t);
  return t;
}

export interface TableStats {
  min: number;
  median: number;
}
const stats = new Map<string, TableStats>();
export function tableStats(id: string): TableStats {
  let s = stats.get(id);
  if (!s) {
    const v = [...loadTable(id).values].sort((a, b) => a - b);
    const m = v.length >> 1;
    s = { min: v[0]!, median: v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2 };
    stats.set(id, s);
  }
  return s;
}

/**
 * Builds every missing or stale table with build_tables.py (2 tables at once, each model on one core), printing
 * what it does through `log`. Resolves to the ids it built.
 */
export async function ensureTables(python: string, log: (line: string) => void, ids = Object.keys(GRIDS)): Promise<string[]> {
  const todo = ids.filter((id) => !isCurrent(id));
  if (todo.length === 0) return [];
  log(`HPO tables: building ${todo.join(", ")} (scikit-learn 3-fold CV into ${TABLE_DIR}; a few minutes, once) ...`);
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const p = spawn(python, [BUILD_SCRIPT, "--tables", todo.join(",")], { stdio: ["ignore", "ignore", "pipe"] });
    p.stderr.setEncoding("utf8");
    p.stderr.on("data", (c: string) => {
      for (const line of c.split("\n")) if (line.trim()) log(`  ${line.trim()}`);
    });
    p.on("error", reject);
    p.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${BUILD_SCRIPT} exited with ${code}`))));
  });
  log(`HPO tables built in ${((performance.now() - t0) / 1000).toFixed(0)}s`);
  for (const id of todo) {
    loaded.delete(id);
    stats.delete(id);
  }
  return todo;
}
