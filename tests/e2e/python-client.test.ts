// The Python client as a package: pip installs it from clients/python, and a script using only the package
// creates a sweep and runs it to its budget against the real server.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "./support/server";

let app: AppServer;
let dir = "";
beforeAll(async () => {
  app = await startApp();
  dir = mkdtempSync(join(tmpdir(), "sweepboard-py-"));
});
afterAll(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const SCRIPT = `
import math, sweepboard
client = sweepboard.Client()
exp = client.create_experiment("py-package", {"x": {"type": "uniform", "low": -2, "high": 2}}, objective="loss", maxTrials=6, sampler="random")
done = 0
for trial in client.trials(exp["id"]):
    try:
        with trial:
            x = trial.params["x"]
            if done == 2:
                raise RuntimeError("diverged")
            for step in range(3):
                trial.report({"loss": (x - 1) ** 2 + 1 / (step + 1)}, step=step)
            trial.tell((x - 1) ** 2)
    except RuntimeError:
        pass
    done += 1
print("ran", done, "version", sweepboard.__version__)
`;

describe("the Python client package", () => {
  it("installs with pip and runs a sweep to its budget, an exception failing its trial", async () => {
    const target = join(dir, "site");
    execFileSync("python3", ["-m", "pip", "install", "--quiet", "--no-index", "--target", target, resolve("clients/python")], { stdio: "pipe" });
    const script = join(dir, "run.py");
    writeFileSync(script, SCRIPT);
    // Run from another folder, so only the installed package can be imported.
    const run = spawnSync("python3", [script], { cwd: dir, encoding: "utf8", env: { ...process.env, PYTHONPATH: target, SWEEPBOARD_URL: app.url, SWEEPBOARD_TOKEN: app.token }, timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("ran 6 version 0.1.0");
    const list = await (await fetch(`${app.url}/api/v1/experiments`, { headers: { authorization: `Bearer ${app.token}` } })).json();
    const exp = list.experiments.find((e: { name: string }) => e.name === "py-package");
    const trials = (await (await fetch(`${app.url}/api/v1/experiments/${exp.id}/trials`, { headers: { authorization: `Bearer ${app.token}` } })).json()).trials as Array<{ state: string; error: string | null }>;
    expect(trials.map((t) => t.state).sort()).toEqual(["complete", "complete", "complete", "complete", "complete", "failed"]);
    expect(trials.find((t) => t.state === "failed")?.error).toContain("RuntimeError: diverged");
  }, 120_000);
});
