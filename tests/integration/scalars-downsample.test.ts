// The scalar route cuts series down in SQL; the rule is lib/shared/downsample.ts's downsampleMinMax, which the
// browser uses too. Both must keep the very same points: irregular steps, ties, spikes, short series and the
// bucket edges, on SQLite and on PostgreSQL.
import { describe, expect, it } from "vitest";
import * as uiScalars from "@/app/api/ui/experiments/[id]/scalars/route";
import { downsampleMinMax } from "@/lib/shared/downsample";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

/** A small deterministic generator, so a failure names a reproducible case. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe("scalars downsampled in SQL", () => {
  it("keep exactly the points downsampleMinMax keeps", async () => {
    const exp = (await callRoute(routes.experiments.POST, { body: { name: "ds", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random" } })).body.experiment;
    const random = rng(7);
    const sent = new Map<number, Array<{ step: number; value: number }>>();
    const shapes = [
      { n: 5_000, gap: 1 }, // regular steps
      { n: 3_000, gap: 37 }, // sparse steps
      { n: 2_500, gap: 0 }, // irregular gaps
      { n: 1_200, gap: 1, ties: true }, // many equal values: the earliest step wins
      { n: 9, gap: 3 }, // fits: whole
      { n: 1, gap: 1 },
    ];
    for (const shape of shapes) {
      const t = (await callRoute(routes.trials.POST, { params: { id: exp.id } })).body.trial;
      const points: Array<{ name: string; step: number; value: number }> = [];
      let step = Math.floor(random() * 50);
      for (let i = 0; i < shape.n; i++) {
        const value = shape.ties ? Math.floor(random() * 4) : Math.sin(i / 40) + random() * 0.3 + (random() < 0.003 ? 50 : 0);
        points.push({ name: "loss", step, value });
        step += shape.gap === 0 ? 1 + Math.floor(random() * random() * 200) : shape.gap;
      }
      for (let i = 0; i < points.length; i += 1_000) await callRoute(routes.metrics.POST, { params: { id: t.id }, body: { points: points.slice(i, i + 1_000) } });
      sent.set(t.id, points);
    }
    const ids = [...sent.keys()];
    for (const maxPoints of [10, 11, 37, 500, 1_000, 10_000]) {
      const res = await callRoute(uiScalars.GET, { params: { id: exp.id }, query: { metric: "loss", trials: ids.join(","), maxPoints: String(maxPoints) } }, "GET");
      expect(res.status).toBe(200);
      const series = res.body.series as Array<{ trialId: number; total: number; points: Array<{ step: number; value: number }> }>;
      expect(series.map((s) => s.trialId)).toEqual(ids);
      for (const s of series) {
        const full = sent.get(s.trialId)!;
        const expected = downsampleMinMax(full, maxPoints).map((p) => [p.step, p.value]);
        expect(s.total, `trial ${s.trialId}`).toBe(full.length);
        expect(s.points.map((p) => [p.step, p.value]), `trial ${s.trialId}, maxPoints ${maxPoints}`).toEqual(expected);
        expect(s.points.length).toBeLessThanOrEqual(maxPoints);
      }
    }
  });
});
