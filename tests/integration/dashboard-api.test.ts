import { describe, expect, it } from "vitest";
import * as uiExperiment from "@/app/api/ui/experiments/[id]/route";
import * as uiImportance from "@/app/api/ui/experiments/[id]/importance/route";
import * as uiMetrics from "@/app/api/ui/experiments/[id]/metrics/route";
import * as uiScalars from "@/app/api/ui/experiments/[id]/scalars/route";
import * as uiTrials from "@/app/api/ui/experiments/[id]/trials/route";
import * as uiPreview from "@/app/api/ui/preview/route";
import { createShareLink, revokeShareLink } from "@/lib/server/share-links";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

async function seed(trials: number, steps: number) {
  const exp = (
    await callRoute(routes.experiments.POST, {
      body: { name: "ui", space: { x: { type: "uniform", low: 0, high: 1 }, k: { type: "int", low: 1, high: 4 } }, objective: { metric: "loss" }, sampler: "random", seed: 2 },
    })
  ).body.experiment;
  const ids: number[] = [];
  for (let i = 0; i < trials; i++) {
    const t = (await callRoute(routes.trials.POST, { params: { id: exp.id } })).body.trial;
    ids.push(t.id);
    const points = Array.from({ length: steps }, (_, s) => ({ name: "loss", step: s, value: t.params.x * 10 + Math.sin(s) + (s === 777 ? 100 : 0) }));
    await callRoute(routes.metrics.POST, { params: { id: t.id }, body: { points } });
    await callRoute(routes.complete.POST, { params: { id: t.id }, body: { value: t.params.x * 10 } });
  }
  return { exp, ids };
}

