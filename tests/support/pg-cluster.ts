// A throwaway PostgreSQL cluster in a temp directory, for the integration suite and the benches: no external
// service. initdb and pg_ctl come from SWEEPBOARD_PG_BIN, Debian's /usr/lib/postgresql/<version>/bin, or PATH;
// as root they run as the `postgres` user (PostgreSQL refuses to run as root).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export interface PgCluster {
  port: number;
  dir: string;
  /** A URL of database `name` on this cluster. */
  url(name: string): string;
  stop(): void;
  /** Stops the server and keeps its data (`pg_ctl stop -m <mode>`), as an operator's restart or a crash does. */
  stopServer(mode?: "smart" | "fast" | "immediate"): void;
  /** Starts it again on the same port, after stopServer. */
  startServer(): void;
}

export function findPgBin(): string | null {
  const fromEnv = process.env.SWEEPBOARD_PG_BIN;
  if (fromEnv) return existsSync(join(fromEnv, "initdb")) ? fromEnv : null;
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => existsSync(join(debian, v, "bin/initdb"))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], "bin");
  }
  try {
    return execFileSync("sh", ["-c", "dirname $(command -v initdb)"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || null;
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/**
 * Starts a cluster on a free port of 127.0.0.1 (trust authentication: only this machine reaches it).
 * `durable: false` (tests) turns off fsync: a crash loses a throwaway cluster anyway.
 */
export async function startPgCluster(opts: { durable?: boolean } = {}): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error("PostgreSQL is not installed (no initdb): apt-get install -y postgresql, or set SWEEPBOARD_PG_BIN to its bin directory");
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "sweepboard-pg-"));
  const data = join(dir, "data");
  const run = (args: string[]) => {
    if (!asRoot) return execFileSync(args[0]!, args.slice(1), { stdio: "pipe" });
    return execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", args.map(quote).join(" ")], { stdio: "pipe" });
  };
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  run([join(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const settings = ["-c listen_addresses=127.0.0.1", `-k ${dir}`, "-c max_connections=200", ...(opts.durable ? [] : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"])];
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      run([join(bin, "pg_ctl"), "-D", data, "-l", join(dir, "log"), "-w", "-t", "60", "-o", `-p ${port} ${settings.join(" ")}`, "start"]);
      break;
    } catch (error) {
      // Another cluster may have taken the port between the probe and the start.
      if (attempt >= 4) throw new Error(`pg_ctl start failed: ${String(error)}\n${existsSync(join(dir, "log")) ? readFileSync(join(dir, "log"), "utf8").slice(-2000) : ""}`);
    }
  }
  const pgCtlStart = () => run([join(bin, "pg_ctl"), "-D", data, "-l", join(dir, "log"), "-w", "-t", "60", "-o", `-p ${port} ${settings.join(" ")}`, "start"]);
  let stopped = false;
  let running = true;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      if (running) run([join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once("exit", stop);
  const stopServer = (mode: "smart" | "fast" | "immediate" = "fast") => {
    run([join(bin, "pg_ctl"), "-D", data, "-m", mode, "-w", "stop"]);
    running = false;
  };
  const startServer = () => {
    pgCtlStart();
    running = true;
  };
  return { port, dir, url: (name) => `postgresql://postgres@127.0.0.1:${port}/${name}`, stop, stopServer, startServer };
}

/** Runs statements on database `url` (one connection, closed after). */
export async function adminQuery(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

/** A new database copied from `template` (CREATE DATABASE ... TEMPLATE: milliseconds, no migration run). */
export async function createDatabaseFrom(adminUrl: string, name: string, template: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await adminQuery(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } catch (error) {
      // "source database ... is being accessed by other users": two copies started at the same moment.
      if (attempt >= 20 || !String(error).includes("being accessed")) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
}
