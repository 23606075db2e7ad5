// Verifies that the TypeScript problems (problems.ts) and the Python ones (optuna_harness.py) are the same:
// identical specs (spaces) and f*, and objective values within 1e-9 (relative to max(1, |f|)) on fixed points:
// the corners and centre of every branch, known minimisers, and 25 uniform points per problem. Multi-objective
// problems compare every objective; failing-region problems must fail (ProblemFailure / None) at the same points.
// HPO tables must be built first (run.ts does that; else hpo/build_tables.py).
// `npx tsx bench/optimizer/check-parity.ts` (exit code 1 on a mismatch); run.ts calls checkParity() first too.

import { pathToFileURL } from "node:url";
import { evaluateOrNull, type FlatParams, type ParamSpec, PROBLEMS, type Problem, type SpaceSpec, uniformPoints } from "./problems";
import { GRIDS } from "./hpo/tables";
import { runHarness } from "./python";

const TOL = 1e-9;

type Where = "low" | "high" | "mid";

function pick(s: Exclude<ParamSpec, { type: "choice" }>, where: Where): number | string {
  if (s.type === "cat") return where === "low" ? s.values[0]! : where === "high" ? s.values[s.values.length - 1]! : s.values[s.values.length >> 1]!;
  if (where === "low") return s.low;
  if (where === "high") return s.high;
  if (s.type === "int") return Math.round((s.low + s.high) / 2);
  if (s.log) return Math.sqrt(s.low * s.high);
  if (s.step !== undefined) return s.low + Math.round((s.high - s.low) / 2 / s.step) * s.step;
  return (s.low + s.high) / 2;
}

/** Corner/centre points, one per (choice option, where). */
function cornerPoints(spec: SpaceSpec, prefix = ""): FlatParams[] {
  let acc: FlatParams[] = [{}, {}, {}];
  const wheres: Where[] = ["low", "high", "mid"];
  for (const [name, s] of Object.entries(spec)) {
    const path = prefix + name;
    if (s.type === "choice") {
      const next: FlatParams[] = [];
      for (const base of acc)
        for (const o of s.options)
          for (const sub of cornerPoints(o.params, `${path}.${o.value}.`)) next.push({ ...base, [path]: o.value, ...sub });
      acc = next;
    } else acc = acc.map((p, i) => ({ ...p, [path]: pick(s, wheres[i % 3]!) }));
  }
  return acc;
}

const KNOWN: Record<string, FlatParams[]> = {
  branin: [{ x1: Math.PI, x2: 2.275 }, { x1: -Math.PI, x2: 12.275 }, { x1: 9.42478, x2: 2.475 }],
  camel6: [{ x1: 0.0898, x2: -0.7126 }],
  hartmann3: [{ x1: 0.114614, x2: 0.555649, x3: 0.852547 }],
  hartmann6: [{ x1: 0.20169, x2: 0.150011, x3: 0.476874, x4: 0.275332, x5: 0.311652, x6: 0.6573 }],
  stepst: [{ x1: -3, x2: -3, x3: -3, x4: -3, x5: -3 }],
  intsphere: [{ x1: 3, x2: -2, x3: 7, x4: 0, x5: -5, x6: 1 }],
  logquad: [{ x1: 1e-4, x2: 1e-1, x3: 10 ** 0.5, x4: 10 ** 1.7 }],
  mixedhpo: [{ opt: "adam", lr: 1e-3, layers: 3, dropout: 0.2, batch: 64 }],
  condhpo: [
    { model: "rf", "model.rf.n_estimators": 200, "model.rf.max_depth": 12 },
    { model: "knn", "model.knn.k": 7, "model.knn.p": 2 },
  ],
  condbench: [{ branch: "B", "branch.B.x1": 0.114614, "branch.B.x2": 0.555649, "branch.B.x3": 0.852547 }],
  michalewicz5: [{ x1: 2.20290552, x2: 1.57079632, x3: 1.28499157, x4: 1.92305847, x5: 1.72046977 }],
  schwefel5: [{ x1: 420.9687, x2: 420.9687, x3: 420.9687, x4: 420.9687, x5: 420.9687 }],
  shekel10: [{ x1: 4.00074653, x2: 4.00059293, x3: 3.99966339, x4: 3.9995098 }],
  goldstein: [{ x1: 0, x2: -1 }],
  powell8: [{ x1: 0, x2: 0, x3: 0, x4: 0, x5: 0, x6: 0, x7: 0, x8: 0 }],
  zakharov10: [Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`x${i + 1}`, 0]))],
  dixonprice10: [Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`x${i + 1}`, 2 ** -((2 ** (i + 1) - 2) / 2 ** (i + 1))]))],
  eggholder: [{ x1: 512, x2: 404.23180515 }],
  hartmann6x16: [{ ...Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`x${i + 1}`, 0.5])), x1: 0.20169, x2: 0.150011, x3: 0.476874, x4: 0.275332, x5: 0.311652, x6: 0.6573 }],
  ellipsoid8r: [Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`x${i + 1}`, i % 2 === 0 ? 1.5 : -1.5]))],
  intcat: [{ x1: 12, x2: 4, x3: 17, x4: 9, c1: "b", c2: "w" }],
  nestedcond: [
    { model: "net", "model.net.layers": 3, "model.net.opt": "adam", "model.net.opt.adam.lr": 1e-3, "model.net.opt.adam.beta1": 0.9 },
    { model: "tree", "model.tree.depth": 7, "model.tree.criterion": "entropy" },
  ],
  divergelr: [
    { lr: 0.05, momentum: 0.9, wd: 1e-4 },
    { lr: 0.2, momentum: 0.9, wd: 1e-4 }, // fails
  ],
  oomcliff: [
    { batch: 224, width: 390, layers: 6 },
    { batch: 256, width: 512, layers: 6 }, // fails
  ],
};

