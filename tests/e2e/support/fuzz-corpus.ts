import { nested } from "./fuzz-gen";

// Sweeps shaped like attacks on the engine's limits: every one is created over the API and then
// asked for trials, because the expensive work (grids, candidate sets, brackets) happens at ask time.

/** A valid space over every parameter type, nested choice included. */
export const FULL_SPACE = {
  u: { type: "uniform", low: -1, high: 1 },
  qu: { type: "quniform", low: 0, high: 10, q: 0.5 },
  lu: { type: "loguniform", low: 1e-5, high: 1 },
  qlu: { type: "qloguniform", low: 1, high: 1000, q: 1 },
  n: { type: "normal", mu: 0, sigma: 1 },
  qn: { type: "qnormal", mu: 0, sigma: 2, q: 0.25 },
  ln: { type: "lognormal", mu: 0, sigma: 1 },
  qln: { type: "qlognormal", mu: 1, sigma: 0.5, q: 0.1 },
  i: { type: "int", low: 1, high: 8 },
  il: { type: "int", low: 1, high: 1024, log: true },
  is: { type: "int", low: 0, high: 100, step: 10 },
  c: { type: "categorical", values: ["relu", "gelu", 3, true, null] },
  cw: { type: "categorical", values: ["a", "b"], weights: [0.2, 0.8] },
  pc: { type: "pchoice", values: [1, 2, 3], weights: [1, 1, 2] },
  k: { type: "const", value: "fixed" },
  bare: 42,
  opt: { type: "choice", options: [{ value: "sgd", params: { momentum: { type: "uniform", low: 0, high: 0.99 }, nesterov: { type: "categorical", values: [true, false] } } }, "adam", { value: "lamb", params: { beta: { type: "loguniform", low: 1e-3, high: 1 } } }] },
};

/** A point of FULL_SPACE that enqueue accepts. */
export const FULL_PARAMS = { u: 0.25, qu: 2.5, lu: 0.01, qlu: 10, n: 0.3, qn: 0.25, ln: 1.5, qln: 1.2, i: 3, il: 16, is: 30, c: "gelu", cw: "b", pc: 2, k: "fixed", bare: 42, opt: "adam" };

/** A space a grid can enumerate (every parameter discrete). */
export const GRID_SPACE = {
  i: { type: "int", low: 1, high: 3 },
  qu: { type: "quniform", low: 0, high: 1, q: 0.5 },
  c: { type: "categorical", values: ["relu", "gelu"] },
  k: 7,
  opt: { type: "choice", options: [{ value: "sgd", params: { m: { type: "categorical", values: [0, 0.9] } } }, "adam"] },
};

/** A point of GRID_SPACE that enqueue accepts. */
export const GRID_PARAMS = { i: 2, qu: 0.5, c: "gelu", k: 7, opt: "sgd", "opt.sgd.m": 0.9 };

export const SAMPLERS: unknown[] = [
  "random",
  "qmc",
  { type: "qmc", scramble: false, seed: 3 },
  "tpe",
  { type: "tpe", nStartupTrials: 2, multivariate: true, group: true, constantLiar: true },
  { type: "tpe", nStartupTrials: 1, gamma: 0.3, weights: "uniform", bandwidth: "scott", considerEndpoints: true },
];
export const GRID_SAMPLERS: unknown[] = ["grid", { type: "grid", shuffle: true, seed: 2 }, { type: "grid", resolution: 3, values: { i: [1, 2] } }];
export const PRUNERS: unknown[] = [
  "none",
  "median",
  { type: "median", nStartupTrials: 1, nWarmupSteps: 1, intervalSteps: 2 },
  { type: "percentile", percentile: 25, nStartupTrials: 1 },
  "asha",
  { type: "asha", minResource: 1, reductionFactor: 2 },
  "hyperband",
  { type: "hyperband", minResource: 1, maxResource: 9, reductionFactor: 3 },
];

function body(name: string, space: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name, space, objective: { metric: "loss" }, seed: 1, ...extra });
}

function chain(depth: number): unknown {
  let node: unknown = { type: "uniform", low: 0, high: 1 };
  for (let d = 0; d < depth; d++) node = { type: "choice", options: [{ value: `o${d}`, params: { x: node } }, "leaf"] };
  return node;
}

const wide = (n: number, make: (i: number) => unknown) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, make(i)]));

