import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ComparePage } from "./pages/compare-page";
import { ExperimentPage } from "./pages/experiment-page";
import { TrialPage } from "./pages/trial-page";
import { apiClient } from "./support/api";
import { launchBrowser } from "./support/browser";
import { seedExperiment } from "./support/seed";
import { startApp, type AppServer } from "./support/server";

let app: AppServer;
let browser: Browser;
/** Relative luminance (WCAG) of a computed colour "rgb(r, g, b)". */
function luminance(rgb: string): number {
  const channels = /rgba?\((\d+), (\d+), (\d+)/.exec(rgb)?.slice(1).map(Number);
  if (!channels) throw new Error(`not an rgb() colour: ${rgb}`);
  const [r, g, b] = channels.map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const SHOTS = "tests/e2e/screenshots";

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the dashboard", () => {
  it("shows trials appear live while an agent runs, without a reload", async () => {
    const api = apiClient(app.url, app.token);
    const { experiment } = await api.post("/experiments", {
      name: "live agent run",
      space: { x: { type: "uniform", low: 0, high: 4 } },
      objective: { metric: "loss" },
      sampler: "random",
      maxTrials: 4,
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const view = new ExperimentPage(page);
    await view.open(app.url, experiment.id);
    expect(await view.trialRows().count()).toBe(0);
    // A reload makes a new window: the mark set now must still be there at the end. (framenavigated would also
    // count the view's same-document URL updates, which are not reloads.)
    await page.evaluate(() => ((window as unknown as { __sweepboardMark?: number }).__sweepboardMark = 1));

    const agent = spawn(process.execPath, ["bin/sweepboard.mjs", "agent", String(experiment.id), "--parallel", "2", "--quiet", "--", process.execPath, "tests/fixtures/fake-train.mjs", "--steps=20", "--delay=100"], {
      env: { ...process.env, SWEEPBOARD_URL: app.url, SWEEPBOARD_TOKEN: app.token },
      stdio: "ignore",
    });
    const exited = new Promise((r) => agent.on("exit", r));
    // Running trials show up first, then complete ones, each within a couple of seconds.
    await expect.poll(() => page.locator('[data-testid="trial-row"] [data-testid="status"]', { hasText: "running" }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => view.progress().textContent(), { timeout: 30_000 }).toBe("4 / 4");
    await exited;
    await expect.poll(() => page.locator('[data-testid="trial-row"] [data-testid="status"]', { hasText: "complete" }).count(), { timeout: 10_000 }).toBe(4);
    expect(await page.evaluate(() => (window as unknown as { __sweepboardMark?: number }).__sweepboardMark)).toBe(1);
    await page.close();
  });

  it("brushing an axis filters the table; smoothing changes the curve; screenshots of the charts", async () => {
    const experiment = await seedExperiment(app.url, app.token, { name: "brush and smooth", trials: 24 });
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const view = new ExperimentPage(page);
    await view.open(app.url, experiment.id);
    await expect.poll(() => view.trialRows().count()).toBe(24);
    await page.getByTestId("parallel-coordinates").waitFor();
    await page.getByTestId("param-importance").waitFor();
    await expect.poll(async () => (await view.curvePaths()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await view.screenshot(`${SHOTS}/experiment-charts.png`);

    await view.brushAxis("layers", 0.0, 0.45);
    await expect.poll(() => view.brushSummary().isVisible()).toBe(true);
    await expect.poll(() => view.trialRows().count()).toBeLessThan(24);
    const filtered = await view.trialRows().count();
    expect(filtered).toBeGreaterThan(0);
    expect(await view.brushSummary().textContent()).toContain(`Showing ${filtered} of 24 trials`);
    expect(page.url()).toContain("brushes");
    await view.screenshot(`${SHOTS}/experiment-brushed.png`);

    await page.getByTestId("scalar-chart").scrollIntoViewIfNeeded();
    await expect.poll(async () => (await view.curvePaths()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const before = await view.curvePaths();
    await view.setSmoothing(0.95);
    await expect.poll(async () => (await view.curvePaths()).join("|")).not.toBe(before.join("|"));
    expect(page.url()).toContain("smoothing");
    await page.close();
  });

  it("saves every chart page in light and in dark: the sweep, a trial, the compare page", async () => {
    const a = await seedExperiment(app.url, app.token, { name: "light and dark", trials: 20 });
    const b = await seedExperiment(app.url, app.token, { name: "light and dark (b)", trials: 8 });
    const backgrounds: Record<string, string> = {};
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      const view = new ExperimentPage(page);
      await view.open(app.url, a.id);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
      backgrounds[colorScheme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await expect.poll(() => view.trialRows().count()).toBe(20);
      await page.getByTestId("param-importance").waitFor();
      await expect.poll(async () => (await view.curvePaths()).length, { timeout: 10_000 }).toBeGreaterThan(0);
      await view.screenshot(`${SHOTS}/experiment-${colorScheme}.png`);
      // Chart text reads on its card: dark on light, light on dark (the charts draw with fixed hex fills).
      const fills = await view.chartTextFills("lr");
      for (const [what, fill] of Object.entries(fills)) {
        const l = luminance(fill);
        if (colorScheme === "light") expect(l, `${what} ${fill} in light`).toBeLessThan(0.3);
        else expect(l, `${what} ${fill} in dark`).toBeGreaterThan(0.3);
      }
      const trial = new TrialPage(page);
      await trial.open(app.url, a.id, 0);
      await page.locator('[data-testid="trial-detail"] .recharts-wrapper').first().waitFor();
      await page.screenshot({ path: `${SHOTS}/trial-${colorScheme}.png`, fullPage: true });
      const compare = new ComparePage(page);
      await compare.open(app.url, [a.id, b.id]);
      await page.locator('[data-testid="compare-best"] .recharts-wrapper').first().waitFor();
      await page.screenshot({ path: `${SHOTS}/compare-${colorScheme}.png`, fullPage: true });
      await context.close();
    }
    expect(backgrounds.dark).not.toBe(backgrounds.light);
  });

  it("a share link opens the same view read-only in a fresh browser, and nothing else", async () => {
    const experiment = await seedExperiment(app.url, app.token, { name: "shared sweep", trials: 16 });
    const other = await seedExperiment(app.url, app.token, { name: "not shared", trials: 2 });
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const view = new ExperimentPage(page);
    await view.open(app.url, experiment.id);
    await expect.poll(() => view.trialRows().count()).toBe(16);
    await view.brushAxis("layers", 0.0, 0.5);
    await expect.poll(() => view.brushSummary().isVisible()).toBe(true);
    await view.setSmoothing(0.9);
    await expect.poll(() => page.url()).toContain("0.9");
    const summary = await view.brushSummary().textContent();
    const shareUrl = await view.share();
    expect(shareUrl).toMatch(/\/s\/sbs_/);
    await page.close();

    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const fresh = await context.newPage();
    await fresh.goto(shareUrl);
    const shared = new ExperimentPage(fresh);
    await expect.poll(() => shared.title().textContent()).toContain("shared sweep");
    expect(await fresh.getByTestId("read-only-badge").isVisible()).toBe(true);
    await expect.poll(() => shared.brushSummary().textContent()).toBe(summary);
    expect(await shared.smoothingSlider().inputValue()).toBe("0.9");
    expect(await shared.controls().count()).toBe(0);
    expect(await fresh.getByTestId("share-button").count()).toBe(0);
    await fresh.screenshot({ path: `${SHOTS}/shared-view.png`, fullPage: true });

    // The link's token reads its own experiment and nothing else.
    const token = shareUrl.split("/s/")[1]!;
    const own = await fresh.evaluate(async ([id, t]) => (await fetch(`/api/ui/experiments/${id}`, { headers: { "x-sweepboard-share": t! } })).status, [String(experiment.id), token]);
    expect(own).toBe(200);
    const foreign = await fresh.evaluate(async ([id, t]) => (await fetch(`/api/ui/experiments/${id}/trials`, { headers: { "x-sweepboard-share": t! } })).status, [String(other.id), token]);
    expect(foreign).toBe(404);
    const list = await fresh.evaluate(async (t) => (await fetch(`/api/ui/experiments`, { headers: { "x-sweepboard-share": t } })).status, token);
    expect(list).toBe(403);
    const write = await fresh.evaluate(async (t) => (await fetch(`/api/ui/preview`, { method: "POST", headers: { "x-sweepboard-share": t, "content-type": "application/json" }, body: "{}" })).status, token);
    expect(write).toBe(403);
    await context.close();
  });

  it("renders names and notes containing markup or script as inert text", async () => {
    const name = `<img src=x onerror="window.__xss=1"> <b>bold</b>`;
    const description = `<script>window.__xss=2</script> notes & "quotes"`;
    const experiment = await seedExperiment(app.url, app.token, { name, description, trials: 1 });
    const page = await browser.newPage();
    const view = new ExperimentPage(page);
    await view.open(app.url, experiment.id);
    expect(await view.title().textContent()).toContain(name);
    expect(await view.description().textContent()).toBe(description);
    expect(await page.locator('[data-testid="experiment-name"] img, [data-testid="experiment-name"] b').count()).toBe(0);
    await page.goto(`${app.url}/`);
    await page.getByTestId("experiments-table").waitFor();
    expect(await page.getByTestId("experiments-table").textContent()).toContain(name);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.close();
  });

  it("makes and revokes API tokens from the dashboard", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/tokens`);
    await page.getByTestId("token-name").fill("browser-made");
    await page.getByTestId("token-create").click();
    const shown = await page.getByTestId("token-made").locator("code").textContent();
    expect(shown).toMatch(/^sb_/);
    const ok = await fetch(`${app.url}/api/v1/experiments`, { headers: { authorization: `Bearer ${shown}` } });
    expect(ok.status).toBe(200);
    const row = page.getByTestId("token-row").filter({ hasText: "browser-made" });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByTestId("token-revoke").click();
    await expect.poll(() => row.textContent()).toContain("revoked");
    const refused = await fetch(`${app.url}/api/v1/experiments`, { headers: { authorization: `Bearer ${shown}` } });
    expect(refused.status).toBe(401);
    await page.getByTestId("token-name").fill("");
    await page.getByTestId("token-create").click();
    await expect.poll(() => page.getByTestId("token-error").textContent()).toContain("name");
    await page.close();
  });
});