/** HPO tables: points exactly on the lookup's boundaries (the midpoints between neighbouring grid values). */
function boundaryPoints(p: Problem): FlatParams[] {
  const axes = GRIDS[p.id]?.axes;
  if (!axes) return [];
  const n = Math.max(...axes.map((a) => a.values.length)) - 1;
  return Array.from({ length: n }, (_, j) =>
    Object.fromEntries(
      axes.map((a) => {
        const g = a.values as number[];
        const k = Math.min(j, g.length - 2);
        if (a.kind === "cat" || a.kind === "int") return [a.name, a.values[j % a.values.length]!];
        return [a.name, a.kind === "float" ? (g[k]! + g[k + 1]!) / 2 : Math.sqrt(g[k]! * g[k + 1]!)];
      }),
    ),
  );
}

export function parityPoints(p: Problem): FlatParams[] {
  return [...cornerPoints(p.spec), ...(KNOWN[p.id] ?? []), ...boundaryPoints(p), ...uniformPoints(p, 25, 777)];
}

function canon(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canon).join(",")}]`;
  if (x && typeof x === "object")
    return `{${Object.keys(x)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canon((x as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(x);
}

interface PySpec {
  spec: unknown;
  fStar: number | null;
  kind: string;
  family: string;
  nObjectives: number;
  hvRef: number[] | null;
}

export async function checkParity(verbose = false): Promise<{ ok: boolean; report: string[] }> {
  const report: string[] = [];
  let ok = true;
  const [specOut] = (await runHarness(["spec"])) as Array<{ problems: Record<string, PySpec> }>;
  const py = specOut!.problems;
  const pyIds = Object.keys(py).sort().join(",");
  const tsIds = PROBLEMS.map((p) => p.id).sort().join(",");
  if (pyIds !== tsIds) {
    ok = false;
    report.push(`problem ids differ: ts=${tsIds} py=${pyIds}`);
  }
  const reqs: string[] = [];
  const points: Record<string, FlatParams[]> = {};
  for (const p of PROBLEMS) {
    const q = py[p.id];
    if (!q) continue;
    if (canon(q.spec) !== canon(p.spec)) {
      ok = false;
      report.push(`${p.id}: spec differs\n  ts=${canon(p.spec)}\n  py=${canon(q.spec)}`);
    }
    const fStar = Number.isNaN(p.fStar) ? null : p.fStar;
    if (q.fStar !== fStar || q.kind !== p.kind || q.family !== p.family || q.nObjectives !== p.nObjectives || canon(q.hvRef ?? null) !== canon(p.hvRef ?? null)) {
      ok = false;
      report.push(
        `${p.id}: f*/kind/family/objectives/hvRef differ ts=${fStar}/${p.kind}/${p.family}/${p.nObjectives}/${canon(p.hvRef ?? null)} ` +
          `py=${q.fStar}/${q.kind}/${q.family}/${q.nObjectives}/${canon(q.hvRef)}`,
      );
    }
    points[p.id] = parityPoints(p);
    reqs.push(JSON.stringify({ problem: p.id, points: points[p.id] }));
  }
  const evals = (await runHarness(["eval"], reqs.join("\n") + "\n")) as Array<{ problem: string; values: Array<number[] | null> }>;
  let compared = 0;
  let failures = 0;
  for (const e of evals) {
    const p = PROBLEMS.find((x) => x.id === e.problem)!;
    const pts = points[p.id]!;
    let worst = 0;
    pts.forEach((pt, i) => {
      const a = evaluateOrNull(p, pt);
      const b = e.values[i] ?? null;
      compared++;
      if (a === null || b === null) {
        if (a === null && b === null) failures++;
        else {
          ok = false;
          report.push(`${p.id}: point ${i} ${JSON.stringify(pt)}: ts=${JSON.stringify(a)} py=${JSON.stringify(b)} (one side failed)`);
        }
        return;
      }
      let err = a.length === b.length ? 0 : Infinity;
      a.forEach((x, k) => {
        const d = Math.abs(x - b[k]!) / Math.max(1, Math.abs(x));
        err = Math.max(err, Number.isNaN(d) ? Infinity : d);
      });
      worst = Math.max(worst, err);
      if (!(err <= TOL)) {
        ok = false;
        report.push(`${p.id}: point ${i} ${JSON.stringify(pt)}: ts=${JSON.stringify(a)} py=${JSON.stringify(b)}`);
      }
    });
    const known = p.nObjectives === 1 ? (KNOWN[p.id] ?? []).map((pt) => evaluateOrNull(p, pt)?.[0] ?? Number.NaN).map((v) => v - p.fStar) : [];
    if (verbose)
      report.push(
        `${p.id.padEnd(14)} ${pts.length} points, max rel diff ${worst.toExponential(1)}` +
          (known.length ? `; f(known point) - f* = ${known.map((v) => (Number.isNaN(v) ? "fails" : v.toExponential(2))).join(", ")}` : ""),
      );
  }
  report.push(
    `parity: ${ok ? "OK" : "FAILED"} (${PROBLEMS.length} problems, specs compared, ${compared} objective values within ${TOL}, ${failures} of them failing on both sides)`,
  );
  return { ok, report };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  checkParity(true).then(
    ({ ok, report }) => {
      console.log(report.join("\n"));
      process.exit(ok ? 0 : 1);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
