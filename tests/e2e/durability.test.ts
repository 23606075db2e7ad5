import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "./support/api";
import { startApp, type AppServer } from "./support/server";

let app: AppServer;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

describe("durability", () => {
  it("keeps every acknowledged point when the server is killed with SIGKILL during heavy reporting", async () => {
    const api = apiClient(app.url, app.token);
    const { experiment } = await api.post("/experiments", {
      name: "kill test",
      space: { x: { type: "uniform", low: 0, high: 1 } },
      objective: { metric: "loss" },
      sampler: "random",
      maxTrials: 4,
    });
    const trials: Array<{ id: number }> = [];
    for (let i = 0; i < 4; i++) trials.push((await api.post(`/experiments/${experiment.id}/trials`)).trial);

    // Four clients report batches of 500 points as fast as they can; each remembers what was acknowledged.
    const acked = new Map<number, number>(trials.map((t) => [t.id, 0]));
    let stop = false;
    const clients = trials.map(async (t) => {
      for (let batch = 0; !stop; batch++) {
        const points = Array.from({ length: 500 }, (_, i) => ({ name: "loss", step: batch * 500 + i, value: Math.sin(i) }));
        try {
          const res = await fetch(`${app.url}/api/v1/trials/${t.id}/metrics`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${app.token}` },
            body: JSON.stringify({ points }),
          });
          if (res.status !== 200) break;
          await res.json();
          acked.set(t.id, (batch + 1) * 500);
        } catch {
          break; // the server is gone
        }
      }
    });
    await new Promise((r) => setTimeout(r, 1_500));
    await app.kill("SIGKILL");
    stop = true;
    await Promise.all(clients);

    const totalAcked = [...acked.values()].reduce((a, b) => a + b, 0);
    expect(totalAcked).toBeGreaterThan(2_000);
    const db = new Database(app.databaseFile);
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      for (const [trialId, count] of acked) {
        // Every acknowledged point is there: steps 0..count-1 all stored, nothing doubled.
        const row = db.prepare("SELECT COUNT(*) AS n, COUNT(DISTINCT step) AS d, MAX(step) AS m FROM MetricPoint WHERE trialId = ? AND step < ?").get(trialId, count) as { n: number; d: number; m: number };
        expect(row.n).toBe(count);
        expect(row.d).toBe(count);
      }
    } finally {
      db.close();
    }

    await app.restart();
    const first = trials[0]!;
    let served = 0;
    for (let cursor: number | null = -1; cursor !== null; ) {
      const page: { points: unknown[]; nextCursor: number | null } = await api.get(`/trials/${first.id}/metrics?name=loss&limit=50000&afterStep=${cursor}`);
      served += page.points.length;
      cursor = page.nextCursor;
    }
    expect(served).toBeGreaterThanOrEqual(acked.get(first.id)!);
  });
});
