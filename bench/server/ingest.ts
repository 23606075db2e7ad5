// Benchmark 2: metric ingest throughput through batched POST /trials/{id}/metrics.
//
//   npx tsx bench/server/ingest.ts [--points 2000000] [--batches 1000,5000] [--clients 8] [--quick] [--cpu-prof] [--pg [--instances 2]] [--in-process]
//
// --pg: the server runs on PostgreSQL instead of a SQLite file: DATABASE_URL when it is a postgresql:// URL
// (a new database "sweepboard_bench_<pid>" is created on that server and dropped after), else a throwaway
// cluster started here (tests/support/pg-cluster.ts, durable: fsync on). --in-process: no HTTP server and no
// build needed: the clients call the report use case (lib/server/report-metrics.ts, what POST /metrics runs
// after parsing and validating the body) in this process, so the figure is the data layer's and the use
// case's, without Next's request handling and JSON parsing. --instances N (with --pg): N servers on the one
// database, as a team runs them behind a load balancer; client c sends to server c mod N.
//
// For each batch size: `clients` concurrent clients, each with its own running trial, send
// `points / clients` points in batches of that size, every (name, step) key distinct (names m0..m3
// in turn, steps counting up). Bodies are serialised before the clock starts so the client, which
// shares the machine's cores with the server, costs as little as possible. Afterwards the counts
// are checked in the SQLite file (read-only better-sqlite3) and through GET /trials/{id}/metrics.

import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import pg from "pg";
import { Api, banner, benchPostgres, finishLine, flag, monotonicUs, floatSweep, fmt, int, mean, numberOption, option, quantile, scanServerLog, selfCpuSeconds, startServer, summariseProfiles, treeCpuSeconds, verdict } from "./common";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";

const TARGET = 100_000;
const NAMES = 4;

const quick = flag("quick");
const totalPoints = Math.round(numberOption("points", quick ? 200_000 : 2_000_000));
const clients = Math.round(numberOption("clients", 8));
const batchSizes = (option("batches") ?? "1000,5000").split(",").map(Number);
const cpuProf = flag("cpu-prof");
const onPg = flag("pg");
const inProcess = flag("in-process");
const instances = Math.round(numberOption("instances", 1));
if (instances > 1 && (!onPg || inProcess)) throw new Error("--instances above 1 needs --pg (one server serves one SQLite file) and HTTP (not --in-process)");

/** The PostgreSQL database of a --pg run: on DATABASE_URL's server, or on a cluster started for the run (common.ts). */
async function benchDatabase(): Promise<{ url: string; label: string; drop(): Promise<void> }> {
  const server = await benchPostgres();
  const url = await server.createDatabase(`sweepboard_bench_${process.pid}`);
  return { url, label: server.label, drop: () => server.stop() };
}

/** Points stored per trial and in all (bench names m0..m3), read straight from the database. */
async function countStored(target: { file?: string; url?: string }, trialIds: number[][]): Promise<{ total: number; perPhase: number[] }> {
  const all = trialIds.flat();
  if (target.url) {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const total = Number((await client.query(`SELECT COUNT(*) AS n FROM "MetricPoint" WHERE name LIKE 'm%'`)).rows[0].n);
      const rows = (await client.query(`SELECT "trialId" AS id, COUNT(*) AS n FROM "MetricPoint" WHERE "trialId" = ANY($1) GROUP BY "trialId"`, [all])).rows as Array<{ id: number; n: string }>;
      const byTrial = new Map(rows.map((r) => [r.id, Number(r.n)]));
      return { total, perPhase: trialIds.map((ids) => ids.reduce((s, id) => s + (byTrial.get(id) ?? 0), 0)) };
    } finally {
      await client.end();
    }
  }
  const db = new Database(target.file!, { readonly: true, fileMustExist: true });
  try {
    const total = (db.prepare("SELECT COUNT(*) AS n FROM MetricPoint WHERE name LIKE 'm%'").get() as { n: number }).n;
    const perTrial = db.prepare("SELECT COUNT(*) AS n FROM MetricPoint WHERE trialId = ?");
    return { total, perPhase: trialIds.map((ids) => ids.reduce((s, id) => s + (perTrial.get(id) as { n: number }).n, 0)) };
  } finally {
    db.close();
  }
}

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
  if (inProcess) return mainInProcess();
  const pgDb = onPg ? await benchDatabase() : undefined;
  try {
    await mainHttp(pgDb);
  } finally {
    await pgDb?.drop();
  }
}

