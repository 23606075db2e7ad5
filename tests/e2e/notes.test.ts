// Notes and tags end to end: a sweep's note written in Markdown from its page and seen rendered (a <script>
// in it stays text, a javascript: link is not a link); tags added there show as chips in the sweeps list,
// which filters by a clicked chip or a typed tag (kept in ?tag=); a trial's note and tags from its page,
// shown in the trials table; a share link shows the note read-only; a wrong tag is named inline.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExperimentPage } from "./pages/experiment-page";
import { ExperimentsPage } from "./pages/experiments-page";
import { NotesPanel } from "./pages/notes-panel";
import { TrialPage } from "./pages/trial-page";
import { apiClient } from "./support/api";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";

let app: AppServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function sweep(name: string) {
  const api = apiClient(app.url, app.token);
  const { experiment } = await api.post("/experiments", { name, space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random" });
  return { api, id: experiment.id as number };
}

describe("notes and tags", () => {
  it("renders a sweep's Markdown note, tags it, and filters the sweeps list by its tags", async () => {
    const { id } = await sweep("notes alpha");
    const other = await sweep("notes beta");
    await other.api.patch(`/experiments/${other.id}`, { tags: ["baseline"] });

    const experiment = new ExperimentPage(page);
    await experiment.open(app.url, id);
    const notes = new NotesPanel(page);
    await notes.root().getByTestId("notes-empty").waitFor();
    await notes.edit({
      note: "# Findings\n\n**lr** matters, *momentum* **barely *at all***.\n\n- run `a`\n- run b\n\n<script>window.__pwned = 1</script>\n\n[docs](https://example.com/docs) [bad](javascript:alert(1))",
      tags: "Baseline, lr-sweep  v2",
    });
    await notes.saved();
    const rendered = notes.rendered();
    expect(await rendered.locator("h1").textContent()).toBe("Findings");
    expect(await rendered.locator("strong").first().textContent()).toBe("lr");
    expect(await rendered.locator("strong em").textContent()).toBe("at all");
    expect(await rendered.locator("li").allTextContents()).toEqual(["run a", "run b"]);
    expect(await rendered.locator("li code").textContent()).toBe("a");
    expect(await rendered.textContent()).toContain("<script>window.__pwned = 1</script>");
    expect(await rendered.locator("script").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const links = rendered.locator("a");
    expect(await links.count()).toBe(1);
    expect(await links.getAttribute("href")).toBe("https://example.com/docs");
    expect(await links.getAttribute("rel")).toBe("noopener noreferrer nofollow");
    expect(await rendered.textContent()).toContain("[bad](javascript:alert(1))");
    expect(await notes.tags()).toEqual(["baseline", "lr-sweep", "v2"]);

    // Stored: a reload shows the same.
    await experiment.open(app.url, id);
    await notes.rendered().locator("h1").waitFor();
    expect(await notes.tags()).toEqual(["baseline", "lr-sweep", "v2"]);

    // A wrong tag is named inline and nothing changes.
    await notes.edit({ tags: "ok, Not/Ok" });
    await notes.error().waitFor();
    expect(await notes.error().textContent()).toMatch(/tags\[1\]: tag "not\/ok" must be 1-32 characters/);
    await notes.root().getByTestId("notes-cancel").click();
    expect(await notes.tags()).toEqual(["baseline", "lr-sweep", "v2"]);

    const list = new ExperimentsPage(page, app.url);
    await list.open();
    await list.row("notes alpha").waitFor();
    expect(await list.tags("notes alpha")).toEqual(["baseline", "lr-sweep", "v2"]);
    expect(await list.tags("notes beta")).toEqual(["baseline"]);

    await list.clickTag("notes alpha", "baseline");
    await expect.poll(() => new URL(page.url()).searchParams.getAll("tag")).toEqual(["baseline"]);
    await expect.poll(async () => (await list.names()).sort()).toEqual(["notes alpha", "notes beta"]);
    await list.filterByTag("LR-Sweep");
    await expect.poll(() => new URL(page.url()).searchParams.getAll("tag")).toEqual(["baseline", "lr-sweep"]);
    await expect.poll(() => list.names()).toEqual(["notes alpha"]);
    expect(await list.activeTagFilters()).toEqual(["baseline", "lr-sweep"]);

    await list.filterByTag("no way");
    expect(await list.tagFilterError().textContent()).toMatch(/tag "no way" must be 1-32 characters/);

    // The filter is in the URL: a reload keeps it; removing a filter widens the list again.
    await page.reload();
    await expect.poll(() => list.names()).toEqual(["notes alpha"]);
    await list.removeTagFilter("lr-sweep");
    await expect.poll(async () => (await list.names()).sort()).toEqual(["notes alpha", "notes beta"]);

    // A share link shows the note and tags, read-only.
    await experiment.open(app.url, id);
    const shareUrl = await experiment.share();
    const viewer = await browser.newPage();
    try {
      await viewer.goto(shareUrl);
      const shared = new NotesPanel(viewer);
      await shared.rendered().locator("h1").waitFor();
      expect(await shared.tags()).toEqual(["baseline", "lr-sweep", "v2"]);
      expect(await shared.root().getByTestId("notes-edit").count()).toBe(0);
    } finally {
      await viewer.close();
    }
  });

  it("writes a trial's note and tags from its page and shows the tags in the sweep's trials table", async () => {
    const { api, id } = await sweep("notes trial");
    const { trial } = await api.post(`/experiments/${id}/trials`, {});
    await api.post(`/trials/${trial.id}/complete`, { value: 0.25 });

    const trialPage = new TrialPage(page);
    await trialPage.open(app.url, id, trial.number);
    const notes = new NotesPanel(page);
    await notes.edit({ note: "Loss *spiked* at step 3; see `train.log`.", tags: "spike, Keep" });
    await notes.saved();
    expect(await notes.rendered().locator("em").textContent()).toBe("spiked");
    expect(await notes.rendered().locator("code").textContent()).toBe("train.log");
    expect(await notes.tags()).toEqual(["spike", "keep"]);

    const read = await api.get(`/trials/${trial.id}`);
    expect(read.trial).toMatchObject({ note: "Loss *spiked* at step 3; see `train.log`.", tags: ["spike", "keep"] });

    const experiment = new ExperimentPage(page);
    await experiment.open(app.url, id);
    await expect.poll(() => experiment.trialRow(trial.number).getByTestId("tag-chip").allTextContents()).toEqual(["spike", "keep"]);
  });
});
