import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExperimentPage } from "./pages/experiment-page";
import { apiClient } from "./support/api";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";

// Suggest in the browser: the optimizer's next configurations from the sweep's history, without creating trials;
// one is enqueued and the next ask hands it out.

let app: AppServer;
let browser: Browser;
let experimentId = 0;
const live = { timeout: 15_000 };

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const api = apiClient(app.url, app.token);
  const { experiment } = await api.post("/experiments", {
    name: "suggest in the browser",
    space: { x: { type: "uniform", low: -2, high: 2 }, act: { type: "categorical", values: ["relu", "gelu"] } },
    objective: { metric: "loss" },
    sampler: { type: "tpe", nStartupTrials: 3 },
    seed: 5,
  });
  experimentId = experiment.id;
  for (let i = 0; i < 6; i++) {
    const { trial } = await api.post(`/experiments/${experimentId}/trials`);
    await api.post(`/trials/${trial.id}/complete`, { value: (trial.params.x as number) ** 2 });
  }
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("Suggest", () => {
  it("lists the next configurations with a command line each, creates nothing, and enqueues one for the next ask", async () => {
    const api = apiClient(app.url, app.token);
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const view = new ExperimentPage(page);
    await view.open(app.url, experimentId);

    await view.suggest(0);
    await expect.poll(() => view.suggestError().textContent(), live).toContain("from 1 to 20");

    await view.suggest(3);
    await expect.poll(() => view.suggestions().count(), live).toBe(3);
    const first = view.suggestions().first();
    expect(await first.textContent()).toContain("#6");
    const command = (await first.getByTestId("suggestion-command").textContent()) ?? "";
    expect(command).toMatch(/^python train\.py --x=-?[\d.e-]+ --act=(relu|gelu)$/);
    expect((await api.get(`/experiments/${experimentId}`)).experiment.trialCount).toBe(6);

    await first.getByTestId("suggestion-enqueue").click();
    await expect.poll(() => first.getByTestId("suggestion-queued").textContent(), live).toBe("queued as trial #6");
    const { trial } = await api.post(`/experiments/${experimentId}/trials`);
    const [, x, act] = /--x=(\S+) --act=(\S+)/.exec(command)!;
    expect(trial.params.act).toBe(act);
    expect(trial.params.x).toBeCloseTo(Number(x), 12);
    await page.close();
  });
});
