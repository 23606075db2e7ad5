// Benchmark 2: metric ingest throughput through batched POST /trials/{id}/metrics.
//
//   npx tsx bench/server/ingest.ts [--points 2000000] [--batches 1000,5000] [--clients 8] [--quick] [--cpu-prof]
//
// For each batch size: `clients` concurrent clients, each with its own running trial, send
// `points / clients` points in batches of that size, every (name, step) key distinct (names m0..m3
// in turn, steps counting up). Bodies are serialised before the clock starts so the client, which
// shares the machine's cores with the server, costs as little as possible. Afterwards the counts
// are checked in the SQLite file (read-only better-sqlite3) and through GET /trials/{id}/metrics.

import Database from "better-sqlite3";
import { Api, banner, finishLine, flag, monotonicUs, floatSweep, fmt, int, mean, numberOption, option, quantile, scanServerLog, selfCpuSeconds, startServer, summariseProfiles, treeCpuSeconds, verdict } from "./common";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";

const TARGET = 100_000;
const NAMES = 4;

const quick = flag("quick");
const totalPoints = Math.round(numberOption("points", quick ? 200_000 : 2_000_000));
const clients = Math.round(numberOption("clients", 8));
const batchSizes = (option("batches") ?? "1000,5000").split(",").map(Number);
const cpuProf = flag("cpu-prof");

interface Phase {
  batch: number;
  trialIds: number[];
  sent: number;
  storedAnswers: number;
  seconds: number;
  latencies: number[];
  serverCpu: number;
  clientCpu: number;
  errors: string[];
}

/** Bodies for one client: batches of `batch` points, names m0..m3 in turn, distinct steps per name. */
function buildBodies(points: number, batch: number): string[] {
  const bodies: string[] = [];
  const nextStep = new Array<number>(NAMES).fill(0);
  for (let sent = 0, j = 0; sent < points; j++) {
    const n = Math.min(batch, points - sent);
    const name = `m${j % NAMES}`;
    const parts: string[] = new Array(n);
    for (let i = 0; i < n; i++) parts[i] = `{"name":"${name}","step":${nextStep[j % NAMES]!++},"value":${Math.random()}}`;
    bodies.push(`{"points":[${parts.join(",")}]}`);
    sent += n;
  }
  return bodies;
}

