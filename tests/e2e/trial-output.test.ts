// The trial page shows how a trial ran: the agent runs a script that prints to stdout and stderr; the page
// shows its command line (token masked), the output live while it runs and in full after, and a metric
// reported once as a value instead of a one-dot chart.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TrialPage } from "./pages/trial-page";
import { apiClient } from "./support/api";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";

let app: AppServer;
let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), "sweepboard-output-"));
const children: ChildProcess[] = [];

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await browser?.close();
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// Prints a phase, waits for the test's go-file, prints the rest, a summary metric once and exits.
const SCRIPT = `
import { existsSync } from "node:fs";
const go = process.argv[2];
console.log("phase one: starting");
console.error("warning: this goes to stderr");
console.log("step=0 loss=0.9");
console.log("the token is " + process.env.SWEEPBOARD_TOKEN);
while (!existsSync(go)) await new Promise((r) => setTimeout(r, 100));
console.log("phase two: after the go");
console.log("step=1 loss=0.5");
console.log("test_acc=0.875");
`;

describe("the trial page's command and output", () => {
  it("shows the command, the output live while the trial runs, and summary metrics as values", async () => {
    const api = apiClient(app.url, app.token);
    const { experiment } = await api.post("/experiments", { name: "printing", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random", maxTrials: 1 });
    const script = join(dir, "train.mjs");
    const go = join(dir, "go");
    writeFileSync(script, SCRIPT);
    const agent = spawn(process.execPath, ["bin/sweepboard.mjs", "agent", String(experiment.id), "--count", "1", "--", process.execPath, script, go, "--x=${x}"], {
      env: { ...process.env, SWEEPBOARD_URL: app.url, SWEEPBOARD_TOKEN: app.token },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(agent);
    let agentOutput = "";
    agent.stdout!.on("data", (d: Buffer) => (agentOutput += d.toString()));
    agent.stderr!.on("data", (d: Buffer) => (agentOutput += d.toString()));
    const exited = new Promise<number | null>((resolve) => agent.on("exit", resolve));

    const page = await browser.newPage();
    const trial = new TrialPage(page);
    await expect.poll(async () => (await api.get(`/experiments/${experiment.id}/trials`)).trials.length, { timeout: 30_000 }).toBe(1);
    await trial.open(app.url, experiment.id, 0);
    // Live: the first lines arrive while the script waits; no reload.
    await expect.poll(() => trial.outputTexts(), { timeout: 20_000 }).toEqual(expect.arrayContaining(["phase one: starting", "err warning: this goes to stderr"]));
    expect(await trial.outputStatus().textContent()).toMatch(/^live/);
    await expect.poll(() => trial.commandLine().textContent()).toContain(script);
    const line = (await trial.commandLine().textContent())!;
    expect(line).toMatch(/--x=0\.\d+/);
    expect(await trial.commandCwd().textContent()).toBe(process.cwd());
    expect(await trial.commandHost().textContent()).toBeTruthy();
    const texts = await trial.outputTexts();
    expect(texts).toContain("the token is ***");
    expect(texts.join("\n")).not.toContain(app.token);

    writeFileSync(go, "");
    await expect.poll(() => trial.outputTexts(), { timeout: 20_000 }).toContain("phase two: after the go");
    expect(await exited, agentOutput).toBe(0);
    await expect.poll(() => trial.outputStatus().textContent(), { timeout: 10_000 }).toMatch(/^ended/);
    // The rest of the page follows without a reload.
    await expect.poll(() => page.getByTestId("trial-state").textContent(), { timeout: 10_000 }).toMatch(/complete/i);
    expect(await page.getByTestId("trial-output-line").filter({ hasText: "warning" }).getAttribute("data-stream")).toBe("stderr");

    // After the end, a fresh load shows it all, and the metric reported once as a value.
    await page.reload();
    await page.getByTestId("trial-summary-metrics").waitFor();
    expect(await trial.summaryValue("test_acc").textContent()).toBe("0.875");
    expect(await trial.chart("test_acc").count()).toBe(0);
    await trial.chart("loss").waitFor();
    // stdout in its order; the stderr line wherever its pipe delivered it.
    const all = await trial.outputTexts();
    expect(all.filter((t) => !t.startsWith("err "))).toEqual(["phase one: starting", "step=0 loss=0.9", "the token is ***", "phase two: after the go", "step=1 loss=0.5", "test_acc=0.875"]);
    expect(all.filter((t) => t.startsWith("err "))).toEqual(["err warning: this goes to stderr"]);
    expect(existsSync(go)).toBe(true);
    await page.close();
  }, 120_000);

  it("says how many earlier lines were dropped past the 1 MiB bound", async () => {
    const api = apiClient(app.url, app.token);
    const { experiment } = await api.post("/experiments", { name: "chatty", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random", maxTrials: 1 });
    const { trial } = await api.post(`/experiments/${experiment.id}/trials`);
    const text = "y".repeat(2047);
    for (let batch = 1; batch <= 3; batch++) await api.post(`/trials/${trial.id}/output`, { batch, lines: Array.from({ length: 250 }, () => ({ stream: "stdout", text })) });
    const page = await browser.newPage();
    const view = new TrialPage(page);
    await view.open(app.url, experiment.id, 0);
    // 750 lines of 2 KiB (less one byte): 512 fit in 1 MiB.
    expect(await view.outputDropped().textContent()).toMatch(/^238 earlier lines dropped/);
    expect(await view.outputLines().count()).toBe(512);
    expect(await page.getByTestId("trial-command-none").count()).toBe(1);
    await page.close();
  });
});
