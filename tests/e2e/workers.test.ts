// Workers and launch, end to end: the standalone CLI fetched into an empty folder runs `worker --slots 2
// --gpus 0,1`; a sweep that stores its command is launched from its page with the Launch button; each slot
// runs its trials with its own CUDA_VISIBLE_DEVICES; the Workers page shows the busy slots; a launch taken
// back stops its run; SIGTERM stops the worker, which says goodbye.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExperimentPage } from "./pages/experiment-page";
import { LaunchPanel, WorkersPage } from "./pages/workers-page";
import { apiClient } from "./support/api";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";

let app: AppServer;
let browser: Browser;
let dir = "";
let worker: ChildProcess | undefined;
let workerErr = "";
const live = { timeout: 30_000 };

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), "sweepboard-worker-"));
  writeFileSync(join(dir, "sweepboard.mjs"), Buffer.from(await (await fetch(`${app.url}/sweepboard.mjs`)).arrayBuffer()));
  // Records which GPUs each trial saw, then prints its loss.
  writeFileSync(
    join(dir, "train.js"),
    [
      "const fs = require('node:fs');",
      "const arg = (n) => process.argv.find((a) => a.startsWith(`--${n}=`))?.split('=')[1];",
      "const x = Number(arg('x'));",
      "const sleep = Number(arg('sleep') ?? 0);",
      "fs.writeFileSync(`seen-${process.env.SWEEPBOARD_TRIAL_NUMBER}.json`, JSON.stringify({ cuda: process.env.CUDA_VISIBLE_DEVICES ?? null, slot: process.env.SWEEPBOARD_WORKER_SLOT, argv: process.argv.slice(2) }));",
      "setTimeout(() => { console.log(`loss=${(x - 0.3) ** 2}`); }, 300 + sleep * 1000);",
    ].join("\n"),
  );
});

afterAll(async () => {
  worker?.kill("SIGKILL");
  await browser?.close();
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function startWorker(args: string[]): Promise<{ code: number | null }> {
  const child = spawn(process.execPath, ["sweepboard.mjs", "worker", ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOME: dir, NODE_ENV: "production", SWEEPBOARD_URL: app.url, SWEEPBOARD_TOKEN: app.token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  worker = child;
  child.stderr.on("data", (d: Buffer) => (workerErr += d.toString()));
  child.stdout.on("data", () => {});
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code })));
}

describe("workers and launch", () => {
  it("runs a sweep launched from the dashboard on two slots, each with its own GPU, and stops when told", async () => {
    const api = apiClient(app.url, app.token);
    const { experiment } = await api.post("/experiments", {
      name: "launched from the browser",
      space: { x: { type: "uniform", low: 0, high: 1 } },
      objective: { metric: "loss" },
      sampler: "random",
      maxTrials: 6,
      command: ["${env}", "node", "train.js", "${args}"],
    });
    const exited = startWorker(["--slots", "2", "--gpus", "0,1", "--name", "e2e-box"]);
    await expect.poll(() => workerErr, live).toContain('"e2e-box"');

    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const workers = new WorkersPage(page);
    await workers.open(app.url);
    await expect.poll(() => workers.status("e2e-box").textContent(), live).toBe("online");
    expect(await workers.busy("e2e-box").textContent()).toBe("0 / 2");

    const view = new ExperimentPage(page);
    await view.open(app.url, experiment.id);
    const launch = new LaunchPanel(page);
    expect(await launch.command().textContent()).toBe("${env} node train.js ${args}");
    await launch.launch(2);
    await expect.poll(() => launch.message().textContent(), live).toBe("Launched on 2 slots of 1 worker.");
    await expect.poll(async () => (await api.get(`/experiments/${experiment.id}`)).experiment.status, { timeout: 60_000 }).toBe("completed");
    const trials = (await api.get(`/experiments/${experiment.id}/trials`)).trials as Array<{ number: number; state: string; workerId: string | null }>;
    expect(trials.map((t) => t.state)).toEqual(Array(6).fill("complete"));
    expect(new Set(trials.map((t) => t.workerId))).toEqual(new Set(["e2e-box-slot1-w1", "e2e-box-slot2-w1"]));

    // Each trial ran on one slot with that slot's GPU, and the command's ${args} became --x=...
    const seen = readdirSync(dir).filter((f) => f.startsWith("seen-")).map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as { cuda: string; slot: string; argv: string[] });
    expect(seen).toHaveLength(6);
    for (const s of seen) {
      expect(s.cuda).toBe(s.slot === "1" ? "0" : "1");
      expect(s.argv).toEqual([expect.stringMatching(/^--x=0\.\d+/)]);
    }
    expect(new Set(seen.map((s) => s.cuda))).toEqual(new Set(["0", "1"]));
    // The sweep is done: its slots go back.
    await expect.poll(async () => (await api.get(`/experiments/${experiment.id}/launch`)).slots.length, live).toBe(0);
    await workers.open(app.url);
    await expect.poll(() => workers.busy("e2e-box").textContent(), live).toBe("0 / 2");

    // A long run taken back from the dashboard is stopped, its trial failed as infrastructure.
    const { experiment: slow } = await api.post("/experiments", {
      name: "taken back",
      space: { x: { type: "uniform", low: 0, high: 1 } },
      objective: { metric: "loss" },
      sampler: "random",
      maxTrials: 3,
      command: ["node", "train.js", "--sleep=120", "${args}"],
    });
    await view.open(app.url, slow.id);
    await launch.launch(1);
    await expect.poll(() => launch.heldSlots().count(), live).toBe(1);
    await expect.poll(async () => (await api.get(`/experiments/${slow.id}/trials`)).trials.map((t: { state: string }) => t.state).join(), live).toBe("running");
    await workers.open(app.url);
    await expect.poll(() => workers.busy("e2e-box").textContent(), live).toBe("1 / 2");
    await view.open(app.url, slow.id);
    await launch.takeBack();
    await expect.poll(() => launch.message().textContent(), live).toMatch(/^Took back 1 slot/);
    await expect.poll(async () => (await api.get(`/experiments/${slow.id}/trials`)).trials[0].state, live).toBe("failed");
    const failed = (await api.get(`/experiments/${slow.id}/trials`)).trials[0] as { error: string };
    expect(failed.error).toMatch(/interrupted/);
    await expect.poll(() => workerErr, live).toMatch(/slot 1: sweep \d+ was taken back: stopping its run/);

    // SIGTERM: the worker stops and says goodbye; the page shows it stopped.
    worker!.kill("SIGTERM");
    expect((await exited).code).toBe(130);
    await workers.open(app.url);
    await expect.poll(() => workers.status("e2e-box").textContent(), live).toBe("stopped");
    await page.close();
  }, 180_000);
});
