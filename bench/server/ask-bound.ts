// How long one ask keeps the server from answering anyone else, at the heaviest settings the limits allow.
//
// Node answers one request at a time while synchronous work runs: while an ask computes its suggestion, no other
// request is served. So the latency of GET /experiments/{id} requests sent one after another while asks run
// bounds the synchronous work of one ask. Target: under 100 ms at every one of the heaviest configurations
// (lib/optimizer/limits.ts: MAX_EI_CANDIDATES, MAX_TPE_CANDIDATE_PARAMS, MAX_CATEGORIES, MAX_GRID_SIZE,
// MAX_BRACKETS), each over 300 finished trials. Over HTTP against the built app.
//
//   npx tsx bench/server/ask-bound.ts [--asks 8] [--history 300]
//
// Run from the repo root after `npm run build`; alone on the machine, or the figures measure the neighbours.

import { availableParallelism, loadavg } from "node:os";
import { MAX_BRACKETS, MAX_CATEGORIES, MAX_EI_CANDIDATES, MAX_GRID_SIZE, MAX_TPE_CANDIDATE_PARAMS } from "../../lib/optimizer";
import { Api, banner, finishLine, fmt, numberOption, quantile, startServer, verdict } from "./common";

const BUDGET_MS = 100;
const WARM_UP_ASKS = 12;
const asks = Math.round(numberOption("asks", 8));
const history = Math.round(numberOption("history", 300));

