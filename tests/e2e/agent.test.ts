import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "./support/api";
import { startApp, type AppServer } from "./support/server";

let app: AppServer;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

/** Runs the real CLI (`bin/sweepboard.mjs agent ...`) to the end and returns its exit code and output. */
function runAgent(args: string[], opts: { onOutput?: (text: string) => void } = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/sweepboard.mjs", "agent", ...args], { env: { ...process.env, SWEEPBOARD_URL: app.url, SWEEPBOARD_TOKEN: app.token }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (d: Buffer) => {
      output += d.toString();
      opts.onOutput?.(output);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("the agent against the real server", () => {
  it("completes, prunes, fails, catches crashes and kills hung commands", async () => {
    const api = apiClient(app.url, app.token);
    const { experiment } = await api.post("/experiments", {
      name: "agent e2e",
      space: { x: { type: "uniform", low: 0, high: 4 }, mode: { type: "categorical", values: ["complete", "slow", "fail", "crash", "hang"] } },
      objective: { metric: "loss", direction: "minimize" },
      sampler: "random",
      pruner: { type: "median", nStartupTrials: 2, nWarmupSteps: 0 },
      maxTrials: 6,
      maxRetries: 0,
    });
    // Enqueued trials come out first and in order: two good runs of 200 steps give the pruner its
    // history; the slow run is judged at the step it has reached, as Optuna's median pruner does.
    // The failing runs sit at the optimum (x = 2) so that the pruner never stops them first.
    for (const params of [
      { x: 2, mode: "complete" },
      { x: 2.1, mode: "complete" },
      { x: 4, mode: "slow" },
      { x: 2, mode: "fail" },
      { x: 2, mode: "crash" },
      { x: 2, mode: "hang" },
    ]) {
      await api.post(`/experiments/${experiment.id}/enqueue`, { params });
    }
    const result = await runAgent([String(experiment.id), "--parallel", "1", "--timeout", "4", "--heartbeat", "1", "--", process.execPath, "tests/fixtures/fake-train.mjs", "--delay=5", "--steps=200"]);
    expect(result.code, result.output).toBe(0);

    const { trials } = await api.get(`/experiments/${experiment.id}/trials`);
    const byMode = Object.fromEntries(trials.map((t: any) => [t.params.mode === "complete" ? `complete-${t.number}` : t.params.mode, t]));
    expect(byMode["complete-0"]).toMatchObject({ state: "complete" });
    expect(byMode["complete-0"].value).toBeCloseTo(1 / 200, 6);
    expect(byMode["complete-1"].state).toBe("complete");
    expect(byMode.slow.state).toBe("pruned");
    expect(byMode.fail).toMatchObject({ state: "failed" });
    expect(byMode.fail.error).toMatch(/Traceback|exit/i);
    expect(byMode.crash.state).toBe("failed");
    expect(byMode.crash.error).toMatch(/SIGSEGV|signal/i);
    expect(byMode.hang.state).toBe("failed");
    expect(byMode.hang.error).toMatch(/timed out after 4/);
    const losses = await api.get(`/trials/${byMode["complete-0"].id}/metrics?name=loss`);
    expect(losses.points).toHaveLength(200);
    const sweep = await api.get(`/experiments/${experiment.id}`);
    expect(sweep.experiment.status).toBe("completed");
  });

  it("rides out a server restart and finishes the sweep", async () => {
    const api = apiClient(app.url, app.token);
    const { experiment } = await api.post("/experiments", {
      name: "agent restart",
      space: { x: { type: "uniform", low: 0, high: 4 } },
      objective: { metric: "loss" },
      sampler: "random",
      maxTrials: 4,
    });
    let restarted: Promise<void> | undefined;
    const run = runAgent([String(experiment.id), "--parallel", "2", "--", process.execPath, "tests/fixtures/fake-train.mjs", "--steps=15", "--delay=150"], {
      onOutput: (text) => {
        // Once both workers are training, take the server down for two seconds.
        if (!restarted && (text.match(/started/g) ?? []).length >= 2) {
          restarted = (async () => {
            await app.kill("SIGTERM");
            await new Promise((r) => setTimeout(r, 2_000));
            await app.restart();
          })();
        }
      },
    });
    const result = await run;
    await restarted;
    expect(restarted).toBeDefined();
    expect(result.code, result.output).toBe(0);
    const { trials } = await api.get(`/experiments/${experiment.id}/trials`);
    expect(trials).toHaveLength(4);
    expect(trials.every((t: any) => t.state === "complete")).toBe(true);
    for (const t of trials) {
      const series = await api.get(`/trials/${t.id}/metrics?name=loss`);
      expect(series.points.map((p: any) => p.step)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    }
  });
});
