import { execFileSync } from "node:child_process";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, db, writeTransaction } from "@/lib/db/client";
import { createApiToken } from "@/lib/server/create-api-token";
import { callRoute, setDefaultToken } from "../../support/call-route";
import { adminQuery, startPgCluster, type PgCluster } from "../../support/pg-cluster";
import * as routes from "../../support/routes";

// PostgreSQL stopped under a running server (`pg_ctl stop -m fast`, as a restart or an upgrade does): every call
// answers 503 database_unavailable with Retry-After instead of a 500, the server logs it once, and when
// PostgreSQL is back the same pool serves again, nothing recreated. Its own cluster: stopping the suite's
// shared one would break every other file.

let cluster: PgCluster;

beforeAll(async () => {
  cluster = await startPgCluster();
  await adminQuery(cluster.url("postgres"), `CREATE DATABASE "outage"`);
  execFileSync(process.execPath, ["scripts/with-db-env.mjs", "prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: cluster.url("outage") }, stdio: "pipe" });
  await closeDb();
  process.env.DATABASE_URL = cluster.url("outage");
  setDefaultToken((await createApiToken({ name: "outage" })).token);
}, 120_000);

afterAll(async () => {
  await closeDb();
  setDefaultToken(undefined);
  cluster?.stop();
});

const space = { x: { type: "uniform", low: 0, high: 1 } };

function expectUnavailable(res: { status: number; body: any; headers: Headers }, what: string) {
  expect(res.status, what).toBe(503);
  expect(res.headers.get("retry-after"), what).toBe("5");
  expect(res.headers.get("content-type"), what).toMatch(/^application\/json/);
  expect(res.body.error, what).toEqual({ code: "database_unavailable", message: expect.stringMatching(/database cannot be reached; nothing was stored/) });
}

describe("PostgreSQL stopped under the server", { timeout: 120_000 }, () => {
  it("answers 503 database_unavailable with Retry-After, logs once, and serves again when PostgreSQL is back", async () => {
    const created = await callRoute(routes.experiments.POST, { body: { name: "outage", space, objective: { metric: "loss" }, sampler: "random", seed: 1, maxTrials: 10 } });
    expect(created.status).toBe(201);
    const id = created.body.experiment.id as number;
    const trial = (await callRoute(routes.trials.POST, { params: { id } })).body.trial;
    const acknowledged = await callRoute(routes.metrics.POST, { params: { id: trial.id }, body: { points: [{ name: "loss", step: 1, value: 0.5 }] } });
    expect(acknowledged.status).toBe(200);

    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      // A query in flight when the server goes down fails with the outage too; the process lives on.
      const inFlight = sql`SELECT pg_sleep(30)`.execute(db()).then(
        () => null,
        (error: unknown) => error,
      );
      // So does a transaction whose connection dies between two of its statements (checked out, not in a query).
      let resume = () => {};
      const paused = new Promise<void>((resolve) => (resume = resolve));
      const inTransaction = writeTransaction(async (tx) => {
        await sql`SELECT 1`.execute(tx);
        await paused;
        await sql`SELECT 1`.execute(tx);
      }).then(
        () => null,
        (error: unknown) => error,
      );
      await new Promise((r) => setTimeout(r, 300));
      cluster.stopServer("fast");
      await new Promise((r) => setTimeout(r, 100));
      resume();
      expect(await inFlight).toMatchObject({ code: "database_unavailable" });
      expect(await inTransaction).toMatchObject({ code: "database_unavailable" });

      const calls: Array<[string, () => Promise<any>]> = [
        ["list", () => callRoute(routes.experiments.GET, {}, "GET")],
        ["read", () => callRoute(routes.experiment.GET, { params: { id } }, "GET")],
        ["ask", () => callRoute(routes.trials.POST, { params: { id } })],
        ["report", () => callRoute(routes.metrics.POST, { params: { id: trial.id }, body: { points: [{ name: "loss", step: 2, value: 0.25 }] } })],
        ["heartbeat", () => callRoute(routes.heartbeat.POST, { params: { id: trial.id } })],
        ["complete", () => callRoute(routes.complete.POST, { params: { id: trial.id }, body: { value: 0.25 } })],
        ["create", () => callRoute(routes.experiments.POST, { body: { name: "down", space, objective: { metric: "loss" } } })],
      ];
      for (let round = 0; round < 2; round++) {
        for (const [what, call] of calls) {
          const started = performance.now();
          expectUnavailable(await call(), what);
          expect(performance.now() - started, what).toBeLessThan(5_000);
        }
      }
      const outageLines = logged.mock.calls.map((c) => c.map(String).join(" "));
      expect(outageLines.filter((l) => /PostgreSQL cannot be reached/.test(l)), outageLines.join("\n")).toHaveLength(1);
      expect(outageLines.filter((l) => !/PostgreSQL cannot be reached/.test(l)), outageLines.join("\n")).toEqual([]);

      cluster.startServer();
      // The same pool, nothing recreated: the first call opens a fresh connection.
      const back = await callRoute(routes.metrics.POST, { params: { id: trial.id }, body: { points: [{ name: "loss", step: 2, value: 0.25 }] } });
      expect(back.status, JSON.stringify(back.body)).toBe(200);
      expect((await callRoute(routes.complete.POST, { params: { id: trial.id }, body: { value: 0.25 } })).status).toBe(200);
      const next = await callRoute(routes.trials.POST, { params: { id } });
      expect(next.status).toBe(201);
      expect(next.body.trial.number).toBe(1);
      const lines = logged.mock.calls.map((c) => c.map(String).join(" "));
      expect(lines.filter((l) => /PostgreSQL answers again/.test(l))).toHaveLength(1);
      expect(lines).toHaveLength(2);
    } finally {
      logged.mockRestore();
    }
    // What was acknowledged before the outage is there, and what was refused during it was not half-stored.
    const points = await callRoute(routes.metrics.GET, { params: { id: trial.id }, query: { name: "loss" } }, "GET");
    expect(points.body.points.map((p: { step: number; value: number }) => [p.step, p.value])).toEqual([
      [1, 0.5],
      [2, 0.25],
    ]);
    const read = await callRoute(routes.experiment.GET, { params: { id } }, "GET");
    expect(read.body.experiment.trialsDone).toBe(1);
    expect((await callRoute(routes.experiments.GET, {}, "GET")).body.experiments).toHaveLength(1);
  });
});
