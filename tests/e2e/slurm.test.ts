// examples/slurm/sweepboard-worker.sbatch as it is, submitted with sbatch to a one-node cluster of Debian's slurm-wlm:
// each array task fetches the standalone CLI from the server and runs `sweepboard worker`; a sweep launched onto
// the two workers runs its trials inside their Slurm allocations; idle workers exit and free their allocations;
// scancel stops a worker cleanly (its running trial fails as infrastructure, the worker says goodbye).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "./support/api";
import { startApp, type AppServer } from "./support/server";
import { startSlurm, type SlurmCluster } from "./support/slurm";

const SCRIPT = resolve("examples/slurm/sweepboard-worker.sbatch");

let app: AppServer;
let slurm: SlurmCluster;
let dir = "";
let home = "";
const live = { timeout: 60_000, interval: 250 };

interface WorkerRow {
  name: string;
  status: string;
  slots: number;
}

beforeAll(async () => {
  [app, slurm] = await Promise.all([startApp(), startSlurm()]);
  dir = mkdtempSync(join(tmpdir(), "sweepboard-slurm-work-"));
  // The token the script reads when SWEEPBOARD_TOKEN is not set: it stays out of the job's environment.
  home = join(dir, "home");
  mkdirSync(join(home, ".sweepboard"), { recursive: true });
  writeFileSync(join(home, ".sweepboard", "token"), `${app.token}\n`, { mode: 0o600 });
  writeFileSync(
    join(dir, "train.js"),
    [
      "const fs = require('node:fs');",
      "const arg = (n) => process.argv.find((a) => a.startsWith(`--${n}=`))?.split('=')[1];",
      "const x = Number(arg('x'));",
      "fs.writeFileSync(`seen-${process.env.SWEEPBOARD_TRIAL_NUMBER}.json`, JSON.stringify({ job: process.env.SLURM_ARRAY_JOB_ID ?? null, task: process.env.SLURM_ARRAY_TASK_ID ?? null }));",
      "setTimeout(() => console.log(`loss=${(x - 0.3) ** 2}`), 300 + Number(arg('sleep') ?? 0) * 1000);",
    ].join("\n"),
  );
}, 120_000);

afterAll(async () => {
  await slurm?.stop();
  await app?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Submits the example with what a user would export and pass on sbatch's command line (nothing edited in it). */
function submit(args: string[], idleExitSec: number): Promise<string> {
  return slurm.sbatch([`--output=${join(dir, "worker-%A_%a.log")}`, "--cpus-per-task=1", `--chdir=${dir}`, ...args, SCRIPT], {
    PATH: process.env.PATH ?? "",
    HOME: home,
    SWEEPBOARD_URL: app.url,
    SWEEPBOARD_IDLE_EXIT: String(idleExitSec),
  });
}

function jobLogs(jobId: string): string {
  return readdirSync(dir)
    .filter((f) => f.startsWith(`worker-${jobId}_`))
    .map((f) => `${f}:\n${readFileSync(join(dir, f), "utf8")}`)
    .join("\n");
}

describe("the Slurm example", () => {
  it("starts one worker per array task; a launched sweep runs inside their allocations; idle workers exit", async () => {
    const api = apiClient(app.url, app.token);
    const { experiment } = await api.post("/experiments", {
      name: "on slurm",
      space: { x: { type: "uniform", low: 0, high: 1 } },
      objective: { metric: "loss" },
      sampler: "random",
      maxTrials: 6,
      command: ["node", "train.js", "${args}"],
    });
    const job = await submit(["--array=0-1"], 15);
    const names = [`slurm-${job}-0`, `slurm-${job}-1`];
    const online = async () => ((await api.get("/workers")).workers as WorkerRow[]).filter((w) => names.includes(w.name) && w.status === "online");
    await expect.poll(async () => (await online()).length, { ...live, message: `workers did not register\n${jobLogs(job)}\n${slurm.logs()}` }).toBe(2);
    expect((await online()).map((w) => w.slots)).toEqual([1, 1]);

    const { launched } = await api.post(`/experiments/${experiment.id}/launch`, { slots: 2 });
    expect(new Set((launched as Array<{ workerName: string }>).map((s) => s.workerName))).toEqual(new Set(names));
    await expect.poll(async () => (await api.get(`/experiments/${experiment.id}`)).experiment.status, { ...live, message: jobLogs(job) }).toBe("completed");
    const trials = (await api.get(`/experiments/${experiment.id}/trials`)).trials as Array<{ state: string; workerId: string }>;
    expect(trials.map((t) => t.state)).toEqual(Array(6).fill("complete"));
    expect(new Set(trials.map((t) => t.workerId))).toEqual(new Set(names.map((n) => `${n}-slot1-w1`)));
    // Every run was a process of its array task's job.
    const seen = readdirSync(dir).filter((f) => f.startsWith("seen-")).map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as { job: string; task: string });
    expect(seen).toHaveLength(6);
    expect(new Set(seen.map((s) => s.job))).toEqual(new Set([job]));
    expect(new Set(seen.map((s) => s.task))).toEqual(new Set(["0", "1"]));

    // Nothing left to do: each worker exits after SWEEPBOARD_IDLE_EXIT and its allocation is freed.
    await expect.poll(() => slurm.queued(job), { ...live, timeout: 90_000, message: jobLogs(job) }).toEqual([]);
    expect(jobLogs(job)).toMatch(/no work for 15s \(--exit-when-idle\): stopping/);
    const gone = ((await api.get("/workers")).workers as WorkerRow[]).filter((w) => names.includes(w.name));
    expect(gone.map((w) => w.status)).toEqual(["stopped", "stopped"]);
  }, 240_000);

  it("scancel stops the worker cleanly: its run is stopped, the trial fails as infrastructure, the worker says goodbye", async () => {
    const api = apiClient(app.url, app.token);
    const { experiment } = await api.post("/experiments", {
      name: "cancelled on slurm",
      space: { x: { type: "uniform", low: 0, high: 1 } },
      objective: { metric: "loss" },
      sampler: "random",
      maxTrials: 2,
      command: ["node", "train.js", "--sleep=300", "${args}"],
    });
    const job = await submit(["--array=0"], 600);
    const name = `slurm-${job}-0`;
    await expect.poll(async () => ((await api.get("/workers")).workers as WorkerRow[]).find((w) => w.name === name)?.status, { ...live, message: jobLogs(job) }).toBe("online");
    await api.post(`/experiments/${experiment.id}/launch`, { slots: 1 });
    await expect.poll(async () => (await api.get(`/experiments/${experiment.id}/trials`)).trials.map((t: { state: string }) => t.state).join(), live).toBe("running");

    await slurm.scancel(job);
    await expect.poll(async () => (await api.get(`/experiments/${experiment.id}/trials`)).trials[0].state, { ...live, message: jobLogs(job) }).toBe("failed");
    const [trial] = (await api.get(`/experiments/${experiment.id}/trials`)).trials as Array<{ error: string }>;
    expect(trial!.error).toMatch(/interrupted/);
    await expect.poll(async () => ((await api.get("/workers")).workers as WorkerRow[]).find((w) => w.name === name)?.status, live).toBe("stopped");
    // Well before Slurm's KillWait would have killed it.
    await expect.poll(() => slurm.queued(job), { ...live, timeout: 25_000, message: jobLogs(job) }).toEqual([]);
  }, 180_000);
});