async function mainHttp(pgDb: { url: string; label: string } | undefined): Promise<void> {
  const perClient = Math.floor(totalPoints / clients);
  banner("Sweepboard ingest benchmark: batched POST /metrics", [
    `run: ${clients} concurrent clients (one process, async, node:http keep-alive), each with its own running trial; ${int(perClient)} points per client per batch size (${int(perClient * clients)} in all); batch sizes ${batchSizes.join(", ")}; ${NAMES} metric names, distinct (name, step) keys`,
    `server: ${instances > 1 ? `${instances} instances of the production build (server/main.ts), client c sending to instance c mod ${instances},` : "production build (server/main.ts)"} on ${pgDb ? `a fresh database on ${pgDb.label}` : "a fresh temp SQLite DB (WAL)"}; bodies pre-serialised before timing; client and server share the machine${cpuProf ? "; server under --cpu-prof (slower)" : ""}`,
  ]);
  const profDir = cpuProf ? mkdtempSync(join(os.tmpdir(), "sweepboard-prof-")) : undefined;
  const servers = await Promise.all(Array.from({ length: instances }, () => startServer({ cpuProfDir: profDir, env: pgDb ? { DATABASE_URL: pgDb.url } : {} })));
  const server = servers[0]!;
  const apis = servers.map((s) => new Api(s.url, s.token, Math.ceil(clients / instances) + 2));
  const api = apis[0]!;
  const serversCpu = () => servers.reduce((sum, s) => sum + treeCpuSeconds(s.pid), 0);
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
    // Every instance warms up.
    for (const [i, instanceApi] of apis.entries()) {
      const warmTrial = (await instanceApi.ok("POST", `/experiments/${exp.id}/trials`, {})).trial;
      for (const batch of batchSizes) {
        const bodies = buildBodies(batch * 5, batch).map((b) => b.replaceAll('"name":"m', `"name":"warm${i}_${batch}_m`));
        for (const body of bodies) await instanceApi.ok("POST", `/trials/${warmTrial.id}/metrics`, body);
      }
      await instanceApi.ok("POST", `/trials/${warmTrial.id}/complete`, { value: 0 });
      instanceApi.timings.clear();
    }

    for (const batch of batchSizes) {
      const trialIds: number[] = [];
      for (let c = 0; c < clients; c++) trialIds.push((await api.ok("POST", `/experiments/${exp.id}/trials`, {})).trial.id);
      const bodies = trialIds.map(() => buildBodies(perClient, batch));
      const phase: Phase = { batch, trialIds, sent: perClient * clients, storedAnswers: 0, seconds: 0, latencies: [], serverCpu: 0, clientCpu: 0, errors: [] };
      const cpu0 = serversCpu();
      const self0 = selfCpuSeconds();
      if (phase0 === undefined) phase0 = monotonicUs();
      const t0 = performance.now();
      await Promise.all(
        trialIds.map(async (id, c) => {
          for (const body of bodies[c]!) {
            const a = await apis[c % instances]!.request("POST", `/trials/${id}/metrics`, body, `POST metrics (${batch})`);
            phase.latencies.push(a.ms);
            if (a.status === 200) phase.storedAnswers += a.body.stored as number;
            else phase.errors.push(`${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
          }
        }),
      );
      phase.seconds = (performance.now() - t0) / 1000;
      phase.serverCpu = serversCpu() - cpu0;
      phase.clientCpu = selfCpuSeconds() - self0;
      phase1 = monotonicUs();
      phases.push(phase);
      process.stderr.write(`batch ${batch}: ${int(phase.sent / phase.seconds)} points/s\n`);
    }

    // Verification: the database (the SQLite file read-only, or PostgreSQL) while the server still runs; then the API.
    const stored = await countStored(pgDb ? { url: pgDb.url } : { file: server.databaseFile }, phases.map((p) => p.trialIds));
    const totalInDb = stored.total;
    const checks = phases.map((_, i) => ({ inDb: stored.perPhase[i]!, viaApi: 0 }));
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
    const scan = scanServerLog(servers.map((s) => s.log()).join("\n"));

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
    console.log(`HTTP ${apis.map((x, i) => `${instances > 1 ? `instance ${i + 1}: ` : ""}${x.statusLine()}`).join("; ")}; 5xx: ${apis.reduce((n, x) => n + x.count5xx(), 0)}; server log: ${scan.unexpected} unexpected errors, ${scan.busy} busy/locked`);
    console.log(`target: >= ${int(TARGET)} points/s for every batch size and stored == sent -> ${verdict(allOk && totalInDb === sentAll)}`);
    const profiles = (await Promise.all(servers.map((s) => s.stop()))).flat();
    if (profDir) {
      for (const l of summariseProfiles(profiles, { fromUs: phase0 ?? 0, toUs: phase1 })) console.log(l);
      console.log(`(profile kept in ${profDir}: open it in Chrome DevTools > Performance, or speedscope)`);
    }
    console.log(finishLine());
  } catch (error) {
    console.error(`server log (last 4000 characters):\n${server.log().slice(-4000)}`);
    throw error;
  } finally {
    for (const x of apis) x.close();
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/**
 * --in-process: the clients call the report use case directly, each on its own running trial, in this process
 * (lib/db imports "server-only": re-run under the react-server condition, as bin/sweepboard.mjs does).
 */
async function mainInProcess(): Promise<void> {
  if (!process.execArgv.some((a) => a.includes("react-server"))) {
    const r = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", ...process.argv.slice(1)], { stdio: "inherit" });
    process.exitCode = r.status ?? 1;
    return;
  }
  const perClient = Math.floor(totalPoints / clients);
  const pgDb = onPg ? await benchDatabase() : undefined;
  const dir = mkdtempSync(join(os.tmpdir(), "sweepboard-bench-"));
  const file = join(dir, "bench.db");
  process.env.DATABASE_URL = pgDb ? pgDb.url : `file:${file}`;
  banner("Sweepboard ingest benchmark, in process: the report use case without HTTP", [
    `run: ${clients} concurrent callers of reportMetrics (async, one process), each with its own running trial; ${int(perClient)} points per caller per batch size; batch sizes ${batchSizes.join(", ")}; ${NAMES} metric names, distinct (name, step) keys`,
    `database: ${pgDb ? `a fresh database on ${pgDb.label}, pg Pool of ${process.env.SWEEPBOARD_PG_POOL ?? 10}` : "a fresh temp SQLite DB (WAL)"}; batches pre-built before timing`,
  ]);
  spawnSync(process.execPath, ["scripts/with-db-env.mjs", "prisma", "migrate", "deploy"], { env: process.env, stdio: "pipe" });
  const { createExperiment } = await import("@/lib/server/create-experiment");
  const { createExperimentBody } = await import("@/lib/schemas/experiment");
  const { askTrial } = await import("@/lib/server/ask-trial");
  const { reportMetrics } = await import("@/lib/server/report-metrics");
  const { closeDb } = await import("@/lib/db/client");
  let allOk = true;
  try {
    const { experiment: exp } = await createExperiment({ body: createExperimentBody.parse(floatSweep("ingest", 2)) });
    const toPoints = (body: string) => (JSON.parse(body) as { points: Array<{ name: string; step: number; value: number }> }).points;
    const warm = await askTrial({ experimentId: exp.id });
    for (const batch of batchSizes) for (const body of buildBodies(batch * 5, batch)) await reportMetrics({ trialId: warm.id, body: { points: toPoints(body.replaceAll('"name":"m', '"name":"warm_m')) } });
    const phases: Array<{ batch: number; trialIds: number[]; sent: number; seconds: number; cpu: number; latencies: number[]; stored: number }> = [];
    for (const batch of batchSizes) {
      const trialIds: number[] = [];
      for (let c = 0; c < clients; c++) trialIds.push((await askTrial({ experimentId: exp.id })).id);
      const batches = trialIds.map(() => buildBodies(perClient, batch).map(toPoints));
      const phase = { batch, trialIds, sent: perClient * clients, seconds: 0, cpu: 0, latencies: [] as number[], stored: 0 };
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await Promise.all(
        trialIds.map(async (trialId, c) => {
          for (const points of batches[c]!) {
            const s = performance.now();
            const answer = await reportMetrics({ trialId, body: { points } });
            phase.stored += answer.stored;
            phase.latencies.push(performance.now() - s);
          }
        }),
      );
      phase.seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      phase.cpu = (cpu.user + cpu.system) / 1e6;
      phases.push(phase);
    }
    const counted = await countStored(pgDb ? { url: pgDb.url } : { file }, phases.map((p) => p.trialIds));
    console.log("");
    for (const [i, p] of phases.entries()) {
      const rate = p.sent / p.seconds;
      const equal = counted.perPhase[i] === p.sent && p.stored === p.sent;
      const ok = rate >= TARGET && equal;
      allOk &&= ok;
      console.log(`batch ${p.batch}: ${int(p.sent)} points in ${fmt(p.seconds)} s = ${int(rate)} points/s (${int(p.sent / p.batch)} reports, latency p50 ${fmt(quantile(p.latencies, 0.5), 1)} / p95 ${fmt(quantile(p.latencies, 0.95), 1)} ms)`);
      console.log(`  this process's CPU ${fmt(p.cpu)} s = ${fmt((1e6 * p.cpu) / p.sent)} us per point (the database server's CPU not included)`);
      console.log(`  stored: ${int(p.stored)} per the answers, ${int(counted.perPhase[i]!)} in the database (sent ${int(p.sent)}) -> counts ${equal ? "equal" : "DIFFER"}`);
      console.log(`  target >= ${int(TARGET)} points/s and equal counts -> ${verdict(ok)}`);
    }
    console.log(`target: >= ${int(TARGET)} points/s for every batch size and stored == sent -> ${verdict(allOk)}`);
    console.log(finishLine());
  } finally {
    await closeDb();
    await pgDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
