import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExperimentPage } from "./pages/experiment-page";
import { ExperimentsPage } from "./pages/experiments-page";
import { apiClient } from "./support/api";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";

let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the thin slice in a real browser", () => {
  it("shows a sweep created over the API, with three told trials, in the list and on its page", async () => {
    const api = apiClient(app.url, app.token);
    const { experiment } = await api.post("/experiments", {
      name: "e2e thin slice",
      space: { lr: { type: "loguniform", low: 1e-4, high: 1 }, act: { type: "categorical", values: ["relu", "gelu"] } },
      objective: { metric: "val_loss", direction: "minimize" },
      sampler: "random",
      maxTrials: 5,
      seed: 1,
    });
    const values = [0.9, 0.4, 0.7];
    for (const value of values) {
      const { trial } = await api.post(`/experiments/${experiment.id}/trials`);
      await api.post(`/trials/${trial.id}/metrics`, { points: [{ name: "val_loss", step: 1, value }] });
      await api.post(`/trials/${trial.id}/complete`, { value });
    }

    const page = await browser.newPage();
    const list = new ExperimentsPage(page, app.url);
    await list.open();
    const row = list.row("e2e thin slice");
    await expect.poll(() => row.getByTestId("experiment-progress").textContent()).toBe("3 / 5");
    expect(await row.getByTestId("experiment-best").textContent()).toBe("0.4");

    await list.openExperiment("e2e thin slice");
    const detail = new ExperimentPage(page);
    await expect.poll(() => detail.title().textContent()).toContain("e2e thin slice");
    await expect.poll(() => detail.trialRows().count()).toBe(3);
    expect(await detail.trialRow(1).getByTestId("trial-value").textContent()).toBe("0.4");
    expect(await detail.trialRow(0).getByTestId("status").textContent()).toBe("complete");
    mkdirSync("tests/e2e/screenshots", { recursive: true });
    await page.screenshot({ path: "tests/e2e/screenshots/experiment-thin-slice.png", fullPage: true });
    await page.close();
  });
});
