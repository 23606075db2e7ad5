import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExperimentPage } from "./pages/experiment-page";
import { TrialPage } from "./pages/trial-page";
import { apiClient } from "./support/api";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";

// One sweep with a median pruner, made over the API: three complete trials, one the pruner stops at
// step 1, one its client stops on its own at step 2. Every view of the page must show both pruned trials.

let app: AppServer;
let browser: Browser;
let experimentId = 0;
const LOSS = [
  [0.9, 0.5, 0.3, 0.2],
  [0.8, 0.4, 0.2, 0.056622],
  [1.0, 0.6, 0.4, 0.3],
];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const api = apiClient(app.url, app.token);
  const { experiment } = await api.post("/experiments", {
    name: "best and pruned",
    space: { lr: { type: "loguniform", low: 1e-6, high: 1e-2 }, layers: { type: "int", low: 1, high: 4 } },
    objective: { metric: "val_loss", direction: "minimize" },
    sampler: "random",
    pruner: { type: "median", nStartupTrials: 2 },
    maxTrials: 10,
    seed: 3,
  });
  experimentId = experiment.id;
  for (const curve of LOSS) {
    const { trial } = await api.post(`/experiments/${experimentId}/trials`);
    await api.post(`/trials/${trial.id}/metrics`, { points: curve.map((value, step) => ({ name: "val_loss", step, value })) });
    await api.post(`/trials/${trial.id}/complete`, { value: curve.at(-1) });
  }
  // Trial 3: the median of 0.5, 0.4 and 0.6 at step 1 is 0.5; its best so far, 0.7, is worse: the pruner says stop.
  const { trial: stopped } = await api.post(`/experiments/${experimentId}/trials`);
  const first = await api.post(`/trials/${stopped.id}/metrics`, { points: [{ name: "val_loss", step: 0, value: 0.7 }] });
  expect(first.shouldPrune).toBe(false);
  const second = await api.post(`/trials/${stopped.id}/metrics`, { points: [{ name: "val_loss", step: 1, value: 0.95 }] });
  expect(second.shouldPrune).toBe(true);
  await api.post(`/trials/${stopped.id}/prune`);
  // Trial 4: good values, stopped by its client without asking the pruner.
  const { trial: own } = await api.post(`/experiments/${experimentId}/trials`);
  await api.post(`/trials/${own.id}/metrics`, { points: [0.85, 0.45, 0.25].map((value, step) => ({ name: "val_loss", step, value })) });
  await api.post(`/trials/${own.id}/prune`);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the best trial card", () => {
  it("names the best trial: number, value, parameters, a link, and shows it in the charts", async () => {
    const api = apiClient(app.url, app.token);
    const best = (await api.get(`/experiments/${experimentId}/trials`)).trials.find((t: any) => t.number === 1);
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const view = new ExperimentPage(page);
    await view.open(app.url, experimentId);
    const facts = await view.bestTrialFacts();
    expect(facts.number).toBe("1");
    expect(facts.value).toBe("0.056622");
    expect(Object.keys(facts.params).sort()).toEqual(["layers", "lr"]);
    expect(facts.params.layers).toBe(String(best.params.layers));
    expect(Number(facts.params.lr)).toBeCloseTo(best.params.lr, 8);
    expect(facts.href).toBe(`/experiments/${experimentId}/trials/1`);

    await view.showBestInCharts();
    await expect.poll(() => view.curveCount().textContent()).toBe("1 selected trials");
    expect(decodeURIComponent(page.url())).toContain(`"selected":[${best.id}]`);
    await expect.poll(async () => (await view.curvePaths()).length, { timeout: 10_000 }).toBe(1);
    expect(await view.trialRow(1).getAttribute("aria-selected")).toBe("true");

    await view.bestTrial().getByTestId("best-trial-link").click();
    await page.waitForURL(`**/experiments/${experimentId}/trials/1`);
    await page.getByTestId("trial-detail").waitFor();
    await page.close();
  });
});

