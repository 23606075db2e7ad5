// Shared pieces of the server benchmarks (bench/server/*.ts): a private `next start` with a fresh
// database, a lean keep-alive HTTP client that times every call by endpoint, machine info, process
// CPU from /proc, and a summary of a V8 CPU profile (--cpu-prof) so a slow endpoint can be pinned down.
//
// The server start mirrors tests/e2e/support/server.ts (startApp) but also keeps the server's log
// (scanned for "unexpected error" and SQLITE_BUSY) and can run next under --cpu-prof.

import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from "node:fs";
import http from "node:http";
import { freePort } from "../../tests/e2e/support/server";
import { adminQuery, startPgCluster, type PgCluster } from "../../tests/support/pg-cluster";
import os from "node:os";
import { SourceMap } from "node:module";
import { join } from "node:path";

// ---------------------------------------------------------------------------------------------
// Arguments

export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

export function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

export function numberOption(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Machine and run conditions

export function machineInfo(): string[] {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(" ");
  return [
    `machine: ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} logical cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    `node ${process.version}; load average before the run: ${load}`,
  ];
}

/** The closing line: when, and the load while the run went on (other work on the machine skews timings). */
export function finishLine(): string {
  return `finished ${new Date().toISOString()}; load average now: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`;
}

/** fsync latency in the temp directory (where the benches' databases live): SQLite commits wait on it. */
export function fsyncLatency(samples = 30): string {
  const dir = mkdtempSync(join(os.tmpdir(), "sweepboard-fsync-"));
  const fd = openSync(join(dir, "probe"), "w");
  const buf = Buffer.alloc(4096, 1);
  const xs: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      writeSync(fd, buf, 0, buf.length, i * 4096);
      const t0 = performance.now();
      fsyncSync(fd);
      xs.push(performance.now() - t0);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return `fsync of a 4 KiB write in ${os.tmpdir()}: mean ${fmt(mean(xs))} ms, p50 ${fmt(quantile(xs, 0.5))} ms, max ${fmt(Math.max(...xs))} ms (${samples} samples)`;
}

export function banner(title: string, lines: string[]): void {
  console.log(`=== ${title} ===`);
  for (const l of [...machineInfo(), fsyncLatency(), ...lines]) console.log(l);
  console.log(`started ${new Date().toISOString()}`);
}

// ---------------------------------------------------------------------------------------------
// Statistics

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export function fmt(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

export function int(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function verdict(ok: boolean): string {
  return ok ? "met" : "NOT met";
}

// ---------------------------------------------------------------------------------------------
// The server

export interface BenchServer {
  url: string;
  token: string;
  databaseFile: string;
  /** The `next start` process. */
  pid: number;
  /** Everything next printed so far (stdout and stderr). */
  log(): string;
  /** Stops the server; with --cpu-prof, returns the profile files written. */
  stop(): Promise<string[]>;
}

export interface StartOptions {
  /** Directory for V8 CPU profiles of the server process (NODE_OPTIONS=--cpu-prof). */
  cpuProfDir?: string;
  env?: Record<string, string>;
}

/** The production server bundle `npm run build` writes (server/main.ts). */
const SERVER_BUNDLE = ".next/sweepboard-server.mjs";

/** Starts the built app (the production server, run from the current directory) on a free port with its own migrated temp database. */
export async function startServer(opts: StartOptions = {}): Promise<BenchServer> {
  if (!existsSync(".next/BUILD_ID") || !existsSync(SERVER_BUNDLE)) throw new Error(`no production build in ${process.cwd()}/.next: run "npm run build" first`);
  const dir = mkdtempSync(join(os.tmpdir(), "sweepboard-bench-"));
  const databaseFile = join(dir, "bench.db");
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${databaseFile}`, NEXT_TELEMETRY_DISABLED: "1", ...opts.env };
  execFileSync(process.execPath, ["scripts/with-db-env.mjs", "prisma", "migrate", "deploy"], { env, stdio: "pipe" });
  const token = execFileSync(process.execPath, ["bin/sweepboard.mjs", "token", "create", "--name", "bench"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  const port = await freePort();
  // The production server as `npm start` runs it (server/main.ts, bundled by `npm run build`).
  const serverEnv = { ...env, PORT: String(port), HOST: "127.0.0.1" };
  let child: ChildProcess;
  if (opts.cpuProfDir) {
    // --cpu-prof is not allowed in NODE_OPTIONS: give node the flags (the server serves in this process).
    mkdirSync(opts.cpuProfDir, { recursive: true });
    child = spawn(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${opts.cpuProfDir}`, SERVER_BUNDLE], { env: serverEnv, stdio: ["ignore", "pipe", "pipe"] });
  } else {
    child = spawn(process.execPath, [SERVER_BUNDLE], { env: serverEnv, stdio: ["ignore", "pipe", "pipe"] });
  }
  let log = "";
  child.stdout?.on("data", (d) => (log += d));
  child.stderr?.on("data", (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  let stopping: Promise<string[]> | undefined;
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited early:\n${log}`);
      try {
        const res = await fetch(`${url}/api/v1/openapi.json`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the server did not answer within 60 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (error) {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    token,
    databaseFile,
    pid: child.pid!,
    log: () => log,
    stop() {
      stopping ??= stopOnce();
      return stopping;
    },
  };
  async function stopOnce(): Promise<string[]> {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      // SIGINT: next exits through process.exit, which lets V8 write the --cpu-prof profile.
      child.kill(opts.cpuProfDir ? "SIGINT" : "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
    if (!opts.cpuProfDir) return [];
    return readdirSync(opts.cpuProfDir).filter((f) => f.endsWith(".cpuprofile")).map((f) => join(opts.cpuProfDir!, f));
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL for --pg runs

export interface BenchPostgres {
  /** Where the databases live, for the banner. */
  label: string;
  /** A new empty database `name` (dropped by stop), as a postgresql:// URL. */
  createDatabase(name: string): Promise<string>;
  /** Drops the databases made here; stops the cluster when this bench started it. */
  stop(): Promise<void>;
}

/**
 * PostgreSQL for a bench: the server DATABASE_URL names when it is a postgresql:// URL (databases are created on it
 * and dropped after), else a throwaway cluster started here (tests/support/pg-cluster.ts, durable: fsync on).
 */
export async function benchPostgres(): Promise<BenchPostgres> {
  const given = process.env.DATABASE_URL;
  let cluster: PgCluster | undefined;
  let admin: URL;
  if (given && /^postgres(ql)?:\/\//.test(given)) admin = new URL(given);
  else {
    cluster = await startPgCluster({ durable: true });
    admin = new URL(cluster.url("postgres"));
  }
  const made: string[] = [];
  return {
    label: cluster ? `PostgreSQL (throwaway cluster on port ${cluster.port}, fsync on)` : `PostgreSQL on ${admin.host}`,
    async createDatabase(name) {
      await adminQuery(admin.toString(), `CREATE DATABASE "${name}"`);
      made.push(name);
      const url = new URL(admin);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      for (const name of made) await adminQuery(admin.toString(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      cluster?.stop();
    },
  };
}

/** Lines of the server log worth a look: unexpected errors (5xx), SQLite busy/locked (and Prisma's codes for them, P1008/P2034). */
export function scanServerLog(log: string): { unexpected: number; busy: number; other: string[] } {
  const lines = log.split("\n");
  const unexpected = lines.filter((l) => l.includes("unexpected error")).length;
  const busy = lines.filter((l) => /database is locked|SQLITE_BUSY|P1008|P2034/i.test(l)).length;
  const other = lines.filter((l) => /error|warn|exception/i.test(l) && !l.includes("unexpected error")).slice(0, 10);
  return { unexpected, busy, other };
}

// ---------------------------------------------------------------------------------------------
// CPU time of a process tree from /proc (Linux), to see how the machine's time is split.

function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

/** User+system CPU seconds of one process (next start serves in the process it starts as). */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** User+system CPU seconds of pid and its descendants (live ones). */
export function treeCpuSeconds(pid: number): number {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.pop()!;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      continue;
    }
    queue.push(...children(p));
  }
  return total;
}

export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

// ---------------------------------------------------------------------------------------------
// HTTP: one keep-alive agent, raw bodies, timing by endpoint

export interface Answer {
  status: number;
  body: any;
  ms: number;
}

export class Api {
  readonly agent: http.Agent;
  private readonly base: URL;
  readonly statuses = new Map<number, number>();
  readonly timings = new Map<string, number[]>();
  errors5xx: string[] = [];

  constructor(
    url: string,
    private readonly token: string,
    maxSockets = 64,
  ) {
    this.base = new URL(url);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /** `endpoint` is the label timings are kept under (e.g. "POST metrics"). */
  request(method: string, path: string, body?: string | Buffer | object, endpoint = `${method} ${path}`): Promise<Answer> {
    const payload = body === undefined ? undefined : typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const headers: Record<string, string | number> = { authorization: `Bearer ${this.token}` };
    if (payload !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(payload);
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: this.base.hostname, port: this.base.port, method, path: `/api/v1${path}`, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const ms = performance.now() - started;
            const status = res.statusCode ?? 0;
            const text = Buffer.concat(chunks).toString("utf8");
            this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
            let list = this.timings.get(endpoint);
            if (!list) this.timings.set(endpoint, (list = []));
            list.push(ms);
            if (status >= 500) this.errors5xx.push(`${method} ${path} -> ${status}: ${text.slice(0, 200)}`);
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              // leave as text
            }
            resolve({ status, body: parsed, ms });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      // Headers and body in one write, as HTTP clients that know the body's length send them.
      req.end(payload);
    });
  }

  /** Like request, but throws unless the status is expected (2xx by default). */
  async ok(method: string, path: string, body?: string | Buffer | object, endpoint?: string, expect: (s: number) => boolean = (s) => s >= 200 && s < 300): Promise<any> {
    const a = await this.request(method, path, body, endpoint);
    if (!expect(a.status)) throw new Error(`${method} ${path} answered ${a.status}: ${JSON.stringify(a.body).slice(0, 500)}`);
    return a.body;
  }

  count5xx(): number {
    let n = 0;
    for (const [s, c] of this.statuses) if (s >= 500) n += c;
    return n;
  }

  statusLine(): string {
    return [...this.statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, c]) => `${s}: ${int(c)}`).join(", ");
  }

  /** ms per endpoint: mean, p50, p95, max, count. */
  timingTable(): string[] {
    const rows = [...this.timings.entries()].sort((a, b) => a[0].localeCompare(b[0]));
    return rows.map(([name, xs]) => `  ${name.padEnd(22)} n=${String(xs.length).padStart(6)}  mean ${fmt(mean(xs)).padStart(7)}  p50 ${fmt(quantile(xs, 0.5)).padStart(7)}  p95 ${fmt(quantile(xs, 0.95)).padStart(7)}  max ${fmt(Math.max(...xs)).padStart(8)} ms`);
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A sweep of `dims` floats x0..x{dims-1}, uniform on [0, 1], minimising `metric`. */
export function floatSweep(name: string, dims: number, extra: Record<string, unknown> = {}): object {
  const space: Record<string, unknown> = {};
  for (let i = 0; i < dims; i++) space[`x${i}`] = { type: "uniform", low: 0, high: 1 };
  return { name, space, objective: { metric: "loss", direction: "minimize" }, seed: 0, ...extra };
}

// ---------------------------------------------------------------------------------------------
// V8 CPU profile summary, mapped back to the sources through the build's source maps

/** CLOCK_MONOTONIC in microseconds: the clock V8 stamps its CPU profiles with, to cut out a window. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

interface Frame {
  /** Source file (lib/db/trials.ts), package (next, kysely) or "node internals" / "native". */
  group: string;
  /** function + original location. */
  fn: string;
}

const maps = new Map<string, SourceMap | null>();

function sourceMapFor(path: string): SourceMap | null {
  if (!maps.has(path)) {
    let map: SourceMap | null = null;
    try {
      if (existsSync(`${path}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, "utf8")));
    } catch {
      map = null;
    }
    maps.set(path, map);
  }
  return maps.get(path)!;
}

function groupOf(encoded: string): string {
  let source = encoded;
  try {
    source = decodeURIComponent(encoded);
  } catch {
    // keep as is
  }
  const nm = source.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = source.slice(nm + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (source.startsWith("node:")) return "node internals";
  return source.replace(/^(\.\.\/)+/, "").replace(/^\[project\]\//, "");
}

function resolveFrame(cf: ProfileNode["callFrame"]): Frame {
  const name = cf.functionName || "(anonymous)";
  if (!cf.url) return { group: name.startsWith("(") ? name : "native", fn: name };
  const path = cf.url.replace(/^file:\/\//, "");
  const map = path.includes("/.next/") ? sourceMapFor(path) : null;
  if (map) {
    const e = map.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number; name?: string };
    if (e && e.originalSource) {
      const group = groupOf(e.originalSource);
      const where = group.includes("/") || group.includes(".") ? group : decodeURIComponent(e.originalSource).replace(/^(\.\.\/)+/, "");
      return { group, fn: `${cf.functionName || e.name || "(anonymous)"} ${where}:${(e.originalLine ?? 0) + 1}` };
    }
  }
  const group = groupOf(path);
  const short = path.includes("node_modules/") ? path.slice(path.lastIndexOf("node_modules/") + 13) : path.replace(/^.*\/\.next\//, ".next/");
  return { group, fn: `${name} ${short}:${cf.lineNumber + 1}` };
}

export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

/**
 * The largest profile (the next server) cut to `window` when given: busy time, then inclusive
 * ("total") time by source file or package and by function, and self time by file or package.
 */
export function summariseProfiles(files: string[], window?: ProfileWindow, top = 20): string[] {
  if (files.length === 0) return ["(no CPU profile written)"];
  const biggest = files.map((f) => ({ f, size: readFileSync(f).length })).sort((a, b) => b.size - a.size)[0]!.f;
  const profile = JSON.parse(readFileSync(biggest, "utf8")) as CpuProfile;
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const frames = new Map<number, Frame>(profile.nodes.map((n) => [n.id, resolveFrame(n.callFrame)]));
  const idleIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));

  const inclGroup = new Map<string, number>();
  const inclFn = new Map<string, number>();
  const selfGroup = new Map<string, number>();
  let t = profile.startTime;
  let busy = 0;
  let sampled = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (window && (t < window.fromUs || t > window.toUs)) continue;
    sampled += delta;
    const leaf = profile.samples[i]!;
    if (idleIds.has(leaf)) continue;
    busy += delta;
    const selfFrame = frames.get(leaf)!;
    selfGroup.set(selfFrame.group, (selfGroup.get(selfFrame.group) ?? 0) + delta);
    const groups = new Set<string>();
    const fns = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const f = frames.get(id)!;
      groups.add(f.group);
      fns.add(f.fn);
    }
    for (const g of groups) inclGroup.set(g, (inclGroup.get(g) ?? 0) + delta);
    for (const f of fns) inclFn.set(f, (inclFn.get(f) ?? 0) + delta);
  }
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  const boring = (k: string) => /^\((root|program|anonymous)\)/.test(k) || k.startsWith("native") || k === "(root)";
  const out = [
    `CPU profile of the server (${biggest}), ${window ? "timed phase only" : "whole process"}: ${fmt(sampled / 1e6)} s sampled, ${fmt(busy / 1e6)} s busy (not idle)`,
    "inclusive time by source file / package (share of busy; a file counts once per sample):",
  ];
  for (const [k, us] of sorted(inclGroup).filter(([k]) => !boring(k)).slice(0, top)) out.push(`  ${pct(us)}  ${k}`);
  out.push("self time by source file / package:");
  for (const [k, us] of sorted(selfGroup).slice(0, 12)) out.push(`  ${pct(us)}  ${k}`);
  out.push("inclusive time of our functions (lib/, app/):");
  for (const [k, us] of sorted(inclFn).filter(([k]) => / (lib|app)\//.test(k)).slice(0, top)) out.push(`  ${pct(us)}  ${k.slice(0, 140)}`);
  return out;
}
