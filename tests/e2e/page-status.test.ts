import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "./support/api";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";

// Statuses are checked on the built app (`next start`): whether a page streams, and so whether its
// 404 is real, is decided by Next's renderer, which route-handler tests cannot see. A real 404 page's
// HTML is Next's error shell with the not-found UI in its payload (React renders it in the browser;
// vercel/next.js#62228), so what the visitor sees is checked in a browser.

let app: AppServer;
let browser: Browser;
let experimentId = 0;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const api = apiClient(app.url, app.token);
  const { experiment } = await api.post("/experiments", {
    name: "page statuses",
    space: { x: { type: "uniform", low: 0, high: 1 } },
    objective: { metric: "loss", direction: "minimize" },
    sampler: "random",
    maxTrials: 5,
  });
  experimentId = experiment.id;
  const { trial } = await api.post(`/experiments/${experimentId}/trials`);
  await api.post(`/trials/${trial.id}/metrics`, { points: [{ name: "loss", step: 1, value: 0.5 }] });
  await api.post(`/trials/${trial.id}/complete`, { value: 0.5 });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function page(path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${app.url}${path}`, { redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

/** Opens `path` in the browser: the document's status and the text of the element with `testId`. */
async function visit(path: string, testId: string): Promise<{ status: number | undefined; text: string }> {
  const tab = await browser.newPage();
  try {
    const response = await tab.goto(`${app.url}${path}`);
    const text = (await tab.getByTestId(testId).textContent({ timeout: 15_000 })) ?? "";
    return { status: response?.status(), text };
  } finally {
    await tab.close();
  }
}

describe("pages answer 404 with their not-found page, not 200", () => {
  it("an unknown or malformed experiment id", async () => {
    for (const id of ["999", "abc", "99999999999999999999"]) {
      const { status, html } = await page(`/experiments/${id}`);
      expect(status, id).toBe(404);
      expect(html).toContain('<meta name="robots" content="noindex"/>');
    }
    const seen = await visit("/experiments/999", "not-found");
    expect(seen.status).toBe(404);
    expect(seen.text).toContain("That page or experiment does not exist.");
  });

  it("an unknown trial, or a trial of an unknown experiment, with the trial's own message", async () => {
    for (const path of [`/experiments/${experimentId}/trials/99`, `/experiments/${experimentId}/trials/abc`, "/experiments/999/trials/0"]) {
      expect((await page(path)).status, path).toBe(404);
    }
    const seen = await visit(`/experiments/${experimentId}/trials/99`, "not-found");
    expect(seen.status).toBe(404);
    expect(seen.text).toContain("Trial not found");
    expect(seen.text).toContain(`Experiment ${experimentId} has no trial #99`);
  });

  it("an unknown share link, with the share page's message", async () => {
    for (const token of ["sbs_nope", "x"]) expect((await page(`/s/${token}`)).status, token).toBe(404);
    const seen = await visit("/s/sbs_nope", "share-invalid");
    expect(seen.status).toBe(404);
    expect(seen.text).toContain("This link does not work");
  });

  it("an unknown page", async () => {
    expect((await page("/no-such-page")).status).toBe(404);
  });

  it("pages that exist still answer 200 with their content (the trial's charts stream in)", async () => {
    const list = await page("/");
    expect(list.status).toBe(200);
    expect(list.html).toContain("page statuses");
    const experiment = await page(`/experiments/${experimentId}`);
    expect(experiment.status).toBe(200);
    expect(experiment.html).toContain("page statuses");
    const trial = await page(`/experiments/${experimentId}/trials/0`);
    expect(trial.status).toBe(200);
    expect(trial.html).toContain('data-testid="trial-detail"');
    const seen = await visit(`/experiments/${experimentId}/trials/0`, "trial-detail");
    expect(seen.status).toBe(200);
    expect(seen.text).toContain("loss");
  });

  it("compare with repeated ids (?ids=1&ids=2) renders instead of failing", async () => {
    const { status, html } = await page(`/compare?ids=${experimentId}&ids=999`);
    expect(status).toBe(200);
    expect(html).toContain('data-testid="compare-page"');
  });
});

describe("unknown API paths answer a JSON 404 for every method", () => {
  it("under /api/v1 and /api/ui, whatever the depth", async () => {
    const cases: Array<[string, string]> = [
      ["GET", "/api/v1/nope"],
      ["POST", "/api/v1/nope"],
      ["DELETE", "/api/v1/nope"],
      ["PUT", "/api/ui/nope"],
      ["PATCH", "/api/ui/nope/deeper"],
      ["GET", `/api/v1/experiments/${experimentId}/nope`],
      ["OPTIONS", "/api/nope"],
    ];
    for (const [method, path] of cases) {
      const res = await fetch(`${app.url}${path}`, { method, headers: { authorization: `Bearer ${app.token}` } });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      const body = await res.json();
      expect(body.error.code).toBe("not_found");
      expect(body.error.message).toContain(path);
    }
  });

  it("real routes still win over the catch-all", async () => {
    const res = await fetch(`${app.url}/api/v1/experiments/${experimentId}`, { headers: { authorization: `Bearer ${app.token}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).experiment.id).toBe(experimentId);
  });
});