describe("pruned trials", () => {
  it("are drawn in every chart with their own marker, and in the table with their last value and step", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1200 } });
    const view = new ExperimentPage(page);
    await view.open(app.url, experimentId);
    await expect.poll(() => view.trialRows().count()).toBe(5);
    expect(await view.tableValue(3)).toEqual({ value: "0.95", step: "@1" });
    expect(await view.tableValue(4)).toEqual({ value: "0.25", step: "@2" });
    expect(await view.tableValue(0)).toEqual({ value: "0.2", step: null });

    await expect.poll(() => view.lossLegend().textContent()).toContain("pruned (2)");
    await page.getByTestId("parallel-coordinates").scrollIntoViewIfNeeded();
    await expect.poll(() => view.parallelPrunedCount()).toBe(2);
    expect(await page.getByTestId("pc-selected").textContent()).toContain("5 trials (2 pruned, dashed)");
    await expect.poll(() => view.slicePrunedLegend().textContent()).toContain("pruned (2)");

    // The scalars draw them by default: no filter typed.
    await page.getByTestId("scalar-chart").scrollIntoViewIfNeeded();
    expect(await page.getByTestId("curve-filter").inputValue()).toBe("");
    await expect.poll(() => view.curveCount().textContent()).toBe("best 3, 2 latest pruned (dashed) trials");
    await expect.poll(async () => (await view.prunedCurves()).curves, { timeout: 10_000 }).toEqual(["3", "4"]);
    expect((await view.prunedCurves()).ends).toEqual(["3", "4"]);
    await page.close();
  });

  it("the scatter charts draw each trial where their axes say, and its tooltip names it", async () => {
    const api = apiClient(app.url, app.token);
    const trials: any[] = (await api.get(`/experiments/${experimentId}/trials`)).trials;
    const lr = (n: number) => trials.find((t) => t.number === n).params.lr as number;
    const page = await browser.newPage({ viewport: { width: 1440, height: 1200 } });
    const view = new ExperimentPage(page);
    await view.open(app.url, experimentId);
    // The canvas lies exactly on the plot area Recharts laid out for the axes.
    for (const chart of ["loss-plot", "slice-canvas"] as const) {
      const { canvas, plot } = await view.scatterBoxes(chart);
      canvas.forEach((v, i) => expect(Math.abs(v - plot[i]!), `${chart} box ${i}`).toBeLessThan(1));
    }
    const best = await view.hoverScatter("loss-plot", 1, 0.056622);
    expect(best).toContain("Trial #1");
    expect(best).toContain("0.056622");
    const stopped = await view.hoverScatter("loss-plot", 3, 0.95);
    expect(stopped).toContain("Trial #3");
    expect(stopped).toContain("pruned · last reported value at step 1");
    // Away from every marker, no tooltip.
    await view.hoverScatter("loss-plot", 2, 0.3);
    await page.mouse.move(5, 5);
    await page.getByTestId("loss-plot-tooltip").waitFor({ state: "detached" });

    // The slice plot: lr on a log axis.
    const slice = await view.hoverScatter("slice-canvas", lr(4), 0.25, { x: true });
    expect(slice).toContain("Trial #4");
    expect(slice).toContain("pruned");
    expect(await view.hoverScatter("slice-canvas", lr(0), 0.2, { x: true })).toContain("Trial #0");
    await page.close();
  });

  it("the trial page says at which step and against what threshold the pruner stopped it", async () => {
    const page = await browser.newPage();
    const trial = new TrialPage(page);
    await trial.open(app.url, experimentId, 3);
    expect(await trial.prunedStep().textContent()).toBe("1");
    expect(await trial.prunedThreshold().textContent()).toBe("0.5");
    const reason = (await trial.prunedReason().textContent()) ?? "";
    expect(reason).toContain("median pruner stopped it at step 1");
    expect(reason).toContain("median of 3 complete trials at step 1");
    // The median pruner judges the best value so far (0.7 at step 0), not the last one.
    expect(reason).toContain("0.7 is higher (worse) than the threshold 0.5");

    await trial.open(app.url, experimentId, 4);
    expect(await trial.prunedStep().textContent()).toBe("2");
    expect(await trial.pruned().textContent()).toContain("0.25");
    expect(await trial.prunedThreshold().count()).toBe(0);
    expect(await trial.prunedReason().textContent()).toContain("No pruner decision is on record");

    await trial.open(app.url, experimentId, 0);
    expect(await trial.pruned().count()).toBe(0);
    await page.close();
  });

  it("the CSV export carries their last value and step; the JSON their verdict", async () => {
    const res = await fetch(`${app.url}/api/v1/experiments/${experimentId}/export?format=csv`, { headers: { authorization: `Bearer ${app.token}` } });
    const lines = (await res.text()).trim().split("\n");
    const header = lines[0]!.split(",");
    const at = (line: string, column: string) => line.split(",")[header.indexOf(column)];
    const row = (n: number) => lines.find((l) => l.startsWith(`${n},`))!;
    expect(at(row(3), "state")).toBe("pruned");
    expect(at(row(3), "val_loss")).toBe("0.95");
    expect(at(row(3), "last_step")).toBe("1");
    expect(at(row(4), "val_loss")).toBe("0.25");
    expect(at(row(4), "last_step")).toBe("2");
    expect(at(row(1), "val_loss")).toBe("0.056622");
    const json = await (await fetch(`${app.url}/api/v1/experiments/${experimentId}/export`, { headers: { authorization: `Bearer ${app.token}` } })).json();
    const stopped = json.trials.find((t: any) => t.number === 3);
    expect(stopped.pruneVerdict).toMatchObject({ pruner: "median", step: 1, value: 0.7, threshold: 0.5 });
    expect(json.trials.find((t: any) => t.number === 4).pruneVerdict).toBeNull();
  });
});
