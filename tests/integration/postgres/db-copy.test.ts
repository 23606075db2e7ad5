import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { createApiToken } from "@/lib/server/create-api-token";
import { createSession } from "@/lib/server/create-session";
import { resolveSession, resolveShareToken } from "@/lib/server/dashboard-access";
import { revokeApiToken } from "@/lib/server/revoke-api-token";
import { createShareLink, revokeShareLink } from "@/lib/server/share-links";
import { callRoute, setDefaultToken } from "../../support/call-route";
import * as routes from "../../support/routes";
import { adminQuery, createDatabaseFrom } from "../../support/pg-cluster";

// `sweepboard db copy`: a SQLite database filled through the route handlers and use cases (every trial state,
// metric points, retries, tokens, sessions, share links), copied by the real CLI into an empty PostgreSQL
// database, compared row by row, then served: the sweep goes on where it was.

const run = promisify(execFile);
const admin = process.env.SWEEPBOARD_TEST_PG_ADMIN_URL ?? "";
const template = process.env.SWEEPBOARD_TEST_PG_TEMPLATE ?? "";
const sqliteTemplate = process.env.SWEEPBOARD_TEMPLATE_DB ?? "";

const dir = mkdtempSync(join(tmpdir(), "sweepboard-copy-"));
const databases: string[] = [];

function pgUrl(name: string): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

async function newPgDatabase(opts: { migrated: boolean }): Promise<string> {
  const name = `copy_${process.pid}_${randomBytes(4).toString("hex")}`;
  if (opts.migrated) await createDatabaseFrom(admin, name, template);
  else await adminQuery(admin, `CREATE DATABASE "${name}"`);
  databases.push(name);
  return pgUrl(name);
}

function newSqlite(name: string): string {
  const file = join(dir, `${name}.db`);
  copyFileSync(sqliteTemplate, file);
  return `file:${file}`;
}

/** Points DATABASE_URL (and so every route handler and use case) at `url`. */
async function useDatabase(url: string): Promise<void> {
  await closeDb();
  process.env.DATABASE_URL = url;
}

async function copy(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/sweepboard.mjs", "db", ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const space = { x: { type: "uniform", low: 0, high: 1 }, opt: { type: "categorical", values: ["adam", "sgd"] } };
const ask = async (id: number) => {
  const res = await callRoute(routes.trials.POST, { params: { id }, body: { workerId: "w1" } });
  expect(res.status).toBe(201);
  return res.body.trial as { id: number; number: number };
};
const ok = (res: { status: number; body: unknown }) => expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);

interface Filled {
  token: string;
  sessionId: string;
  shareToken: string;
  mainId: number;
  simpleId: number;
}

