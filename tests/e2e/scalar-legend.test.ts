import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExperimentPage } from "./pages/experiment-page";
import { launchBrowser } from "./support/browser";
import { seedExperiment } from "./support/seed";
import { startApp, type AppServer } from "./support/server";

// The scalars chart says which colour is which trial, and no two shown curves share a colour: 12 trials are
// more than the palette's 10 colours, so colouring by trial number modulo the palette would repeat.

const SHOTS = "tests/e2e/screenshots";
let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the scalars legend", () => {
  it("lists each shown trial with its curve's colour, all distinct, with axis titles; light and dark screenshots", async () => {
    const experiment = await seedExperiment(app.url, app.token, { name: "legend sweep", trials: 12, steps: 8 });
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      const view = new ExperimentPage(page);
      await view.open(app.url, experiment.id);
      await expect.poll(async () => (await view.curvePaths()).length, { timeout: 10_000 }).toBe(12);
      const legend = await view.scalarLegend();
      expect(legend.map((l) => l.trial).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
      expect(new Set(legend.map((l) => l.color)).size).toBe(12);
      const strokes = await view.curveColors();
      for (const l of legend) expect(strokes[String(l.trial)]).toBe(l.color);
      const titles = await view.scalarAxisTitles();
      expect(titles).toContain("step");
      expect(titles).toContain("val_loss");

      // The colours stay while the shown trials do: a setting that redraws the curves keeps them.
      await view.setSmoothing(0.9);
      await expect.poll(() => page.url()).toContain("0.9");
      expect(await view.curveColors()).toEqual(strokes);

      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
      const chart = page.getByTestId("scalar-chart");
      await chart.scrollIntoViewIfNeeded();
      await chart.screenshot({ path: `${SHOTS}/scalars-legend-${colorScheme}.png` });
      await context.close();
    }
  });
});