async function main(): Promise<void> {
  const perClient = Math.floor(totalPoints / clients);
  banner("Sweepboard ingest benchmark: batched POST /metrics", [
    `run: ${clients} concurrent clients (one process, async, node:http keep-alive), each with its own running trial; ${int(perClient)} points per client per batch size (${int(perClient * clients)} in all); batch sizes ${batchSizes.join(", ")}; ${NAMES} metric names, distinct (name, step) keys`,
    `server: production build (next start) on a fresh temp SQLite DB (WAL); bodies pre-serialised before timing; client and server share the machine${cpuProf ? "; server under --cpu-prof (slower)" : ""}`,
  ]);
  const profDir = cpuProf ? mkdtempSync(join(os.tmpdir(), "sweepboard-prof-")) : undefined;
  const server = await startServer({ cpuProfDir: profDir });
  const api = new Api(server.url, server.token, clients + 2);
  const phases: Phase[] = [];
  let phase0: number | undefined;
  let phase1 = 0;
  try {
    const exp = (await api.ok("POST", "/experiments", floatSweep("ingest", 2))).experiment;
    // Warm the route once (module load) on a throwaway trial.
    const warm = (await api.ok("POST", `/experiments/${exp.id}/trials`, {})).trial;
    await api.ok("POST", `/trials/${warm.id}/metrics`, { points: [{ name: "w", step: 0, value: 0 }] });
    await api.ok("POST", `/trials/${warm.id}/complete`, { value: 0 });

    // Warm-up (JIT, statement caches): a few batches of each size on a throwaway trial, untimed.
    const warmTrial = (await api.ok("POST", `/experiments/${exp.id}/trials`, {})).trial;
    for (const batch of batchSizes) {
      const bodies = buildBodies(batch * 5, batch).map((b) => b.replaceAll('"name":"m', `"name":"warm${batch}_m`));
      for (const body of bodies) await api.ok("POST", `/trials/${warmTrial.id}/metrics`, body);
    }
    await api.ok("POST", `/trials/${warmTrial.id}/complete`, { value: 0 });
    api.timings.clear();

    for (const batch of batchSizes) {
      const trialIds: number[] = [];
      for (let c = 0; c < clients; c++) trialIds.push((await api.ok("POST", `/experiments/${exp.id}/trials`, {})).trial.id);
      const bodies = trialIds.map(() => buildBodies(perClient, batch));
      const phase: Phase = { batch, trialIds, sent: perClient * clients, storedAnswers: 0, seconds: 0, latencies: [], serverCpu: 0, clientCpu: 0, errors: [] };
      const cpu0 = treeCpuSeconds(server.pid);
      const self0 = selfCpuSeconds();
      if (phase0 === undefined) phase0 = monotonicUs();
      const t0 = performance.now();
      await Promise.all(
        trialIds.map(async (id, c) => {
          for (const body of bodies[c]!) {
            const a = await api.request("POST", `/trials/${id}/metrics`, body, `POST metrics (${batch})`);
            phase.latencies.push(a.ms);
            if (a.status === 200) phase.storedAnswers += a.body.stored as number;
            else phase.errors.push(`${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
          }
        }),
      );
      phase.seconds = (performance.now() - t0) / 1000;
      phase.serverCpu = treeCpuSeconds(server.pid) - cpu0;
      phase.clientCpu = selfCpuSeconds() - self0;
      phase1 = monotonicUs();
      phases.push(phase);
      process.stderr.write(`batch ${batch}: ${int(phase.sent / phase.seconds)} points/s\n`);
    }

    // Verification: the SQLite file, read-only, while the server still runs; then the API.
    const db = new Database(server.databaseFile, { readonly: true, fileMustExist: true });
    const totalInDb = (db.prepare("SELECT COUNT(*) AS n FROM MetricPoint WHERE name LIKE 'm%'").get() as { n: number }).n;
    const perTrial = db.prepare("SELECT COUNT(*) AS n FROM MetricPoint WHERE trialId = ?");
    const checks = phases.map((p) => {
      const inDb = p.trialIds.reduce((s, id) => s + (perTrial.get(id) as { n: number }).n, 0);
      return { inDb, viaApi: 0 };
    });
    db.close();
    for (const [i, p] of phases.entries()) {
      for (const id of p.trialIds) {
        for (let k = 0; k < NAMES; k++) {
          // Pages of at most 10,000 points: follow nextCursor to the end of the series.
          for (let after: number | null = -1; after !== null; ) {
            const a = await api.ok("GET", `/trials/${id}/metrics?name=m${k}&afterStep=${after}`, undefined, "GET metrics?name");
            checks[i]!.viaApi += (a.points as unknown[]).length;
            after = a.nextCursor as number | null;
          }
        }
      }
    }
    const sentAll = phases.reduce((s, p) => s + p.sent, 0);
    const scan = scanServerLog(server.log());

    console.log("");
    let allOk = true;
    for (const [i, p] of phases.entries()) {
      const rate = p.sent / p.seconds;
      const c = checks[i]!;
      const equal = c.inDb === p.sent && c.viaApi === p.sent && p.storedAnswers === p.sent && p.errors.length === 0;
      const ok = rate >= TARGET && equal;
      allOk &&= ok;
      console.log(`batch ${p.batch}: ${int(p.sent)} points in ${fmt(p.seconds)} s = ${int(rate)} points/s (${int(p.sent / p.batch)} requests, latency p50 ${fmt(quantile(p.latencies, 0.5), 1)} / p95 ${fmt(quantile(p.latencies, 0.95), 1)} / max ${fmt(Math.max(...p.latencies), 1)} ms)`);
      console.log(`  server CPU ${fmt(p.serverCpu)} s = ${fmt((1e6 * p.serverCpu) / p.sent)} us per point, ${fmt((1e3 * p.serverCpu) / (p.sent / p.batch))} ms per request (busy ${fmt((100 * p.serverCpu) / p.seconds, 0)}% of one core; CPU-bound ceiling on one free core ~${int(p.sent / p.serverCpu)} points/s); bench client CPU ${fmt(p.clientCpu)} s`);
      console.log(`  stored: ${int(p.storedAnswers)} per the answers, ${int(c.inDb)} in the DB file, ${int(c.viaApi)} via GET /trials/{id}/metrics?name= (sent ${int(p.sent)}) -> counts ${equal ? "equal" : "DIFFER"}`);
      console.log(`  target >= ${int(TARGET)} points/s and equal counts -> ${verdict(ok)}`);
      if (p.errors.length > 0) console.log(`  ${p.errors.length} failed requests, first: ${p.errors[0]}`);
    }
    console.log(`all batch-size phases: sent ${int(sentAll)}, SELECT COUNT(*) FROM MetricPoint (bench metrics) = ${int(totalInDb)} -> ${totalInDb === sentAll ? "equal" : "DIFFER"}`);
    console.log(`mean request latency: ${phases.map((p) => `${p.batch}: ${fmt(mean(p.latencies))} ms`).join(", ")}`);
    console.log(`HTTP ${api.statusLine()}; 5xx: ${api.count5xx()}; server log: ${scan.unexpected} unexpected errors, ${scan.busy} busy/locked`);
    console.log(`target: >= ${int(TARGET)} points/s for every batch size and stored == sent -> ${verdict(allOk && totalInDb === sentAll)}`);
    const profiles = await server.stop();
    if (profDir) {
      for (const l of summariseProfiles(profiles, { fromUs: phase0 ?? 0, toUs: phase1 })) console.log(l);
      console.log(`(profile kept in ${profDir}: open it in Chrome DevTools > Performance, or speedscope)`);
    }
    console.log(finishLine());
  } catch (error) {
    console.error(`server log (last 4000 characters):\n${server.log().slice(-4000)}`);
    throw error;
  } finally {
    api.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