/** A database with some of everything, written only through the route handlers and use cases. */
async function fill(): Promise<Filled> {
  const { token } = await createApiToken({ name: "tests" });
  setDefaultToken(token);
  const reader = await createApiToken({ name: "reader", scopes: ["read"] });
  const revoked = await createApiToken({ name: "gone" });
  const { sessionId } = await createSession({ token });
  await createSession({ token: reader.token });
  await revokeApiToken({ id: revoked.id });

  // Every trial state, retries (automatic and by hand), metric points, an enqueued trial.
  const main = await callRoute(routes.experiments.POST, { body: { name: "main", description: "all states", space, objective: { metric: "loss" }, sampler: "random", seed: 7, maxTrials: 40, maxRetries: 1 } });
  ok(main);
  const mainId = main.body.experiment.id as number;
  const complete = await ask(mainId);
  for (let r = 0; r < 2; r++) {
    const points = Array.from({ length: 10_000 }, (_, i) => ({ name: i % 2 ? "loss" : "acc", step: r * 5_000 + (i >> 1), value: 1 / (i + 1), wallTime: 1_764_000_000 + i / 7 }));
    ok(await callRoute(routes.metrics.POST, { params: { id: complete.id }, body: { points } }));
  }
  // Its command line and three output lines (one on stderr).
  ok(await callRoute(routes.trialCommand.POST, { params: { id: complete.id }, body: { argv: ["python3", "train.py", "--name", "ünï 'q'"], cwd: "/work", host: "gpu-box" } }));
  ok(await callRoute(routes.trialOutput.POST, { params: { id: complete.id }, body: { batch: 1, lines: [{ stream: "stdout", text: "epoch 1 ✓" }, { stream: "stderr", text: "warn" }, { stream: "stdout", text: "" }] } }));
  ok(await callRoute(routes.complete.POST, { params: { id: complete.id }, body: { value: 0.125, userAttrs: { note: "ünïcode ✓", nested: { a: [1, 2] } } } }));
  const programFail = await ask(mainId);
  ok(await callRoute(routes.fail.POST, { params: { id: programFail.id }, body: { error: "exit 1: 'quoted' \"text\"", kind: "program" } }));
  const infraFail = await ask(mainId);
  ok(await callRoute(routes.fail.POST, { params: { id: infraFail.id }, body: { error: "killed", kind: "infrastructure" } }));
  const pruned = await ask(mainId);
  ok(await callRoute(routes.metrics.POST, { params: { id: pruned.id }, body: { points: [{ name: "loss", step: 1, value: 0.9 }, { name: "loss", step: 2, value: 0.8 }] } }));
  ok(await callRoute(routes.prune.POST, { params: { id: pruned.id }, body: {} }));
  // The automatic retry of the infrastructure failure is handed out here (retryOfId set, spends no budget).
  const retried = await ask(mainId);
  ok(await callRoute(routes.complete.POST, { params: { id: retried.id }, body: { value: 0.5 } }));
  const running = await ask(mainId);
  ok(await callRoute(routes.heartbeat.POST, { params: { id: running.id } }));
  // Not handed out yet, so the copy's next asks get them: a retry queued by hand (waiting), and an automatic
  // one that is due (retryPending), after the enqueued trial below.
  ok(await callRoute(routes.fail.POST, { params: { id: (await ask(mainId)).id }, body: { error: "lost", kind: "infrastructure" } }));
  ok(await callRoute(routes.retry.POST, { params: { id: programFail.id } }));
  ok(await callRoute(routes.enqueue.POST, { params: { id: mainId }, body: { params: { x: 0.25, opt: "sgd" } } }));
  const share = await createShareLink({ experimentId: mainId, viewState: { brush: [0, 1] }, expiresInHours: 24 });
  const old = await createShareLink({ experimentId: mainId, viewState: {}, expiresInHours: null });
  await revokeShareLink({ experimentId: mainId, id: old.link.id });

  // Two objectives and constraints, paused.
  const multi = await callRoute(routes.experiments.POST, { body: { name: "multi", space, objectives: [{ metric: "loss" }, { metric: "size", direction: "maximize" }], constraints: ["mem"], sampler: "random", seed: 1 } });
  ok(multi);
  const m = await ask(multi.body.experiment.id);
  ok(await callRoute(routes.complete.POST, { params: { id: m.id }, body: { values: [0.5, 3], constraints: [-1] } }));
  ok(await callRoute(routes.status.POST, { params: { id: multi.body.experiment.id }, body: { action: "pause" } }));

  // A plain sweep with nothing queued: its next ask on the copy gets the next number.
  const simple = await callRoute(routes.experiments.POST, { body: { name: "simple", space, objective: { metric: "loss" }, sampler: "tpe", seed: 2, maxTrials: 10, command: ["python3", "train.py", "${args}"] } });
  const simpleId = simple.body.experiment.id as number;
  for (let i = 0; i < 3; i++) ok(await callRoute(routes.complete.POST, { params: { id: (await ask(simpleId)).id }, body: { value: i } }));

  // A worker holding one slot of "simple", and one that stopped.
  const worker = await callRoute(routes.workers.POST, { body: { name: "gpu-box", host: "gpu-box.lan", slots: 2, gpus: ["0", "1"] } });
  ok(worker);
  ok(await callRoute(routes.launch.POST, { params: { id: simpleId }, body: { slots: 1 } }));
  const gone = await callRoute(routes.workers.POST, { body: { name: "gone", host: "h", slots: 1 } });
  ok(await callRoute(routes.worker.DELETE, { params: { id: gone.body.worker.id } }, "DELETE"));

  // Archived.
  const archived = await callRoute(routes.experiments.POST, { body: { name: "archived", space, objective: { metric: "loss" }, sampler: "random", seed: 3, maxTrials: 1 } });
  ok(await callRoute(routes.complete.POST, { params: { id: (await ask(archived.body.experiment.id)).id }, body: { value: 1 } }));
  ok(await callRoute(routes.status.POST, { params: { id: archived.body.experiment.id }, body: { action: "archive" } }));

  return { token, sessionId, shareToken: share.token, mainId, simpleId };
}

