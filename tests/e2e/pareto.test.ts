import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExperimentPage } from "./pages/experiment-page";
import { ParetoPanel } from "./pages/pareto-panel";
import { apiClient } from "./support/api";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";

// A sweep of two objectives (loss down, accuracy up) with a memory constraint, told over the API: a known
// front, a trial that would dominate it but breaks the constraint, a pruned trial, a running one. And a sweep
// of three objectives for the pairwise grid.

const SHOTS = "tests/e2e/screenshots";
let app: AppServer;
let browser: Browser;
let twoId = 0;
let threeId = 0;
// [loss, accuracy, memory_over]
const TOLD: Array<[number, number, number]> = [
  [0.2, 0.8, 0], // front
  [0.1, 0.7, -1], // front
  [0.3, 0.75, 0], // dominated by #0
  [0.05, 0.99, 1], // infeasible: not on the front
  [0.4, 0.95, -0.5], // front
  [0.25, 0.6, 0], // dominated
  [0.12, 0.72, 0], // front
];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startApp();
  browser = await launchBrowser();
  const api = apiClient(app.url, app.token);
  const space = { lr: { type: "loguniform", low: 1e-4, high: 1e-1 }, layers: { type: "int", low: 1, high: 4 } };
  const two = await api.post("/experiments", {
    name: "two objectives",
    space,
    objectives: [{ metric: "loss", direction: "minimize" }, { metric: "accuracy", direction: "maximize" }],
    constraints: ["memory_over"],
    sampler: "random",
    maxTrials: 20,
    seed: 2,
  });
  twoId = two.experiment.id;
  for (const [loss, accuracy, memory] of TOLD) {
    const { trial } = await api.post(`/experiments/${twoId}/trials`);
    await api.post(`/trials/${trial.id}/metrics`, { points: [{ name: "loss", step: 0, value: loss + 0.3 }, { name: "loss", step: 1, value: loss }] });
    await api.post(`/trials/${trial.id}/complete`, { values: [loss, accuracy], constraints: [memory] });
  }
  const { trial: pruned } = await api.post(`/experiments/${twoId}/trials`);
  await api.post(`/trials/${pruned.id}/metrics`, { points: [{ name: "loss", step: 0, value: 0.9 }] });
  await api.post(`/trials/${pruned.id}/prune`);
  await api.post(`/experiments/${twoId}/trials`); // running: not plotted

  const three = await api.post("/experiments", {
    name: "three objectives",
    space,
    objectives: [{ metric: "loss" }, { metric: "latency" }, { metric: "accuracy", direction: "maximize" }],
    sampler: "random",
    maxTrials: 10,
    seed: 3,
  });
  threeId = three.experiment.id;
  for (const values of [
    [0.2, 10, 0.8],
    [0.1, 30, 0.7],
    [0.3, 5, 0.75],
    [0.3, 40, 0.6],
  ]) {
    const { trial } = await api.post(`/experiments/${threeId}/trials`);
    await api.post(`/trials/${trial.id}/complete`, { values });
  }
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the Pareto front of two objectives", () => {
  it("plots every finished trial by kind, joins and lists the server's front, opens a trial on click", async () => {
    const api = apiClient(app.url, app.token);
    const { experiment } = await api.get(`/experiments/${twoId}`);
    const front: number[] = experiment.paretoFront;
    expect([...front].sort((a, b) => a - b)).toEqual([0, 1, 4, 6]);
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    const view = new ExperimentPage(page);
    const pareto = new ParetoPanel(page);
    await view.open(app.url, twoId);
    await pareto.plot().waitFor();
    await expect.poll(async () => (await pareto.points()).front?.length ?? 0).toBe(front.length);
    const points = await pareto.points();
    expect(points.front).toEqual([...front].sort((a, b) => a - b));
    expect(points.infeasible).toEqual([3]);
    expect(points.feasible).toEqual([2, 5]);
    // The pruned trial has no accuracy to place it by; the legend says so rather than drawing it anywhere.
    expect(points.pruned).toBeUndefined();
    expect(await pareto.plot().getAttribute("data-points")).toBe(String(TOLD.length));
    expect(await page.getByTestId("pareto-legend").textContent()).toContain("1 finished without every objective");
    expect(await pareto.frontLine().count()).toBe(1);

    // The table lists exactly the API's front, best loss first, each linking to its trial.
    expect(await pareto.listedFront()).toEqual([1, 6, 0, 4]);
    expect(new Set(await pareto.listedFront())).toEqual(new Set(front));
    expect(await pareto.frontLink(6).getAttribute("href")).toBe(`/experiments/${twoId}/trials/6`);

    await pareto.point(6).hover();
    await expect.poll(() => pareto.tooltip().textContent()).toContain("Trial #6");
    const tip = (await pareto.tooltip().textContent()) ?? "";
    expect(tip).toContain("0.12");
    expect(tip).toContain("0.72");
    expect(tip).toContain("on the front");

    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
      await page.mouse.move(0, 0);
      await page.getByTestId("pareto-section").screenshot({ path: `${SHOTS}/pareto-front-${colorScheme}.png` });
    }

    await pareto.point(0).click();
    await page.waitForURL(`**/experiments/${twoId}/trials/0`);
    await page.getByTestId("trial-detail").waitFor();
    await page.close();
  });

  it("the objective selector chooses what the objective chart shows, and is kept in the URL", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    const view = new ExperimentPage(page);
    const pareto = new ParetoPanel(page);
    await view.open(app.url, twoId);
    await page.getByTestId("loss-over-trials").waitFor();
    expect((await pareto.objectiveChart()).subtitle).toContain("loss · lower is better");
    expect((await pareto.otherCharts()).slice).toContain("loss vs");
    await pareto.objectiveSelect().selectOption({ label: "maximize accuracy" });
    await expect.poll(async () => (await pareto.objectiveChart()).subtitle).toContain("accuracy · higher is better");
    expect((await pareto.objectiveChart()).labels).toContain("accuracy");
    const others = await pareto.otherCharts();
    expect(others.slice).toContain("accuracy vs");
    expect(others.parallel).toContain("accuracy");
    expect(decodeURIComponent(page.url())).toContain(`"objective":1`);
    await page.reload();
    await page.getByTestId("loss-over-trials").waitFor();
    expect(await pareto.objectiveSelect().inputValue()).toBe("1");
    expect((await pareto.objectiveChart()).subtitle).toContain("accuracy");

    // A link naming an objective the sweep does not have shows the first one, not an error.
    const bad = encodeURIComponent(JSON.stringify({ objective: 7 }));
    const res = await page.goto(`${app.url}/experiments/${twoId}?v=${bad}`);
    expect(res?.status()).toBe(200);
    await page.getByTestId("loss-over-trials").waitFor();
    expect(await pareto.objectiveSelect().inputValue()).toBe("0");
    expect((await pareto.objectiveChart()).subtitle).toContain("loss");
    await page.close();
  });
});

describe("three objectives", () => {
  it("draw a plot per pair of objectives, the front highlighted in each", async () => {
    const api = apiClient(app.url, app.token);
    const front: number[] = (await api.get(`/experiments/${threeId}`)).experiment.paretoFront;
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    const view = new ExperimentPage(page);
    const pareto = new ParetoPanel(page);
    await view.open(app.url, threeId);
    for (const pair of ["pareto-plot-0-1", "pareto-plot-0-2", "pareto-plot-1-2"]) {
      await pareto.plot(pair).waitFor();
      await expect.poll(async () => (await pareto.points(pair)).front).toEqual([...front].sort((a, b) => a - b));
    }
    expect(new Set(await pareto.listedFront())).toEqual(new Set(front));
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
      await page.getByTestId("pareto-section").screenshot({ path: `${SHOTS}/pareto-pairwise-${colorScheme}.png` });
    }
    await page.close();
  });
});
