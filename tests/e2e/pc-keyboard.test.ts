import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExperimentPage } from "./pages/experiment-page";
import { apiClient } from "./support/api";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";

// Parallel coordinates without a mouse: an axis takes focus, arrows brush it, Escape clears; an integer
// parameter's axis is labelled with whole numbers only. Axes reorder by dragging their labels (or the arrow keys),
// and the line under the pointer shows its trial.

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

  it("a label dragged sideways (or moved with the arrows) reorders the axes, kept in the URL; the line under the pointer shows its trial", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const view = new ExperimentPage(page);
    await view.open(app.url, experimentId);
    await expect.poll(() => view.parallelSelection().textContent(), live).toContain("12 trials");
    expect(await view.axisOrder()).toEqual(["layers", "lr", "__objective__"]);

    // Drag lr's label over layers' place.
    await view.parallelPlot().scrollIntoViewIfNeeded();
    const [layersBox, lrBox] = [await view.axisLabel("layers").boundingBox(), await view.axisLabel("lr").boundingBox()];
    await view.dragAxisLabel("lr", layersBox!.x - lrBox!.x);
    await expect.poll(() => view.axisOrder(), live).toEqual(["lr", "layers", "__objective__"]);
    await expect.poll(() => decodeURIComponent(page.url()), live).toContain('"axisOrder":["lr","layers","__objective__"]');
    await page.reload();
    await expect.poll(() => view.axisOrder(), live).toEqual(["lr", "layers", "__objective__"]);
    await view.parallelPlot().scrollIntoViewIfNeeded();
    // From the keyboard: the focused label moves one place per arrow.
    await view.axisLabel("lr").focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => view.axisOrder(), live).toEqual(["layers", "lr", "__objective__"]);
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => view.axisOrder(), live).toEqual(["lr", "layers", "__objective__"]);
    // A drag of a few pixels is not a move.
    await view.dragAxisLabel("layers", 2);
    expect(await view.axisOrder()).toEqual(["lr", "layers", "__objective__"]);

    // Sweep the pointer down between the first two axes until a line is under it.
    const plot = (await view.parallelPlot().boundingBox())!;
    const lrX = (await view.axisLabel("lr").boundingBox())!;
    const layersX = (await view.axisLabel("layers").boundingBox())!;
    const x = (lrX.x + lrX.width / 2 + layersX.x + layersX.width / 2) / 2;
    let found = false;
    for (let y = plot.y + 50; y < plot.y + plot.height - 14 && !found; y += 3) {
      await page.mouse.move(x, y);
      found = await view.parallelTooltip().isVisible().catch(() => false);
      if (!found) await page.waitForTimeout(20);
    }
    expect(found).toBe(true);
    const text = (await view.parallelTooltip().textContent()) ?? "";
    const number = Number(/Trial #(\d+)/.exec(text)?.[1]);
    expect(Number.isInteger(number)).toBe(true);
    expect(await view.parallelHoverLine().getAttribute("data-trial")).toBe(String(number));
    const trial = ((await apiClient(app.url, app.token).get(`/experiments/${experimentId}/trials`)).trials as Array<{ number: number; params: { layers: number } }>).find((t) => t.number === number)!;
    expect(text).toContain(`layers${trial.params.layers}`);
    // Off the lines, nothing is shown.
    await page.mouse.move(plot.x + 5, plot.y + 5);
    await expect.poll(() => view.parallelTooltip().count(), live).toBe(0);
    await page.close();
  });
});