type Row = Record<string, unknown>;

/** Every row of every table of the SQLite file, by table, in primary-key order. */
function sqliteRows(file: string): Map<string, Row[]> {
  const sqlite = new Database(file, { readonly: true });
  try {
    const tables = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
    return new Map(tables.map((t) => [t, sqlite.prepare(`SELECT * FROM "${t}"`).all() as Row[]]));
  } finally {
    sqlite.close();
  }
}

/** The same from PostgreSQL, with the driver's own parsing except timestamps, read as their text. */
async function postgresRows(url: string): Promise<{ rows: Map<string, Row[]>; types: Map<string, string> }> {
  const client = new pg.Client({ connectionString: url, types: { getTypeParser: (oid: number, format?: "text" | "binary") => (oid === 1114 ? (v: string) => v : pg.types.getTypeParser(oid, format ?? "text")) } as pg.CustomTypesConfig });
  await client.connect();
  try {
    const columns = await client.query<{ table_name: string; column_name: string; data_type: string }>(`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`);
    const types = new Map(columns.rows.map((c) => [`${c.table_name}.${c.column_name}`, c.data_type]));
    const tables = [...new Set(columns.rows.map((c) => c.table_name))].sort();
    const rows = new Map<string, Row[]>();
    for (const t of tables) rows.set(t, (await client.query<Row>(`SELECT * FROM "${t}"`)).rows);
    return { rows, types };
  } finally {
    await client.end();
  }
}

/** A value in one comparable form: only where the two databases' types differ (time, boolean). */
function normalise(type: string | undefined, value: unknown, side: "sqlite" | "pg"): unknown {
  if (value === null) return null;
  if (type === "timestamp without time zone") {
    const text = String(value);
    if (side === "pg") return new Date(`${text.replace(" ", "T")}Z`).toISOString();
    return new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text) ? `${text.replace(" ", "T")}Z` : text).toISOString();
  }
  if (type === "boolean") return side === "pg" ? value : value === 1;
  return value;
}

function comparable(table: string, rows: Row[], types: Map<string, string>, side: "sqlite" | "pg"): Row[] {
  const out = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, normalise(types.get(`${table}.${k}`), v, side)])));
  const key = (r: Row) => ("id" in r ? String(r.id).padStart(12, "0") : `${String(r.trialId).padStart(12, "0")}\u0000${String(r.name)}\u0000${String(r.step).padStart(12, "0")}`);
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 1));
    });
  });
}

afterAll(async () => {
  await closeDb();
  setDefaultToken(undefined);
  for (const name of databases) await adminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  rmSync(dir, { recursive: true, force: true });
});

