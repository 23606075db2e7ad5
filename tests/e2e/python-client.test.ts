// The Python client as a package: pip installs it from clients/python, or on a machine without the checkout from
// the server itself (its wheel URL into a fresh venv, or its PEP 503 index), and a script using only the package
// creates a sweep and runs it to its budget against the real server.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "./support/server";

// Child processes run asynchronously: a blocked event loop keeps fetch from noticing that the server closed an
// idle keep-alive connection, and the next request on it fails.
const run = promisify(execFile);

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
import math, sys, sweepboard
client = sweepboard.Client()
exp = client.create_experiment(sys.argv[1], {"x": {"type": "uniform", "low": -2, "high": 2}}, objective="loss", maxTrials=6, sampler="random")
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

/** Runs SCRIPT with `python` (from another folder, so only an installed package can be imported) and checks the sweep it ran. */
async function runSweep(python: string, name: string, env: Record<string, string> = {}) {
  const script = join(dir, "run.py");
  writeFileSync(script, SCRIPT);
  const { stdout } = await run(python, [script, name], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env, SWEEPBOARD_URL: app.url, SWEEPBOARD_TOKEN: app.token }, timeout: 60_000 });
  expect(stdout).toContain("ran 6 version 0.1.0");
  const list = await (await fetch(`${app.url}/api/v1/experiments`, { headers: { authorization: `Bearer ${app.token}` } })).json();
  const exp = list.experiments.find((e: { name: string }) => e.name === name);
  const trials = (await (await fetch(`${app.url}/api/v1/experiments/${exp.id}/trials`, { headers: { authorization: `Bearer ${app.token}` } })).json()).trials as Array<{ state: string; error: string | null }>;
  expect(trials.map((t) => t.state).sort()).toEqual(["complete", "complete", "complete", "complete", "complete", "failed"]);
  expect(trials.find((t) => t.state === "failed")?.error).toContain("RuntimeError: diverged");
}

// pip talks to the server directly (no proxy from the environment), with no cache shared between tests.
const PIP_ENV = { ...process.env, NO_PROXY: "127.0.0.1,localhost", no_proxy: "127.0.0.1,localhost", PIP_NO_CACHE_DIR: "1", PIP_DISABLE_PIP_VERSION_CHECK: "1" };

describe("the Python client package", () => {
  it("installs with pip and runs a sweep to its budget, an exception failing its trial", async () => {
    const target = join(dir, "site");
    await run("python3", ["-m", "pip", "install", "--quiet", "--no-index", "--target", target, resolve("clients/python")]);
    await runSweep("python3", "py-package", { PYTHONPATH: target });
  }, 120_000);

  it("installs from the server's wheel URL into a fresh venv, and from its simple index, and runs a sweep", async () => {
    const wheel = `sweepboard-0.1.0-py3-none-any.whl`;
    const venv = join(dir, "venv");
    // A venv that borrows the system's pip (--system-site-packages) instead of its own: Debian's python3 has no
    // ensurepip without python3-venv, and CI installs only python3-pip. pip run by the venv's python installs
    // into the venv.
    await run("python3", ["-m", "venv", "--without-pip", "--system-site-packages", venv], { timeout: 90_000 });
    const python = join(venv, "bin", "python");
    await run(python, ["-m", "pip", "install", "--quiet", "--no-index", `${app.url}/python/${wheel}`], { env: PIP_ENV, timeout: 60_000 });
    const shown = (await run(python, ["-m", "pip", "show", "sweepboard"], { encoding: "utf8", env: PIP_ENV })).stdout;
    expect(shown).toMatch(/^Name: sweepboard$/m);
    expect(shown).toMatch(/^Version: 0\.1\.0$/m);
    expect(shown).toMatch(/^Summary: Client for Sweepboard/m);
    const where = (await run(python, ["-c", "import sweepboard; print(sweepboard.__file__)"], { cwd: dir, encoding: "utf8" })).stdout.trim();
    expect(where.startsWith(`${venv}/`), where).toBe(true);
    await runSweep(python, "py-from-server");

    // pip's other way: the PEP 503 index (it checks the link's #sha256= against what it downloads).
    const target = join(dir, "from-index");
    await run("python3", ["-m", "pip", "install", "--quiet", "--index-url", `${app.url}/python/simple/`, "--target", target, "sweepboard"], { env: PIP_ENV, timeout: 60_000 });
    await runSweep("python3", "py-from-index", { PYTHONPATH: target });

    // A wrong version names the right file.
    const wrong = await fetch(`${app.url}/python/sweepboard-0.0.9-py3-none-any.whl`);
    expect(wrong.status).toBe(404);
    expect((await wrong.json()).error.message).toContain(`/python/${wheel}`);
  }, 180_000);
});
