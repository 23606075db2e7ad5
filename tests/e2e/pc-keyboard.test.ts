import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExperimentPage } from "./pages/experiment-page";
import { apiClient } from "./support/api";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";

// Parallel coordinates without a mouse: an axis takes focus, arrows brush it, Escape clears; an integer
// parameter's axis is labelled with whole numbers only.

let app: AppServer;
let browser: Browser;
let experimentId = 0;
const live = { timeout: 15_000 };

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const api = apiClient(app.url, app.token);
  const { experiment } = await api.post("/experiments", {
    name: "keyboard brushing",
    space: { layers: { type: "int", low: 1, high: 3 }, lr: { type: "uniform", low: 0, high: 1 } },
    objective: { metric: "loss" },
    sampler: "random",
    seed: 9,
  });
  experimentId = experiment.id;
  for (let i = 0; i < 12; i++) {
    const { trial } = await api.post(`/experiments/${experimentId}/trials`);
    await api.post(`/trials/${trial.id}/complete`, { value: (trial.params.lr as number) + (trial.params.layers as number) });
  }
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("parallel coordinates by keyboard", () => {
  it("arrows brush a focused axis, Shift+arrows resize the brush, Escape clears it; integer axes have whole-number ticks", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const view = new ExperimentPage(page);
    await view.open(app.url, experimentId);
    await expect.poll(() => view.parallelSelection().textContent(), live).toContain("12 trials");
    expect(await view.axisTickLabels("layers")).toEqual(["1", "2", "3"]);

    await view.axisHandle("lr").focus();
    await page.keyboard.press("ArrowUp");
    await expect.poll(() => view.parallelSelection().textContent(), live).toMatch(/\d+ of 12 selected/);
    const narrow = Number(/(\d+) of 12/.exec((await view.parallelSelection().textContent()) ?? "")?.[1]);
    for (let i = 0; i < 8; i++) await page.keyboard.press("Shift+ArrowUp");
    await expect.poll(async () => Number(/(\d+) of 12/.exec((await view.parallelSelection().textContent()) ?? "")?.[1] ?? 12), live).toBeGreaterThanOrEqual(narrow);
    await page.keyboard.press("Escape");
    await expect.poll(() => view.parallelSelection().textContent(), live).toContain("12 trials");
    await page.close();
  });
});