describe("sweepboard db copy", { timeout: 180_000 }, () => {
  let source = "";
  let target = "";
  let filled: Filled;

  beforeAll(async () => {
    if (!admin || !template || !sqliteTemplate) throw new Error("run through the integration-pg project");
    source = newSqlite("source");
    await useDatabase(source);
    filled = await fill();
    await closeDb();
    // Rows older than the move to Kysely hold DateTime in Prisma's and SQLite's own spellings: they copy too.
    const sqlite = new Database(source.slice("file:".length));
    sqlite.prepare(`UPDATE "ApiToken" SET "createdAt" = '2026-11-27 08:00:00' WHERE "name" = 'reader'`).run();
    sqlite.prepare(`UPDATE "ApiToken" SET "createdAt" = '2026-11-28T09:30:00.250+00:00' WHERE "name" = 'gone'`).run();
    sqlite.close();
    target = await newPgDatabase({ migrated: false });
  }, 120_000);

  it("copies every row of every table into an empty database (migrating it first), ids and values kept", async () => {
    const result = await copy("copy", "--from", source, "--to", target);
    expect(result.stderr).toMatch(/migrating .* \(prisma migrate deploy\)/);
    expect(result.stderr).toMatch(/MetricPoint: 20,00\d of 20,00\d rows/);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^copied [\d,]+ rows \(ApiToken 3, Session 2, Experiment 4, ShareLink 2, Trial \d+, MetricPoint 20,002, TrialRun 1, TrialOutputLine 3, Worker 2, WorkerAssignment 1\) in [\d.]+ s\n$/);

    const before = sqliteRows(source.slice("file:".length));
    const after = await postgresRows(target);
    expect([...after.rows.keys()]).toEqual([...before.keys()]);
    for (const [table, rows] of before) {
      const copied = after.rows.get(table)!;
      expect(copied.length, table).toBe(rows.length);
      expect(comparable(table, copied, after.types, "pg"), table).toEqual(comparable(table, rows, after.types, "sqlite"));
    }
    // Every state of trial, a retry of each kind, the enqueued one.
    const trials = before.get("Trial")!;
    expect(new Set(trials.map((t) => t.state))).toEqual(new Set(["complete", "failed", "pruned", "running", "waiting"]));
    expect(trials.filter((t) => t.retryOfId !== null).length).toBeGreaterThanOrEqual(2);
    expect(trials.some((t) => t.retryPending === 1)).toBe(true);
  });

  it("serves the copy: the same tokens, sessions and share links, and the sweeps go on where they were", async () => {
    await useDatabase(target);
    const seen = sqliteRows(source.slice("file:".length));
    const maxTrialId = Math.max(...seen.get("Trial")!.map((t) => t.id as number));
    const simple = seen.get("Experiment")!.find((e) => e.id === filled.simpleId)!;
    // The API token of the SQLite server authenticates against the copy.
    const next = await ask(filled.simpleId);
    expect(next.number).toBe(simple.trialCount);
    expect(next.id).toBe(maxTrialId + 1);
    // Waiting trials first (the retry queued by hand, the enqueued one), then the due retry, as on the original.
    const trials = seen.get("Trial")!;
    const waiting = trials.filter((t) => t.experimentId === filled.mainId && t.state === "waiting").map((t) => t.id);
    expect(waiting).toHaveLength(2);
    expect([(await ask(filled.mainId)).id, (await ask(filled.mainId)).id]).toEqual(waiting);
    const due = trials.find((t) => t.retryPending === 1)!;
    const rerun = await callRoute(routes.trial.GET, { params: { id: (await ask(filled.mainId)).id } }, "GET");
    expect(rerun.body.trial).toMatchObject({ retryOfId: due.id, params: JSON.parse(due.params as string) });
    expect((await resolveSession(filled.sessionId)).scopes).toContain("write");
    expect((await resolveShareToken(filled.shareToken)).experimentId).toBe(filled.mainId);
    // Fresh ids everywhere: the sequences were moved past the copied rows.
    const token = await createApiToken({ name: "after" });
    expect(token.id).toBe(4);
    const exp = await callRoute(routes.experiments.POST, { body: { name: "after", space, objective: { metric: "loss" }, sampler: "random", seed: 1 } });
    expect(exp.body.experiment.id).toBe(5);
    const link = await createShareLink({ experimentId: exp.body.experiment.id, viewState: {}, expiresInHours: null });
    expect(link.link.id).toBe(3);
    expect((await createSession({ token: token.token })).sessionId).toBeTruthy();
    const metrics = await callRoute(routes.metrics.GET, { params: { id: seen.get("Trial")!.find((t) => t.state === "complete")!.id as number }, query: { name: "loss" } }, "GET");
    expect(metrics.body.points).toHaveLength(10_000);
  });

  it("refuses a target that is not empty, and changes nothing", async () => {
    const before = (await postgresRows(target)).rows.get("Trial")!.length;
    const result = await copy("copy", "--from", source, "--to", target);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n").at(-1)).toBe("sweepboard: db copy: --to: the target database is not empty (ApiToken has rows): copy into an empty database");
    expect((await postgresRows(target)).rows.get("Trial")!.length).toBe(before);
  });

  it("is all or nothing: a row PostgreSQL cannot store leaves the target empty", async () => {
    await useDatabase(newSqlite("nul"));
    const { token } = await createApiToken({ name: "nul" });
    setDefaultToken(token);
    // SQLite stores a NUL character in text; PostgreSQL cannot.
    const created = await callRoute(routes.experiments.POST, { body: { name: "a\u0000b", space, objective: { metric: "loss" }, sampler: "random", seed: 1 } });
    expect(created.status).toBe(201);
    await closeDb();
    const migrated = await newPgDatabase({ migrated: true });
    const result = await copy("copy", "--from", process.env.DATABASE_URL!, "--to", migrated);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/migrating/);
    expect(result.stderr.trim().split("\n").at(-1)).toBe("sweepboard: db copy: copying Experiment: a text value contains a NUL character (U+0000), which PostgreSQL cannot store: nothing was copied");
    const rows = (await postgresRows(migrated)).rows;
    for (const [table, list] of rows) expect(list, table).toEqual([]);
  });

  it("answers bad input with one line and a non-zero exit", async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [["copy", "--from", "mysql://db/x", "--to", target], 1, /^sweepboard: db copy: --from must be a SQLite file: URL .*unknown URL scheme "mysql:"$/],
      [["copy", "--from", "./data/x.db", "--to", target], 1, /^sweepboard: db copy: --from must be a SQLite file: URL .*did you mean file:\.\/data\/x\.db\?\)$/],
      [["copy", "--from", source, "--to", "mysql://db/x"], 1, /^sweepboard: db copy: --to must be a PostgreSQL URL .*unknown URL scheme "mysql:"$/],
      [["copy", "--from", `file:${join(dir, "missing.db")}`, "--to", target], 1, /^sweepboard: db copy: --from: no such file .*missing\.db$/],
      [["copy", "--from", source, "--to", `postgresql://postgres:secret@127.0.0.1:${await closedPort()}/x`], 1, /^sweepboard: db copy: --to: cannot reach PostgreSQL at postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/x \(connect ECONNREFUSED .*\): is it running/],
      [["copy", "--from", source, "--to", pgUrl("no_such_database")], 1, /^sweepboard: db copy: --to: .*database "no_such_database" does not exist.*createdb/],
      [["copy", "--from", source], 2, /^sweepboard: db copy needs --to/],
      [["copy", "--from", source, "--to", target, "--frob"], 2, /^sweepboard: Unknown option '--frob'/],
      [["move"], 2, /^sweepboard: unknown db command "move"/],
    ];
    for (const [args, code, message] of cases) {
      const result = await copy(...args);
      expect(result.code, args.join(" ")).toBe(code);
      expect(result.stderr.split("\n")[0], args.join(" ")).toMatch(message);
      expect(result.stderr, args.join(" ")).not.toMatch(/\n\s+at /);
    }
    const help = await copy("copy", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage:\n {2}sweepboard db copy --from file:/);
  });
});
