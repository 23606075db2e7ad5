// How long one ask keeps the server from answering anyone else, at the heaviest settings the limits allow.
//
// Node answers one request at a time while synchronous work runs: while an ask computes its suggestion, no other
// request is served. So the latency of GET /experiments/{id} requests sent one after another while asks run
// bounds the synchronous work of one ask. Target: under 100 ms at every one of the heaviest configurations
// (lib/optimizer/limits.ts: MAX_EI_CANDIDATES, MAX_TPE_CANDIDATE_PARAMS, MAX_CATEGORIES, MAX_GRID_SIZE,
// MAX_BRACKETS), each over 300 finished trials: tests/support/heaviest-sweeps.ts, the sweeps
// tests/integration/ask-bound.test.ts shows are accepted. Over HTTP against the built app.
//
//   npx tsx bench/server/ask-bound.ts [--asks 8] [--history 300]
//
// Run from the repo root after `npm run build`; alone on the machine, or the figures measure the neighbours.

import { availableParallelism, loadavg } from "node:os";
import { HEAVIEST_HISTORY, HEAVIEST_SWEEPS, historyReport, type HeaviestSweep } from "../../tests/support/heaviest-sweeps";
import { Api, banner, finishLine, fmt, numberOption, quantile, startServer, verdict } from "./common";

const BUDGET_MS = 100;
const WARM_UP_ASKS = 12;
const asks = Math.round(numberOption("asks", 8));
const history = Math.round(numberOption("history", HEAVIEST_HISTORY));

/** Finished trials through the API: enqueue given parameters, ask for them, report steps, tell a value. */
async function seed(api: Api, id: number, s: HeaviestSweep): Promise<void> {
  const next = s.history();
  for (let i = 0; i < history; i++) {
    await api.ok("POST", `/experiments/${id}/enqueue`, { params: next() });
    const { trial } = await api.ok("POST", `/experiments/${id}/trials`);
    const report = historyReport(s, i, history);
    if (report.points.length > 0) await api.ok("POST", `/trials/${trial.id}/metrics`, { points: report.points });
    await api.ok("POST", `/trials/${trial.id}/complete`, { value: report.value });
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
    for (const s of HEAVIEST_SWEEPS) {
      const { experiment } = await api.ok("POST", "/experiments", { name: s.key, objective: { metric: "loss" }, seed: 7, ...s.sweep });
      await seed(api, experiment.id, s);
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