/** [label, request body text] for POST /api/v1/experiments. */
export function attackerSweeps(): Array<[string, string]> {
  const u01 = { x: { type: "uniform", low: 0, high: 1 } };
  const out: Array<[string, string]> = [
    ["hyperband minResource 5e-324 maxResource 1e308", body("hb-extreme", u01, { sampler: "random", pruner: { type: "hyperband", minResource: 5e-324, maxResource: 1e308, reductionFactor: 3 } })],
    ["hyperband maxResource 1e308 reductionFactor 2", body("hb-wide", u01, { sampler: "random", pruner: { type: "hyperband", minResource: 1, maxResource: 1e308, reductionFactor: 2 } })],
    ["hyperband reductionFactor 1e308", body("hb-rf", u01, { sampler: "random", pruner: { type: "hyperband", minResource: 1, maxResource: 100, reductionFactor: 1e308 } })],
    ["asha minResource 5e-324", body("asha-tiny", u01, { sampler: "random", pruner: { type: "asha", minResource: 5e-324, reductionFactor: 2, minEarlyStoppingRate: 1e15 } })],
    ["percentile nStartupTrials 1e300", body("pct-huge", u01, { sampler: "random", pruner: { type: "percentile", percentile: 0, nStartupTrials: 1e300, nWarmupSteps: 2 ** 53, intervalSteps: 1e300, nMinTrials: 1e300 } })],
    ["grid resolution 3,000,000", body("grid-res", u01, { sampler: { type: "grid", resolution: 3_000_000 } })],
    ["grid resolution 3,000,000 over 3 params", body("grid-res3", { a: u01.x, b: u01.x, c: u01.x }, { sampler: { type: "grid", resolution: 3_000_000 } })],
    ["grid over a continuous param without values", body("grid-cont", u01, { sampler: "grid" })],
    ["grid of 3 x 20,000 given values", body("grid-values", { a: u01.x, b: u01.x, c: u01.x }, { sampler: { type: "grid", values: { a: Array.from({ length: 20_000 }, (_, i) => i / 20_000), b: Array.from({ length: 20_000 }, (_, i) => i / 20_000), c: [0.5] } } })],
    ["grid int [0, 1e15] resolution 1e6", body("grid-int", { n: { type: "int", low: 0, high: 1e15 } }, { sampler: { type: "grid", resolution: 1_000_000 } })],
    ["tpe nEiCandidates 5,000,000", body("tpe-ei", u01, { sampler: { type: "tpe", nEiCandidates: 5_000_000, nStartupTrials: 0 } })],
    ["tpe multivariate nEiCandidates 5,000,000", body("tpe-ei-mv", { a: u01.x, b: { type: "int", low: 0, high: 9 } }, { sampler: { type: "tpe", nEiCandidates: 5_000_000, nStartupTrials: 0, multivariate: true, group: true } })],
    ["tpe priorWeight 1e308 gamma 1e-300", body("tpe-prior", u01, { sampler: { type: "tpe", nStartupTrials: 0, priorWeight: 1e308, gamma: 1e-300 } })],
  ];
  for (const sampler of ["random", "tpe", "qmc", "grid"]) {
    const s = sampler === "tpe" ? { type: "tpe", nStartupTrials: 0 } : sampler;
    out.push([`int over [-1e15, 1e15], ${sampler}`, body(`int-huge-${sampler}`, { n: { type: "int", low: -1e15, high: 1e15 } }, { sampler: s })]);
    out.push([`int step 1e14 over [-1e15, 1e15], ${sampler}`, body(`int-step-${sampler}`, { n: { type: "int", low: -1e15, high: 1e15, step: 1e14 } }, { sampler: s })]);
    out.push([`quniform q=1e-300, ${sampler}`, body(`q-tiny-${sampler}`, { q: { type: "quniform", low: 0, high: 1, q: 1e-300 } }, { sampler: s })]);
    out.push([`uniform [-1e308, 1e308], ${sampler}`, body(`u-wide-${sampler}`, { w: { type: "uniform", low: -1e308, high: 1e308 } }, { sampler: sampler === "grid" ? { type: "grid", resolution: 5 } : s })]);
    out.push([`loguniform [5e-324, 1e308], ${sampler}`, body(`lu-wide-${sampler}`, { w: { type: "loguniform", low: 5e-324, high: 1e308 } }, { sampler: sampler === "grid" ? { type: "grid", resolution: 5 } : s })]);
    out.push([`normal sigma 1e308, lognormal mu 1000, ${sampler}`, body(`normal-huge-${sampler}`, { n: { type: "normal", mu: 0, sigma: 1e308 }, ln: { type: "lognormal", mu: 1000, sigma: 1 }, qln: { type: "qlognormal", mu: 0, sigma: 1, q: 5e-324 } }, { sampler: sampler === "grid" ? { type: "grid", resolution: 5 } : s })]);
    out.push([`choice nested 32 deep, ${sampler}`, body(`choice32-${sampler}`, { deep: chain(32) }, { sampler: sampler === "grid" ? { type: "grid", resolution: 3 } : s })]);
    out.push([`choice nested 1,000 deep, ${sampler}`, body(`choice1000-${sampler}`, { deep: chain(1_000) }, { sampler: sampler === "grid" ? { type: "grid", resolution: 3 } : s })]);
    out.push([`150,000 categorical values, ${sampler}`, body(`cat150k-${sampler}`, { c: { type: "categorical", values: Array.from({ length: 150_000 }, (_, i) => i) } }, { sampler: s })]);
    out.push([`categorical weights summing to Infinity, ${sampler}`, body(`weights-inf-${sampler}`, { c: { type: "categorical", values: ["a", "b", "c"], weights: [1e308, 1e308, 5e-324] } }, { sampler: s })]);
  }
  // Names that are Object.prototype members: a lookup in a plain object finds a function instead of undefined.
  const protoSpace = `{"constructor":{"type":"uniform","low":0,"high":1},"toString":{"type":"int","low":0,"high":3},"valueOf":{"type":"categorical","values":["a","b"]},"__proto__":{"type":"uniform","low":0,"high":1},"hasOwnProperty":{"type":"choice","options":[{"value":"__proto__","params":{"constructor":{"type":"int","low":1,"high":2}}},"prototype"]}}`;
  for (const sampler of ['"random"', '{"type":"tpe","nStartupTrials":1,"multivariate":true}', '"grid"', '"qmc"']) {
    out.push([`params named constructor/toString/valueOf/__proto__, sampler ${sampler}`, `{"name":"proto","space":${protoSpace},"objective":{"metric":"__proto__"},"sampler":${sampler},"pruner":"median","seed":1}`]);
  }
  out.push(["grid values keyed __proto__", `{"name":"proto-grid","space":${protoSpace},"objective":{"metric":"loss"},"sampler":{"type":"grid","values":{"__proto__":[0.5],"constructor":[0.1]}}}`]);
  out.push(["lone surrogates in names, keys and values", `{"name":"sur\\ud800rogate","description":"\\udfff","space":{"\\ud800":{"type":"categorical","values":["\\ud800","\\udfff","ok"]},"k\\udc00":{"type":"uniform","low":0,"high":1}},"objective":{"metric":"m\\ud800"},"sampler":"random"}`]);
  out.push(["lone surrogate as the whole name", `{"name":"\\ud800","space":{"x":1},"objective":{"metric":"\\udfff"}}`]);
  out.push(["5,000 levels of nesting in the space", `{"name":"deep","space":{"x":${nested(5_000, '{"a":')}},"objective":{"metric":"loss"}}`]);
  out.push(["5,000 levels of nesting in sampler settings", `{"name":"deep-s","space":{"x":1},"objective":{"metric":"loss"},"sampler":{"type":"tpe","deep":${nested(5_000)}}}`]);
  out.push(["5,000 levels of nesting in pruner settings", `{"name":"deep-p","space":{"x":1},"objective":{"metric":"loss"},"pruner":{"type":"median","deep":${nested(5_000, '{"a":')}}}`]);
  out.push(["YAML nested 5,000 deep", JSON.stringify({ name: "yaml-deep", space: `x: ${"[".repeat(5_000)}1${"]".repeat(5_000)}`, spaceFormat: "yaml", objective: { metric: "loss" } })]);
  const laughs = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 10; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
  out.push(["YAML alias bomb", JSON.stringify({ name: "yaml-bomb", space: laughs.join("\n"), spaceFormat: "yaml", objective: { metric: "loss" } })]);
  out.push(["W&B sweep alias bomb", JSON.stringify({ name: "wandb-bomb", space: `method: grid\nmetric: {name: loss, goal: minimize}\nparameters:\n  x: {values: [1, 2]}\n${laughs.map((l) => `  ${l.replace(/^(\w): /, "z$1: ")}`).join("\n")}`, spaceFormat: "wandb" })]);
  out.push(["W&B grid over 1e15 ints", JSON.stringify({ name: "wandb-int", space: "method: grid\nmetric: {name: loss}\nparameters:\n  n: {min: 0, max: 1000000000000000, distribution: int_uniform}\n", spaceFormat: "wandb" })]);
  out.push(["5,000 parameters, tpe multivariate", body("wide-tpe", wide(5_000, () => ({ type: "uniform", low: 0, high: 1 })), { sampler: { type: "tpe", nStartupTrials: 0, multivariate: true } })]);
  out.push(["5,000 parameters, qmc", body("wide-qmc", wide(5_000, () => ({ type: "uniform", low: 0, high: 1 })), { sampler: "qmc" })]);
  out.push(["2,000 choice options with params", body("options", { c: { type: "choice", options: Array.from({ length: 2_000 }, (_, i) => ({ value: i, params: { [`x${i}`]: { type: "int", low: 0, high: 5 } } })) } }, { sampler: "grid" })]);
  out.push(["maxTrials 1e7, maxParallel 1e5, heartbeat grace a week", body("limits", u01, { maxTrials: 10_000_000, maxParallel: 100_000, heartbeatGraceSec: 604_800, maxRetries: 100 })]);
  out.push(["8 objectives", JSON.stringify({ name: "multi", space: u01, objectives: Array.from({ length: 8 }, (_, i) => ({ metric: `m${i}`, direction: i % 2 ? "maximize" : "minimize" })), sampler: "tpe" })]);
  return out;
}
