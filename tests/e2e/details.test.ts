import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ComparePage } from "./pages/compare-page";
import { ExperimentPage } from "./pages/experiment-page";
import { ExperimentsPage } from "./pages/experiments-page";
import { TrialPage } from "./pages/trial-page";
import { apiClient } from "./support/api";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";

// The dashboard's details: titles, 404s, theme, times, numbers, sorting, controls, URLs, compare's range.

let app: AppServer;
let browser: Browser;
let api: ReturnType<typeof apiClient>;

/** A random sweep whose trials complete with the given values (the budget is their count unless given), each loss reported at `steps` steps. */
async function sweep(name: string, values: number[], maxTrials = values.length, steps = 1) {
  const { experiment } = await api.post("/experiments", {
    name,
    space: { x: { type: "uniform", low: 0, high: 1 } },
    objective: { metric: "loss", direction: "minimize" },
    sampler: "random",
    maxTrials,
  });
  for (const value of values) {
    const { trial } = await api.post(`/experiments/${experiment.id}/trials`);
    await api.post(`/trials/${trial.id}/metrics`, { points: Array.from({ length: steps }, (_, step) => ({ name: "loss", step, value: value + (steps - 1 - step) / 10 })) });
    await api.post(`/trials/${trial.id}/complete`, { value });
  }
  return experiment.id as number;
}

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  api = apiClient(app.url, app.token);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("titles name the sweep or trial", () => {
  it("on every page, and on 404s", async () => {
    const id = await sweep("titled sweep", [0.5]);
    const page = await browser.newPage();
    const titles: Record<string, string> = {
      "/": "Experiments · Sweepboard",
      [`/experiments/${id}`]: "titled sweep · Sweepboard",
      [`/experiments/${id}/trials/0`]: "Trial #0 · titled sweep · Sweepboard",
      "/experiments/new": "New sweep · Sweepboard",
      "/tokens": "API tokens · Sweepboard",
      [`/compare?ids=${id}`]: "Compare sweeps · Sweepboard",
      "/no-such-page": "Not found · Sweepboard",
      "/experiments/999": "Experiment not found · Sweepboard",
      "/experiments/abc": "Experiment not found · Sweepboard",
      [`/experiments/${id}/trials/99`]: "Trial not found · Sweepboard",
    };
    for (const [path, title] of Object.entries(titles)) {
      const response = await page.goto(`${app.url}${path}`);
      expect(await page.title(), path).toBe(title);
      if (title.includes("not found")) expect(response?.status(), path).toBe(404);
    }
    await page.close();
  });
});

describe("the dark theme", () => {
  it("follows prefers-color-scheme, and the header's toggle overrides it across reloads", async () => {
    const context = await browser.newContext({ colorScheme: "dark" });
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await theme()).toBe("dark");
    const dark = await background();
    expect(await page.getByTestId("theme-toggle").getAttribute("data-choice")).toBe("system");

    // system -> dark -> light: the light choice wins over the dark system scheme, after a reload too.
    await page.getByTestId("theme-toggle").click();
    await expect.poll(() => page.getByTestId("theme-toggle").getAttribute("data-choice")).toBe("dark");
    await page.getByTestId("theme-toggle").click();
    await expect.poll(theme).toBe("light");
    expect(await background()).not.toBe(dark);
    await page.reload();
    expect(await theme()).toBe("light");

    // Back to "system": it follows the scheme again, live.
    await page.getByTestId("theme-toggle").click();
    await expect.poll(theme).toBe("dark");
    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(theme).toBe("light");
    await context.close();
  });
});

describe("local times with the zone, one number format", () => {
  it("the list, the tokens page and the trial page show the viewer's local time with its zone", async () => {
    const id = await sweep("zoned sweep", [4.26591234e-6]);
    const context = await browser.newContext({ timezoneId: "Asia/Kolkata" });
    const page = await context.newPage();
    const list = new ExperimentsPage(page, app.url);
    await list.open();
    await expect.poll(() => list.updatedAt("zoned sweep").textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\+5:30$/);
    // The shown time is the stored one, shifted by +5:30.
    const iso = (await list.updatedAt("zoned sweep").getAttribute("datetime"))!;
    const shifted = new Date(Date.parse(iso) + 330 * 60_000).toISOString().replace("T", " ").slice(0, 19);
    expect(await list.updatedAt("zoned sweep").textContent()).toBe(`${shifted} UTC+5:30`);

    await page.goto(`${app.url}/tokens`);
    await expect.poll(() => page.getByTestId("token-created").first().textContent()).toMatch(/ UTC\+5:30$/);

    const trial = new TrialPage(page);
    await trial.open(app.url, id, 0);
    await expect.poll(() => trial.timing().textContent()).toContain("UTC+5:30");
    expect(await page.getByTestId("trial-value").textContent()).toBe("4.2659e-6");

    // The same value reads the same in the table, the best-trial card and the list.
    const view = new ExperimentPage(page);
    await view.open(app.url, id);
    await expect.poll(() => view.trialRow(0).getByTestId("trial-value").textContent()).toBe("4.2659e-6");
    expect((await view.bestTrialFacts()).value).toBe("4.2659e-6");
    await list.open();
    await expect.poll(() => list.row("zoned sweep").getByTestId("experiment-best").textContent()).toBe("4.2659e-6");
    await context.close();
  });
});

