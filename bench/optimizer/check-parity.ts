// Verifies that the TypeScript problems (problems.ts) and the Python ones (optuna_harness.py) are the same:
// identical specs (spaces) and f*, and objective values within 1e-9 (relative to max(1, |f|)) on fixed points:
// the corners and centre of every branch, known minimisers, and 25 uniform points per problem.
// `npx tsx bench/optimizer/check-parity.ts` (exit code 1 on a mismatch); run.ts calls checkParity() first too.

import { pathToFileURL } from "node:url";
import { type FlatParams, type ParamSpec, PROBLEMS, type Problem, type SpaceSpec, uniformPoints } from "./problems";
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
};

export function parityPoints(p: Problem): FlatParams[] {
  return [...cornerPoints(p.spec), ...(KNOWN[p.id] ?? []), ...uniformPoints(p, 25, 777)];
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

export async function checkParity(verbose = false): Promise<{ ok: boolean; report: string[] }> {
  const report: string[] = [];
  let ok = true;
  const [specOut] = (await runHarness(["spec"])) as Array<{ problems: Record<string, { spec: unknown; fStar: number; kind: string }> }>;
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
    if (q.fStar !== p.fStar || q.kind !== p.kind) {
      ok = false;
      report.push(`${p.id}: f*/kind differ ts=${p.fStar}/${p.kind} py=${q.fStar}/${q.kind}`);
    }
    points[p.id] = parityPoints(p);
    reqs.push(JSON.stringify({ problem: p.id, points: points[p.id] }));
  }
  const evals = (await runHarness(["eval"], reqs.join("\n") + "\n")) as Array<{ problem: string; values: number[] }>;
  let compared = 0;
  for (const e of evals) {
    const p = PROBLEMS.find((x) => x.id === e.problem)!;
    const pts = points[p.id]!;
    let worst = 0;
    pts.forEach((pt, i) => {
      const a = p.objective(pt);
      const b = e.values[i]!;
      const err = Math.abs(a - b) / Math.max(1, Math.abs(a));
      worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
      compared++;
      if (!(err <= TOL)) {
        ok = false;
        report.push(`${p.id}: point ${i} ${JSON.stringify(pt)}: ts=${a} py=${b}`);
      }
    });
    const known = (KNOWN[p.id] ?? []).map((pt) => p.objective(pt) - p.fStar);
    if (verbose)
      report.push(
        `${p.id.padEnd(12)} ${pts.length} points, max rel diff ${worst.toExponential(1)}` +
          (known.length ? `; f(known minimiser) - f* = ${known.map((v) => v.toExponential(2)).join(", ")}` : ""),
      );
  }
  report.push(`parity: ${ok ? "OK" : "FAILED"} (${PROBLEMS.length} problems, specs compared, ${compared} objective values within ${TOL})`);
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
