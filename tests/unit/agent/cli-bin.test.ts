import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeServer } from "./fake-server";
import { isAlive, waitFor } from "./process-helpers";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function runBin(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["bin/sweepboard.mjs", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exit, output: () => ({ out, err }) };
}

// The real entry point: bin launcher -> tsx -> lib/cli/main.ts, as `npx sweepboard` runs it.
describe("bin/sweepboard.mjs", () => {
  it("runs trials from the environment's URL and exits 0", async () => {
    server = await new FakeServer({ maxTrials: 2, params: (n) => ({ x: n }) }).start();
    const run = runBin(["agent", "1", "--", "node", "tests/fixtures/fake-train.mjs"], { SWEEPBOARD_URL: server.url });
    expect(await run.exit, run.output().err).toBe(0);
    expect(server.trials.map((t) => t.state)).toEqual(["complete", "complete"]);
    expect(run.output().out).toContain("sweepboard: 2 trials (2 complete");
  }, 30_000);

  it("token: --help anywhere prints the usage and exits 0; a command names the database it opens", async () => {
    for (const args of [["token", "--help"], ["token", "create", "--help"], ["token", "-h"]]) {
      const run = runBin(args);
      expect(await run.exit, args.join(" ")).toBe(0);
      expect(run.output().out).toContain("sweepboard token create [--name NAME]");
      expect(run.output().out).toContain("DATABASE_URL");
    }
    const dir = mkdtempSync(join(tmpdir(), "sweepboard-cli-"));
    try {
      const url = `file:${join(dir, "cli.db")}`;
      const list = runBin(["token", "list"], { DATABASE_URL: url });
      expect(await list.exit, list.output().err).toBe(0);
      expect(list.output().err).toContain(`sweepboard: database ${url}`);
      const missing = runBin(["token"]);
      expect(await missing.exit).toBe(2);
      expect(missing.output().err).toContain("missing token command");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("exits 2 with one line on bad usage", async () => {
    const run = runBin(["agent", "1", "--parallel", "-1", "--", "x"]);
    expect(await run.exit).toBe(2);
    expect(run.output().err).toBe('sweepboard: --parallel needs a value (write --parallel=VALUE for one starting with "-")\n');
  }, 30_000);

  it("on SIGINT kills the running command, fails its trial and exits 130", async () => {
    server = await new FakeServer({ params: () => ({ mode: "grandchild" }) }).start();
    const run = runBin(["agent", "1", "--url", server.url, "--", "node", "tests/fixtures/fake-train.mjs"]);
    const end = Date.now() + 20_000;
    while (!/grandchild=\d+/.test(run.output().out) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const grandchild = Number(/grandchild=(\d+)/.exec(run.output().out)?.[1]);
    run.child.kill("SIGINT");
    expect(await run.exit).toBe(130);
    expect(server.trials[0]).toMatchObject({ state: "failed", error: "agent interrupted" });
    expect(grandchild).toBeGreaterThan(0);
    expect(await waitFor(() => !isAlive(grandchild))).toBe(true);
  }, 30_000);
});

describe("no orphans", () => {
  // The launcher (bin/sweepboard.mjs) or the CLI process behind it killed with SIGKILL: either way the run's
  // whole process group (its grandchild too) is gone within seconds, and the agent does not live on.
  for (const victim of ["launcher", "cli"] as const) {
    it(`a run's whole process group dies with its agent when the ${victim} is killed with SIGKILL`, async () => {
      server = await new FakeServer({ maxTrials: 1 }).start();
      const script = "const { spawn } = require('child_process'); const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log('pids ' + process.pid + ' ' + c.pid); setInterval(() => {}, 1000);";
      const dir = mkdtempSync(join(tmpdir(), "sweepboard-orphan-"));
      const file = join(dir, "train.js");
      writeFileSync(file, script);
      const run = runBin(["agent", "1", "--", "node", file], { SWEEPBOARD_URL: server.url });
      expect(await waitFor(() => /pids \d+ \d+/.test(run.output().out), 15_000), run.output().err).toBe(true);
      const [, a, b] = /pids (\d+) (\d+)/.exec(run.output().out)!;
      const pids = [Number(a), Number(b)];
      expect(pids.every(isAlive)).toBe(true);
      const cli = Number(readFileSync(`/proc/${run.child.pid}/task/${run.child.pid}/children`, "utf8").trim().split(/\s+/)[0]);
      expect(isAlive(cli)).toBe(true);
      if (victim === "launcher") run.child.kill("SIGKILL");
      else process.kill(cli, "SIGKILL");
      expect(await waitFor(() => pids.every((p) => !isAlive(p)) && !isAlive(cli), 10_000), `still running: ${[...pids, cli].filter(isAlive).join(", ")}`).toBe(true);
      rmSync(dir, { recursive: true, force: true });
    }, 30_000);
  }
});