describe("the dashboard's data routes", () => {
  it("send every trial as columns, then only what changed since a snapshot", async () => {
    const { exp } = await seed(3, 2);
    const full = await callRoute(uiTrials.GET, { params: { id: exp.id } }, "GET");
    expect(full.body.full).toBe(true);
    expect(full.body.trials.number).toEqual([0, 1, 2]);
    expect(full.body.trials.params.x).toHaveLength(3);
    const later = new Date(Date.now() + 10_000).toISOString();
    const none = await callRoute(uiTrials.GET, { params: { id: exp.id }, query: { since: later } }, "GET");
    expect(none.body.full).toBe(false);
    expect(none.body.trials.id).toEqual([]);
    const running = (await callRoute(routes.trials.POST, { params: { id: exp.id } })).body.trial;
    const changed = await callRoute(uiTrials.GET, { params: { id: exp.id }, query: { since: full.body.serverTime } }, "GET");
    expect(changed.body.trials.id).toContain(running.id);
    expect(changed.body.trials.id.length).toBeLessThan(4 + 1);
    const bad = await callRoute(uiTrials.GET, { params: { id: exp.id }, query: { since: "yesterday" } }, "GET");
    expect(bad.status).toBe(422);
    expect(bad.body.error.path).toBe("since");
  });

  it("list the metric names the sweep's trials reported, with how many trials reported each", async () => {
    const { exp } = await seed(3, 4);
    const report = async (experimentId: number, points: Array<{ name: string; step: number; value: number }>) => {
      const t = (await callRoute(routes.trials.POST, { params: { id: experimentId } })).body.trial;
      expect((await callRoute(routes.metrics.POST, { params: { id: t.id }, body: { points } })).status).toBe(200);
    };
    await report(exp.id, [{ name: "acc", step: 0, value: 0.5 }, { name: "acc", step: 1, value: 0.6 }, { name: "Acc", step: 0, value: 1 }]);
    await report(exp.id, [{ name: "zz/grad_norm", step: 5, value: 2 }, { name: "acc", step: 3, value: 0.1 }]);
    // A trial without metrics, and another sweep's trial, count for nothing.
    await callRoute(routes.trials.POST, { params: { id: exp.id } });
    const other = await seed(1, 2);
    await report(other.exp.id, [{ name: "acc", step: 0, value: 0.9 }, { name: "only_other", step: 0, value: 1 }]);
    const res = await callRoute(uiMetrics.GET, { params: { id: exp.id } }, "GET");
    expect(res.status).toBe(200);
    expect(res.body.metrics).toEqual([
      { name: "Acc", trials: 1 },
      { name: "acc", trials: 2 },
      { name: "loss", trials: 3 },
      { name: "zz/grad_norm", trials: 1 },
    ]);
    const empty = (await callRoute(routes.experiments.POST, { body: { name: "none", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random" } })).body.experiment;
    expect((await callRoute(uiMetrics.GET, { params: { id: empty.id } }, "GET")).body.metrics).toEqual([]);
    expect((await callRoute(uiMetrics.GET, { params: { id: 999_999 } }, "GET")).status).toBe(404);
  });

  it("send every objective's values for a sweep of several objectives, and no values column for one", async () => {
    const exp = (
      await callRoute(routes.experiments.POST, {
        body: { name: "mo", space: { x: { type: "uniform", low: 0, high: 1 } }, objectives: [{ metric: "loss" }, { metric: "acc", direction: "maximize" }], sampler: "random", seed: 2 },
      })
    ).body.experiment;
    const t = (await callRoute(routes.trials.POST, { params: { id: exp.id } })).body.trial;
    await callRoute(routes.complete.POST, { params: { id: t.id }, body: { values: [0.25, 0.75] } });
    await callRoute(routes.trials.POST, { params: { id: exp.id } });
    const mo = await callRoute(uiTrials.GET, { params: { id: exp.id } }, "GET");
    expect(mo.body.trials.value).toEqual([0.25, null]);
    expect(mo.body.trials.values).toEqual([[0.25, 0.75], null]);
    const { exp: single } = await seed(1, 1);
    expect((await callRoute(uiTrials.GET, { params: { id: single.id } }, "GET")).body.trials.values).toBeUndefined();
  });

  it("downsample curves to the requested size, keeping spikes", async () => {
    const { exp, ids } = await seed(2, 5_000);
    const res = await callRoute(uiScalars.GET, { params: { id: exp.id }, query: { metric: "loss", trials: ids.join(","), maxPoints: "500" } }, "GET");
    expect(res.status).toBe(200);
    expect(res.body.series).toHaveLength(2);
    for (const s of res.body.series) {
      expect(s.total).toBe(5_000);
      expect(s.points.length).toBeLessThanOrEqual(500);
      expect(s.points[0].step).toBe(0);
      expect(s.points.at(-1).step).toBe(4_999);
      expect(s.points.some((p: { step: number }) => p.step === 777)).toBe(true);
    }
    const bad = await callRoute(uiScalars.GET, { params: { id: exp.id }, query: { metric: "loss", trials: "1,abc" } }, "GET");
    expect(bad.status).toBe(422);
  });

  it("serve a finished trial's curve again as it was, and a running trial's as it grows", async () => {
    const { exp, ids } = await seed(1, 300);
    const live = (await callRoute(routes.trials.POST, { params: { id: exp.id } })).body.trial;
    const report = (points: Array<{ step: number; value: number }>) => callRoute(routes.metrics.POST, { params: { id: live.id }, body: { points: points.map((p) => ({ name: "loss", ...p })) } });
    await report(Array.from({ length: 300 }, (_, step) => ({ step, value: step })));
    const ask = async (metric = "loss", maxPoints = "50") =>
      (await callRoute(uiScalars.GET, { params: { id: exp.id }, query: { metric, trials: [ids[0], live.id].join(","), maxPoints } }, "GET")).body.series as Array<{ trialId: number; total: number; points: Array<{ step: number; value: number }> }>;
    const first = await ask();
    // The running trial reports on, and rewrites a step: its next answer shows both.
    await report([{ step: 150, value: -1_000 }, ...Array.from({ length: 100 }, (_, i) => ({ step: 300 + i, value: 1 }))]);
    const second = await ask();
    expect(second[0]).toEqual(first[0]);
    expect(second[1]!.total).toBe(400);
    expect(second[1]!.points.at(-1)!.step).toBe(399);
    expect(second[1]!.points.some((p) => p.step === 150 && p.value === -1_000)).toBe(true);
    // Another size or another sweep's id is its own answer, not the kept one.
    expect((await ask("loss", "20"))[0]!.points.length).toBeLessThanOrEqual(20);
    const other = (await callRoute(routes.experiments.POST, { body: { name: "other", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random" } })).body.experiment;
    const cross = await callRoute(uiScalars.GET, { params: { id: other.id }, query: { metric: "loss", trials: String(ids[0]) } }, "GET");
    expect(cross.body.series).toEqual([]);
  });

  it("estimate parameter importance and say which method", async () => {
    const { exp } = await seed(12, 1);
    const res = await callRoute(uiImportance.GET, { params: { id: exp.id } }, "GET");
    expect(res.body.method).toMatch(/fANOVA/);
    expect(res.body.trials).toBe(12);
    const byParam = Object.fromEntries(res.body.importances.map((i: { param: string; importance: number }) => [i.param, i.importance]));
    expect(byParam.x).toBeGreaterThan(byParam.k);
  });

  it("preview a sweep: every issue with its path, or sample configurations", async () => {
    const bad = await callRoute(uiPreview.POST, { body: { name: "p", objective: { metric: "loss" }, space: { lr: { type: "loguniform", low: -1, high: 1 }, n: { type: "int", low: 5, high: 1 } } } });
    expect(bad.body.ok).toBe(false);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["space.lr.low", "space.n.high"]));
    const good = await callRoute(uiPreview.POST, { body: { name: "p", objective: { metric: "loss" }, space: "lr:\n  type: loguniform\n  low: 0.0001\n  high: 1\n", spaceFormat: "yaml" } });
    expect(good.body.ok).toBe(true);
    expect(good.body.samples).toHaveLength(5);
    expect(good.body.samples[0].lr).toBeGreaterThan(0);
  });

  it("share tokens read their own experiment only, and stop working when revoked or expired", async () => {
    const { exp } = await seed(1, 1);
    const { exp: other } = await seed(1, 1);
    const { token, link } = await createShareLink({ experimentId: exp.id, viewState: { smoothing: 0.8 }, expiresInHours: null });
    const header = { "x-sweepboard-share": token };
    expect((await callRoute(uiExperiment.GET, { params: { id: exp.id }, headers: header }, "GET")).status).toBe(200);
    expect((await callRoute(uiExperiment.GET, { params: { id: other.id }, headers: header }, "GET")).status).toBe(404);
    expect((await callRoute(uiPreview.POST, { headers: header, body: {} })).status).toBe(403);
    await revokeShareLink({ experimentId: exp.id, id: link.id });
    const revoked = await callRoute(uiExperiment.GET, { params: { id: exp.id }, headers: header }, "GET");
    expect(revoked.status).toBe(404);
    expect(revoked.body.error.message).toMatch(/revoked/);
    const expired = await createShareLink({ experimentId: exp.id, viewState: {}, expiresInHours: 1, now: () => new Date(Date.now() - 2 * 3_600_000) });
    expect((await callRoute(uiExperiment.GET, { params: { id: exp.id }, headers: { "x-sweepboard-share": expired.token } }, "GET")).body.error.message).toMatch(/expired/);
    await expect(createShareLink({ experimentId: exp.id, viewState: {}, expiresInHours: -1 })).rejects.toThrow(/expiresInHours/);
  });
});

describe("validation reports every problem at once", () => {
  it("names space, sampler and pruner issues in one answer", async () => {
    const res = await callRoute(uiPreview.POST, {
      body: { name: "p", objective: { metric: "loss" }, space: { lr: { type: "loguniform", low: 0, high: 1 } }, sampler: { type: "tpe", nStartupTrials: -1 }, pruner: { type: "median", nWarmupSteps: "x" } },
    });
    expect(res.body.ok).toBe(false);
    const paths = res.body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["space.lr.low", "sampler.nStartupTrials", "pruner.nWarmupSteps"]));
  });
});

describe("pruned trials in the snapshot", () => {
  it("carry the objective's last reported value, where they stopped", async () => {
    const { exp } = await seed(1, 1);
    const t = (await callRoute(routes.trials.POST, { params: { id: exp.id } })).body.trial;
    await callRoute(routes.metrics.POST, { params: { id: t.id }, body: { points: [{ name: "loss", step: 0, value: 9 }, { name: "loss", step: 3, value: 4.5 }, { name: "acc", step: 9, value: 0.1 }] } });
    await callRoute(routes.prune.POST, { params: { id: t.id } });
    const snap = await callRoute(uiTrials.GET, { params: { id: exp.id } }, "GET");
    const i = snap.body.trials.id.indexOf(t.id);
    expect(snap.body.trials.state[i]).toBe("pruned");
    expect(snap.body.trials.lastIntermediate[i]).toBe(4.5);
    expect(snap.body.trials.lastIntermediate[0]).toBeNull();
  });
});
