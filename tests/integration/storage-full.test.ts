import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { onPostgres, setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

/**
 * SQLite: caps the database file at its current size, as a full disk does: every write that needs a page fails.
 * PostgreSQL (a cluster cannot be capped from SQL): every write to the tables fails with the error a full disk
 * gives, SQLSTATE 53100 disk_full, raised by the server from a trigger until there is room again.
 */
async function fillDisk(full: boolean) {
  if (onPostgres) {
    const tables = ["Experiment", "Trial", "MetricPoint"];
    if (!full) return void (await sql.raw(`DROP FUNCTION IF EXISTS sweepboard_disk_full() CASCADE`).execute(db()));
    await sql.raw(`CREATE FUNCTION sweepboard_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$`).execute(db());
    for (const t of tables) await sql.raw(`CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH STATEMENT EXECUTE FUNCTION sweepboard_disk_full()`).execute(db());
    return;
  }
  const { rows } = await sql<{ page_count: number }>`PRAGMA page_count`.execute(db());
  const pages = full ? rows[0]!.page_count : 1_073_741_823;
  await sql.raw(`PRAGMA max_page_count = ${pages}`).execute(db());
}

describe("a full disk", () => {
  it("answers writes with 507 storage_full, keeps reads working, and loses nothing once there is room", async () => {
    const created = await callRoute(routes.experiments.POST, { body: { name: "disk", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random", seed: 1 } });
    const id = created.body.experiment.id;
    const trial = (await callRoute(routes.trials.POST, { params: { id } })).body.trial;
    const points = Array.from({ length: 2_000 }, (_, step) => ({ name: "loss", step, value: 1 / (step + 1) }));
    try {
      await fillDisk(true);
      const refused = await callRoute(routes.metrics.POST, { params: { id: trial.id }, body: { points } });
      expect(refused.status).toBe(507);
      expect(refused.body.error).toMatchObject({ code: "storage_full", message: expect.stringMatching(/disk is full/) });
      const telling = await callRoute(routes.complete.POST, { params: { id: trial.id }, body: { value: 0.1, userAttrs: { notes: "x".repeat(200_000) } } });
      expect(telling.status).toBe(507);
      // The trial is as it was: still running, ready for the result once there is room.
      expect((await callRoute(routes.trial.GET, { params: { id: trial.id } }, "GET")).body.trial.state).toBe("running");
      // Reads keep working.
      expect((await callRoute(routes.experiment.GET, { params: { id } }, "GET")).status).toBe(200);
      expect((await callRoute(routes.metrics.GET, { params: { id: trial.id }, query: { name: "loss" } }, "GET")).body.points ?? []).toEqual([]);
    } finally {
      await fillDisk(false);
    }
    const stored = await callRoute(routes.metrics.POST, { params: { id: trial.id }, body: { points } });
    expect(stored.status).toBe(200);
    expect(stored.body.stored).toBe(2_000);
    expect((await callRoute(routes.complete.POST, { params: { id: trial.id }, body: { value: 0.1 } })).status).toBe(200);
  });
});
