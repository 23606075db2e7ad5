// Ask latency against history size: how long POST /experiments/{id}/trials takes when a sweep already has
// 1,000 / 20,000 / 100,000 finished trials, for the default sampler (TPE), random and QMC. The trial core
// reads a bounded model history (lib/optimizer/history.ts), so the ask must stay under the target at
// every size. Over HTTP against the built app; history is written straight into the database first.
//
//   npx tsx bench/server/ask-latency.ts [--sizes 1000,20000,100000] [--asks 30]
//
// Run from the repo root after `npm run build`.

import Database from "better-sqlite3";
import { Api, banner, finishLine, floatSweep, fmt, mean, numberOption, option, quantile, startServer, verdict } from "./common";
import { createRng } from "../../lib/optimizer";

const TARGET_MS = 20;
const DIMS = 10;
const sizes = (option("sizes") ?? "1000,20000,100000").split(",").map(Number);
const asks = Math.round(numberOption("asks", 30));

/** Writes `n` complete trials of the sweep in one transaction, as the server would have stored them. */
function seedHistory(file: string, experimentId: number, n: number, seed: number): void {
  const db = new Database(file, { timeout: 10_000 });
  db.pragma("journal_mode = WAL");
  const rng = createRng(seed);
  const insert = db.prepare(
    `INSERT INTO Trial (experimentId, number, params, paramsInternal, state, "values", value, userAttrs, systemAttrs, createdAt, startedAt, completedAt, lastStep, lastValue)
     VALUES (?, ?, ?, ?, 'complete', ?, ?, '{}', '{}', ?, ?, ?, 9, ?)`,
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const params: Record<string, number> = {};
      let loss = 0;
      for (let d = 0; d < DIMS; d++) {
        const x = rng.next();
        params[`x${d}`] = x;
        loss += (x - 0.3) ** 2;
      }
      const p = JSON.stringify(params);
      insert.run(experimentId, i, p, p, JSON.stringify([loss]), loss, now, now, now, loss);
    }
    db.prepare("UPDATE Experiment SET trialCount = ? WHERE id = ?").run(n, experimentId);
  })();
  db.close();
}

async function main(): Promise<void> {
  banner("Sweepboard ask latency against history size", [`sweeps of ${DIMS} uniform floats; ${asks} timed asks (each told complete) per size and sampler after 3 warm-up asks; target: under ${TARGET_MS} ms at every size`]);
  const server = await startServer();
  const api = new Api(server.url, server.token);
  const samplers: Array<[string, Record<string, unknown>]> = [["default (auto)", {}], ["random", { sampler: "random" }], ["qmc", { sampler: "qmc" }]];
  const rows: string[] = [];
  let met = true;
  try {
    for (const size of sizes) {
      for (const [label, extra] of samplers) {
        const { experiment } = await api.ok("POST", "/experiments", floatSweep(`ask-${size}-${label}`, DIMS, extra));
        seedHistory(server.databaseFile, experiment.id, size, size);
        const times: number[] = [];
        for (let i = 0; i < asks + 3; i++) {
          const asked = await api.request("POST", `/experiments/${experiment.id}/trials`, undefined, "POST ask");
          if (asked.status !== 201) throw new Error(`ask answered ${asked.status}: ${JSON.stringify(asked.body)}`);
          if (i >= 3) times.push(asked.ms);
          await api.ok("POST", `/trials/${asked.body.trial.id}/complete`, { value: 1 });
        }
        const p50 = quantile(times, 0.5);
        met &&= p50 < TARGET_MS;
        rows.push(`  ${String(size).padStart(7)} finished  ${label.padEnd(14)} ask mean ${fmt(mean(times)).padStart(7)}  p50 ${fmt(p50).padStart(7)}  p95 ${fmt(quantile(times, 0.95)).padStart(7)}  max ${fmt(Math.max(...times)).padStart(7)} ms`);
        console.log(rows.at(-1));
      }
    }
  } finally {
    api.close();
    await server.stop();
  }
  console.log(`ask p50 under ${TARGET_MS} ms at every size and sampler: ${verdict(met)}`);
  console.log(finishLine());
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
