// Several objectives: our samplers against Optuna 3.1's on ZDT/DTLZ problems, scored by hypervolume.
//
//   npx tsx bench/optimizer/mo-compare.ts [--problems zdt1,zdt2,dtlz2] [--seeds 0-9] [--trials 100]
//       [--arms tpe,nsga2,random] [--optuna-arms tpe,nsga2,random] [--no-optuna] [--fresh]
//   npx tsx bench/optimizer/mo-compare.ts --speed [--sizes 100,1000,10000] [--reps 20]
//
// Every problem has 6 parameters x0..x5 in [0, 1] and minimises every objective. Hypervolume is computed here,
// for both sides, from the raw objective values of all trials with lib/optimizer's exact hypervolume, at the
// reference point (11, ..., 11), and at a tight reference point, 1.1 x each objective's largest value: (1.1, 11) on
// ZDT, where f1 is in [0, 1] and f2 in [0, 10]. The ZDT1 figures of the task (random ~9.78) are at (1.1, 11):
// at (11, 11) every sampler scores over 100, as the box [f1, 11] x [f2, 11] is mostly empty space.
// Optuna's runs (mo_optuna.py, /usr/bin/python3) are cached in bench/results/ (git-ignored); --fresh reruns them.
// Runs are sequential: one process at a time.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { InMemoryStorage, Study, createRng, createSampler, historyNeed, hypervolume, parseSamplerConfig, parseSpace, suggest, type SamplerConfig, type TrialRecord } from "../../lib/optimizer";
import { median } from "./stats";

const PYTHON = process.env.SWEEPBOARD_BENCH_PYTHON ?? "/usr/bin/python3";
const HELPER = fileURLToPath(new URL("./mo_optuna.py", import.meta.url));
const RESULTS = fileURLToPath(new URL("../results/", import.meta.url));
const DIMS = 6;
const REF = 11;

type Objective = (x: number[]) => number[];

function zdtG(x: number[]): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += x[i]!;
  return 1 + (9 * s) / (x.length - 1);
}

function dtlz2(m: number): Objective {
  return (x) => {
    let g = 0;
    for (let i = m - 1; i < x.length; i++) g += (x[i]! - 0.5) ** 2;
    const out: number[] = [];
    for (let i = 0; i < m; i++) {
      let v = 1 + g;
      for (let j = 0; j < m - 1 - i; j++) v *= Math.cos((x[j]! * Math.PI) / 2);
      if (i > 0) v *= Math.sin((x[m - 1 - i]! * Math.PI) / 2);
      out.push(v);
    }
    return out;
  };
}

/** `tight`: 1.1 x each objective's largest value on [0, 1]^6 (the ZDT1 figures of the task used (1.1, 11)). */
const MO_PROBLEMS: Record<string, { objectives: number; f: Objective; tight: number[] }> = {
  zdt1: { objectives: 2, tight: [1.1, 11], f: (x) => [x[0]!, zdtG(x) * (1 - Math.sqrt(x[0]! / zdtG(x)))] },
  zdt2: { objectives: 2, tight: [1.1, 11], f: (x) => [x[0]!, zdtG(x) * (1 - (x[0]! / zdtG(x)) ** 2)] },
  zdt3: { objectives: 2, tight: [1.1, 11], f: (x) => [x[0]!, zdtG(x) * (1 - Math.sqrt(x[0]! / zdtG(x)) - (x[0]! / zdtG(x)) * Math.sin(10 * Math.PI * x[0]!))] },
  dtlz2: { objectives: 2, tight: [2.475, 2.475], f: dtlz2(2) },
  "dtlz2-3": { objectives: 3, tight: [2.475, 2.475, 2.475], f: dtlz2(3) },
};

const SPACE = parseSpace(Object.fromEntries(Array.from({ length: DIMS }, (_, i) => [`x${i}`, { type: "uniform", low: 0, high: 1 }])));

/** Our arms: the shipped samplers with their defaults, plus variants for tuning. */
const OUR_ARMS: Record<string, () => SamplerConfig> = {
  tpe: () => parseSamplerConfig("tpe", {}),
  nsga2: () => parseSamplerConfig("nsga2", {}),
  random: () => parseSamplerConfig("random", {}),
  "tpe-uni": () => parseSamplerConfig("tpe", { multivariate: false }),
  "tpe-mv": () => parseSamplerConfig("tpe", { univariateEvery: 0 }),
  "tpe-noliar": () => parseSamplerConfig("tpe", { constantLiar: false }),
  "tpe-uni-ep": () => parseSamplerConfig("tpe", { multivariate: false, considerEndpoints: true }),
};