describe("the experiments list", () => {
  it("sorts by any column, both ways, and keeps the order in the URL", async () => {
    await sweep("sort b-middle", [0.5], 5);
    await sweep("sort a-worst", [0.9], 5);
    await sweep("sort c-best", [0.1], 5);
    const page = await browser.newPage();
    const list = new ExperimentsPage(page, app.url);
    await page.goto(`${app.url}/?q=sort%20`);
    await expect.poll(() => list.names()).toEqual(["sort c-best", "sort a-worst", "sort b-middle"]);
    await list.sortBy("name");
    await expect.poll(() => list.names()).toEqual(["sort a-worst", "sort b-middle", "sort c-best"]);
    await list.sortBy("name");
    await expect.poll(() => list.names()).toEqual(["sort c-best", "sort b-middle", "sort a-worst"]);
    await list.sortBy("best");
    await expect.poll(() => list.names()).toEqual(["sort a-worst", "sort b-middle", "sort c-best"]);
    await list.sortBy("best");
    await expect.poll(() => list.names()).toEqual(["sort c-best", "sort b-middle", "sort a-worst"]);
    expect(page.url()).toContain("sort=best");
    expect(page.url()).toContain("dir=asc");
    await page.reload();
    await expect.poll(() => list.names()).toEqual(["sort c-best", "sort b-middle", "sort a-worst"]);
    expect(await page.getByTestId("experiment-search").inputValue()).toBe("sort ");
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain("Best");
    await page.close();
  });
});

describe("a completed sweep", () => {
  it("offers no Resume; extending its budget resumes it", async () => {
    const id = await sweep("spent budget", [0.3, 0.2]);
    const page = await browser.newPage();
    const view = new ExperimentPage(page);
    await view.open(app.url, id);
    await expect.poll(() => view.status().textContent()).toBe("completed");
    expect(await view.controlButton("resume").count()).toBe(0);
    expect(await view.controlButton("extend").textContent()).toBe("Extend budget and resume");
    await view.controlButton("extend").click();
    await expect.poll(() => view.status().textContent()).toBe("running");
    await expect.poll(() => view.progress().textContent()).toBe("2 / 12");
    expect(await view.controlButton("resume").count()).toBe(0);
    expect(await view.controlButton("pause").count()).toBe(1);
    await page.close();
  });
});

describe("every view setting is in the URL", () => {
  it("the objective chart's x axis and log y survive a reload", async () => {
    const id = await sweep("url settings", [0.3, 0.2, 0.4]);
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const view = new ExperimentPage(page);
    await view.open(app.url, id);
    await view.setLossXMode("Time");
    // The toggles are controlled by the URL: the checkbox turns on once the URL says so.
    await view.lossLogY().click();
    await expect.poll(() => view.lossLogY().isChecked()).toBe(true);
    await expect.poll(() => decodeURIComponent(page.url())).toContain('"lossX":"time"');
    expect(decodeURIComponent(page.url())).toContain('"lossLogY":true');
    await page.reload();
    await page.getByTestId("loss-over-trials").waitFor();
    expect(await view.lossXMode()).toBe("Time");
    expect(await view.lossLogY().isChecked()).toBe(true);
    await page.close();
  });
});

describe("the trial page's chart settings are in the URL", () => {
  it("x axis and log y survive a reload", async () => {
    const id = await sweep("trial url settings", [0.3], 1, 3);
    const page = await browser.newPage();
    const trial = new TrialPage(page);
    await trial.open(app.url, id, 0);
    await page.getByTestId("trial-metrics").waitFor();
    await trial.setXAxis("Wall");
    await trial.logY().click();
    await expect.poll(() => trial.logY().isChecked()).toBe(true);
    await expect.poll(() => decodeURIComponent(page.url())).toContain('"xAxis":"wall"');
    await page.reload();
    await page.getByTestId("trial-metrics").waitFor();
    expect(await trial.xAxis()).toBe("Wall");
    expect(await trial.logY().isChecked()).toBe(true);
    await page.close();
  });
});

describe("compare", () => {
  it("sets its y range without the outliers, and keeps log y and full range in the URL", async () => {
    const a = await sweep("compare steady", [0.5, 0.4, 0.3, 0.25, 0.2]);
    const b = await sweep("compare diverged", [0.45, 1e6, 0.35, 0.3, 0.22]);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const compare = new ComparePage(page);
    await compare.open(app.url, [a, b]);
    await expect.poll(() => compare.outliers().textContent()).toBe("1 outlier off the axis");
    await expect.poll(async () => (await compare.yTicks()).length, { timeout: 10_000 }).toBeGreaterThan(1);
    expect(Math.max(...(await compare.yTicks()))).toBeLessThan(1);

    await compare.fullRange().click();
    await expect.poll(() => page.url()).toContain("full=1");
    await expect.poll(async () => Math.max(...(await compare.yTicks()))).toBeGreaterThan(1e5);
    await compare.logY().click();
    await expect.poll(() => page.url()).toContain("log=1");
    await page.reload();
    await page.getByTestId("compare-best").waitFor();
    expect(await compare.logY().isChecked()).toBe(true);
    expect(await compare.fullRange().isChecked()).toBe(true);
    await page.close();
  });
});
