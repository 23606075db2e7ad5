import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adminQuery, startPgCluster, type PgCluster } from "../../support/pg-cluster";

export interface AppServer {
  url: string;
  port: number;
  /** A read+write API token made with the real CLI (`sweepboard token create`). */
  token: string;
  /** The SQLite file; "" when the server runs on PostgreSQL (DATABASE_URL given). */
  databaseFile: string;
  /** The DATABASE_URL it serves. */
  databaseUrl: string;
  /** The server process's pid (changes on restart). */
  pid(): number;
  /** Everything the server printed so far. */
  log(): string;
  /** Sends a signal to the server (SIGKILL to simulate a crash) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again on the same port and database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited early:\n${log()}`);
    try {
      const res = await fetch(`${url}/api/v1/openapi.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not answer within 60 s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Starts the built app (the production server) on a free port with its own migrated temp SQLite database, or,
 * when `extraEnv.DATABASE_URL` names a PostgreSQL database (startPgDatabase), on that one: migrated (a no-op
 * when another instance did it already) and shared with every other instance started on it, as a team runs them.
 */
export async function startApp(extraEnv: Record<string, string> = {}): Promise<AppServer> {
  const dir = mkdtempSync(join(tmpdir(), "sweepboard-e2e-"));
  const databaseFile = extraEnv.DATABASE_URL ? "" : join(dir, "e2e.db");
  const env = { ...process.env, DATABASE_URL: `file:${databaseFile}`, NEXT_TELEMETRY_DISABLED: "1", ...extraEnv };
  execFileSync(process.execPath, ["scripts/with-db-env.mjs", "prisma", "migrate", "deploy"], { env, stdio: "pipe" });
  const token = execFileSync(process.execPath, ["bin/sweepboard.mjs", "token", "create", "--name", "e2e"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  let child: ChildProcess;

  async function launch() {
    // The production server as `npm start` runs it (server/main.ts, bundled by `npm run build`), without
    // start.mjs's migration and build steps, which this setup did already.
    child = spawn(process.execPath, [".next/sweepboard-server.mjs"], { env: { ...env, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    await waitUntilUp(url, child, () => output);
  }

  async function kill(signal: NodeJS.Signals = "SIGTERM") {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  }

  await launch();
  return {
    url,
    port,
    token,
    databaseFile,
    databaseUrl: env.DATABASE_URL,
    pid: () => child.pid ?? 0,
    log: () => output,
    kill,
    restart: launch,
    async stop() {
      await kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PgDatabase {
  /** postgresql://... of an empty database: startApp({ DATABASE_URL: url }) migrates it. */
  url: string;
  cluster: PgCluster;
  stop(): void;
}

/** An empty database on a throwaway PostgreSQL cluster of its own (tests/support/pg-cluster.ts), for instances to share. */
export async function startPgDatabase(name = "sweepboard_e2e"): Promise<PgDatabase> {
  const cluster = await startPgCluster();
  try {
    await adminQuery(cluster.url("postgres"), `CREATE DATABASE "${name}"`);
  } catch (error) {
    cluster.stop();
    throw error;
  }
  return { url: cluster.url(name), cluster, stop: () => cluster.stop() };
}