/** A deterministic stream of uniform numbers, so the seeded history is the same on every run. */
function stream(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Scenario {
  label: string;
  sweep: Record<string, unknown>;
  paramsOf: (r: () => number) => Record<string, unknown>;
  steps?: number[];
}

const values = Array.from({ length: MAX_CATEGORIES }, (_, i) => `c${i}`);
const numeric: Record<string, object> = {
  u: { type: "uniform", low: -5, high: 5 },
  n: { type: "int", low: 0, high: 1_000 },
  lg: { type: "loguniform", low: 1e-6, high: 1 },
  q: { type: "quniform", low: 0, high: 10, q: 0.5 },
  z: { type: "normal", mu: 0, sigma: 2 },
};
const draw = (r: () => number): Record<string, unknown> => ({
  cat: values[Math.floor(r() * values.length)],
  u: -5 + 10 * r(),
  n: Math.floor(r() * 1_001),
  lg: 10 ** (-6 * r()),
  q: Math.floor(r() * 21) * 0.5,
  z: -4 + 8 * r(),
});
const pick = (o: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

function scenarios(): Scenario[] {
  const out: Scenario[] = [];
  // TPE's work per ask is candidates x parameters x history: both shapes at the bound on their product.
  for (const [candidates, names] of [
    [MAX_EI_CANDIDATES, ["u", "n", "lg"]],
    [Math.floor(MAX_TPE_CANDIDATE_PARAMS / 6), ["u", "n", "lg", "q", "z"]],
  ] as const) {
    const keys = ["cat", ...names];
    out.push({
      label: `tpe ${candidates} candidates x ${keys.length} params (a ${MAX_CATEGORIES}-value categorical)`,
      sweep: { space: pick({ cat: { type: "categorical", values }, ...numeric }, keys), sampler: { type: "tpe", nEiCandidates: candidates } },
      paramsOf: (r) => pick(draw(r), keys),
    });
  }
  out.push({
    label: `grid of ${MAX_GRID_SIZE.toLocaleString("en-US")}, shuffled`,
    sweep: { space: { a: { type: "int", low: 1, high: 10_000 }, b: { type: "int", low: 1, high: 1_000 } }, sampler: { type: "grid", shuffle: true, seed: 3 } },
    paramsOf: (r) => ({ a: 1 + Math.floor(r() * 10_000), b: 1 + Math.floor(r() * 1_000) }),
  });
  out.push({
    label: `hyperband ${MAX_BRACKETS} brackets over tpe ${MAX_EI_CANDIDATES} candidates`,
    sweep: {
      space: { x: { type: "uniform", low: 0, high: 1 }, y: { type: "loguniform", low: 1e-4, high: 1 }, k: { type: "int", low: 1, high: 64 }, w: { type: "int", low: 0, high: 1_000 } },
      sampler: { type: "tpe", nEiCandidates: MAX_EI_CANDIDATES },
      pruner: { type: "hyperband", minResource: 1, maxResource: 3 ** 20 - 1, reductionFactor: 3 },
    },
    paramsOf: (r) => ({ x: r(), y: 10 ** (-4 * r()), k: 1 + Math.floor(r() * 64), w: Math.floor(r() * 1_001) }),
    steps: [1, 3, 9, 27, 81],
  });
  return out;
}

/** Finished trials through the API: enqueue given parameters, ask for them, report steps, tell a value. */
async function seed(api: Api, id: number, s: Scenario, seedNumber: number): Promise<void> {
  const r = stream(seedNumber);
  for (let i = 0; i < history; i++) {
    await api.ok("POST", `/experiments/${id}/enqueue`, { params: s.paramsOf(r) });
    const { trial } = await api.ok("POST", `/experiments/${id}/trials`);
    if (s.steps) await api.ok("POST", `/trials/${trial.id}/metrics`, { points: s.steps.map((step) => ({ name: "loss", step, value: 1 / (step + 1) + i / history })) });
    await api.ok("POST", `/trials/${trial.id}/complete`, { value: Math.sin(i) });
  }
}

async function measure(api: Api, id: number): Promise<{ gets: number[]; asks: number[] }> {
  for (let a = 0; a < WARM_UP_ASKS; a++) {
    const { trial } = await api.ok("POST", `/experiments/${id}/trials`);
    await api.ok("POST", `/trials/${trial.id}/complete`, { value: -a });
  }
  const gets: number[] = [];
  const askTimes: number[] = [];
  for (let a = 0; a < asks; a++) {
    let done = false;
    const ask = api.request("POST", `/experiments/${id}/trials`).then((res) => {
      done = true;
      return res;
    });
    let n = 0;
    while (!done || n === 0) {
      const got = await api.request("GET", `/experiments/${id}`);
      if (got.status !== 200) throw new Error(`GET answered ${got.status}: ${JSON.stringify(got.body)}`);
      gets.push(got.ms);
      n++;
    }
    const res = await ask;
    if (res.status !== 201) throw new Error(`ask answered ${res.status}: ${JSON.stringify(res.body)}`);
    askTimes.push(res.ms);
    await api.ok("POST", `/trials/${res.body.trial.id}/complete`, { value: a });
  }
  return { gets, asks: askTimes };
}

async function main(): Promise<void> {
  banner("Sweepboard: how long one ask blocks the server at the heaviest allowed settings", [
    `${history} finished trials per sweep, ${WARM_UP_ASKS} warm-up asks, then ${asks} measured asks, each with GETs of the sweep sent one after another while it runs`,
    `target: the slowest GET under ${BUDGET_MS} ms in every configuration`,
  ]);
  const server = await startServer();
  const api = new Api(server.url, server.token, 4);
  let met = true;
  try {
    for (const [i, s] of scenarios().entries()) {
      const { experiment } = await api.ok("POST", "/experiments", { name: `bound ${i}`, objective: { metric: "loss" }, seed: 7, ...s.sweep });
      await seed(api, experiment.id, s, i + 1);
      const load = loadavg()[0]! / availableParallelism();
      const r = await measure(api, experiment.id);
      const slowest = Math.max(...r.gets);
      met &&= slowest < BUDGET_MS;
      console.log(
        `  ${s.label.padEnd(66)} slowest GET ${fmt(slowest, 1).padStart(6)} ms (${fmt(slowest / BUDGET_MS)}x the budget), GET p50 ${fmt(quantile(r.gets, 0.5), 1)} ms over ${r.gets.length}; ask p50 ${fmt(quantile(r.asks, 0.5), 1)} ms, max ${fmt(Math.max(...r.asks), 1)} ms; load ${fmt(load, 1)} per core`,
      );
    }
  } finally {
    api.close();
    await server.stop();
  }
  console.log(`slowest GET under ${BUDGET_MS} ms in every configuration: ${verdict(met)}`);
  console.log(finishLine());
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