/** An arm: a name above, or `<sampler>{settings as JSON}` such as `tpe{"nEiCandidates":48}`. */
function armConfig(arm: string): SamplerConfig {
  const known = OUR_ARMS[arm];
  if (known) return known();
  const brace = arm.indexOf("{");
  if (brace < 0) throw new Error(`unknown arm ${arm}`);
  return parseSamplerConfig(arm.slice(0, brace), JSON.parse(arm.slice(brace)) as unknown);
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

function seedsOf(spec: string): number[] {
  return spec.split(",").flatMap((part) => {
    const [a, b] = part.split("-").map(Number);
    return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
  });
}

async function runOurs(problem: string, config: SamplerConfig, seed: number, trials: number): Promise<{ values: number[][]; askMs: number; front: number }> {
  const p = MO_PROBLEMS[problem]!;
  const objectives = Array.from({ length: p.objectives }, (_, i) => ({ metric: `f${i + 1}`, direction: "minimize" as const }));
  const study = new Study({ storage: new InMemoryStorage(), space: SPACE, sampler: config, objectives, seed });
  const values: number[][] = [];
  let askMs = 0;
  for (let i = 0; i < trials; i++) {
    const a = performance.now();
    const t = await study.ask();
    askMs += performance.now() - a;
    const v = p.f(Array.from({ length: DIMS }, (_, d) => Number(t.params[`x${d}`])));
    values.push(v);
    await study.tell(t.number, { state: "complete", values: v });
  }
  return { values, askMs, front: (await study.paretoFront()).length };
}

function runOptuna(problem: string, arm: string, seeds: number[], trials: number, fresh: boolean): Promise<Map<number, number[][]>> {
  mkdirSync(RESULTS, { recursive: true });
  const file = `${RESULTS}mo-optuna-${problem}-${arm}-${seeds.join("_")}-${trials}.jsonl`;
  const parse = (text: string) => {
    const out = new Map<number, number[][]>();
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as { seed: number; values: number[][] };
      out.set(o.seed, o.values);
    }
    return out;
  };
  if (!fresh && existsSync(file)) return Promise.resolve(parse(readFileSync(file, "utf8")));
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [HELPER, "--problems", problem, "--arms", arm, "--seeds", seeds.join(","), "--trials", String(trials), "--dims", String(DIMS)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (c: string) => (out += c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${HELPER} exited with ${code}`));
      writeFileSync(file, out);
      resolve(parse(out));
    });
  });
}

function hvOf(values: number[][], m: number): number {
  return hypervolume(values, Array.from({ length: m }, () => REF));
}

function row(label: string, problem: string, runs: number[][][], extra: string): string {
  const p = MO_PROBLEMS[problem]!;
  const hvs = runs.map((v) => hvOf(v, p.objectives));
  const tight = runs.map((v) => hypervolume(v, p.tight));
  const [q1, q3] = quartiles(hvs);
  return `| ${problem} | ${label} | ${median(hvs).toFixed(3)} | [${q1.toFixed(3)}, ${q3.toFixed(3)}] | ${median(tight).toFixed(4)} (${p.tight.join(", ")}) | ${extra} |`;
}

function quartiles(xs: number[]): [number, number] {
  const s = [...xs].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(f * (s.length - 1))))]!;
  return [q(0.25), q(0.75)];
}

async function compare(): Promise<void> {
  const problems = arg("problems", "zdt1,zdt2,dtlz2").split(",");
  const seeds = seedsOf(arg("seeds", "0-9"));
  const trials = Number(arg("trials", "100"));
  const ours = arg("arms", "tpe,nsga2,random").split(";").flatMap((a) => (a.includes("{") ? [a] : a.split(","))).filter(Boolean);
  const theirs = flag("no-optuna") ? [] : arg("optuna-arms", "tpe,nsga2,random").split(",").filter(Boolean);
  console.log(`# median hypervolume over ${seeds.length} seeds (${seeds.join(",")}), ${trials} trials, ${DIMS} parameters in [0, 1], every objective minimised, reference point (${REF}, ..., ${REF}) on the raw objectives; [q1, q3] in brackets\n`);
  console.log("| problem | sampler | median HV @ (11, ..) | [q1, q3] | median HV @ tight ref | mean ms / ask, median front size |");
  console.log("|---|---|---|---|---|---|");
  for (const problem of problems) {
    for (const arm of ours) {
      const runs: number[][][] = [];
      const fronts: number[] = [];
      let ms = 0;
      for (const seed of seeds) {
        const r = await runOurs(problem, armConfig(arm), seed, trials);
        runs.push(r.values);
        fronts.push(r.front);
        ms += r.askMs / trials;
      }
      console.log(row(`ours ${arm}`, problem, runs, `${(ms / seeds.length).toFixed(2)}, ${median(fronts)}`));
    }
    for (const arm of theirs) {
      const runs = await runOptuna(problem, arm, seeds, trials, flag("fresh"));
      console.log(row(`optuna 3.1 ${arm}`, problem, seeds.map((s) => runs.get(s)!), ""));
    }
  }
}

/** ms per suggestion at a history of n complete trials, the way the server asks (a fresh sampler each time). */
async function speed(): Promise<void> {
  const sizes = arg("sizes", "100,1000,10000").split(",").map(Number);
  const reps = Number(arg("reps", "20"));
  const arms = arg("arms", "tpe,nsga2").split(",");
  const f = MO_PROBLEMS.zdt1!.f;
  const objectives = [
    { metric: "f1", direction: "minimize" as const },
    { metric: "f2", direction: "minimize" as const },
  ];
  console.log(`# ms per suggestion (suggest() with a fresh sampler, bounded history), ZDT1 history of n random complete trials, ${reps} suggestions each`);
  console.log("| sampler | " + sizes.map((n) => `n = ${n}`).join(" | ") + " |");
  console.log("|---|" + sizes.map(() => "---|").join(""));
  for (const arm of arms) {
    const config = armConfig(arm);
    const cells: string[] = [];
    for (const n of sizes) {
      const rng = createRng(n);
      const trials: TrialRecord[] = Array.from({ length: n }, (_, i) => {
        const x = Array.from({ length: DIMS }, () => rng.next());
        const params = Object.fromEntries(x.map((v, d) => [`x${d}`, v]));
        return { number: i, state: "complete", params, internal: { ...params }, values: f(x), intermediate: [], systemAttrs: {} };
      });
      const history = historyNeed(config, undefined);
      let total = 0;
      for (let r = 0; r < reps + 5; r++) {
        const t0 = performance.now();
        suggest({ space: SPACE, sampler: createSampler(config), trials, objectives, rng: createRng(7), number: n + r, history });
        if (r >= 5) total += performance.now() - t0;
      }
      cells.push((total / reps).toFixed(2));
    }
    console.log(`| ${arm} | ${cells.join(" | ")} |`);
  }
}

(flag("speed") ? speed() : compare()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
