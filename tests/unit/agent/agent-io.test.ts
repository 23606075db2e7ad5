import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { agent, FAKE_TRAIN } from "./agent-helpers";
import { FakeServer, type FakeServerOptions } from "./fake-server";

let server: FakeServer | undefined;
const start = async (options: FakeServerOptions, port?: number) => (server = await new FakeServer(options).start(port));
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const hasPython = (() => {
  try {
    execFileSync("python3", ["--version"]);
    return true;
  } catch {
    return false;
  }
})();

/** The JSON after `PREFIX ` in the fixture's env-mode output. */
const dumped = (out: string, prefix: string) => JSON.parse(new RegExp(`\\] ${prefix} (.*)`).exec(out)![1]!);

describe("what the command receives", () => {
  it("gets params as args, env variables and a JSON file", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ mode: "env", x: 2, optimizer: "adam", "optimizer.adam.lr": 0.001 }) });
    const { out } = await agent(s, FAKE_TRAIN, { token: "sb_secret" });
    expect(dumped(out, "ARGV")).toEqual(["--mode=env", "--x=2", "--optimizer=adam", "--optimizer.adam.lr=0.001"]);
    expect(dumped(out, "ENV")).toMatchObject({
      SWEEPBOARD_URL: s.url,
      SWEEPBOARD_TOKEN: "sb_secret",
      SWEEPBOARD_EXPERIMENT_ID: "1",
      SWEEPBOARD_TRIAL_ID: "100",
      SWEEPBOARD_TRIAL_NUMBER: "0",
      SWEEPBOARD_PARAM_X: "2",
      SWEEPBOARD_PARAM_OPTIMIZER_ADAM_LR: "0.001",
      SWEEPBOARD_PARAMS_JSON: '{"mode":"env","x":2,"optimizer":"adam","optimizer.adam.lr":0.001}',
    });
    expect(dumped(out, "FILE")).toEqual({
      experimentId: 1,
      trialId: 100,
      trialNumber: 0,
      params: { mode: "env", x: 2, optimizer: "adam", "optimizer.adam.lr": 0.001 },
      nested: { mode: "env", x: 2, optimizer: { _value: "adam", adam: { lr: 0.001 } } },
    });
    expect(s.trials[0]).toMatchObject({ state: "complete", value: 1 });
  });

  it("substitutes ${name} placeholders instead of appending args", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ x: 3, depth: 4 }) });
    const { out } = await agent(s, [...FAKE_TRAIN, "--mode=env", "--x=${x}", "--y=${missing:-7}"]);
    expect(dumped(out, "ARGV")).toEqual(["--mode=env", "--x=3", "--y=7"]);
  });

  it("fails the trial and stops on a placeholder the trial cannot fill", async () => {
    const s = await start({ maxTrials: 5, params: () => ({ x: 3 }) });
    const { result } = await agent(s, [...FAKE_TRAIN, "--x=${lr}"]);
    expect(result.exitCode).toBe(1);
    expect(s.trials).toHaveLength(1);
    expect(s.trials[0]!.error).toContain('the command uses ${lr} but this trial has no parameter "lr"');
  });

  it("reads metrics with --metric-regex", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ x: 2, steps: 3 }) });
    await agent(s, FAKE_TRAIN, { metricRegex: /epoch (?<step>\d+): .*loss=(?<value>\S+)/g, quiet: true });
    expect(s.trials[0]!.points.map((p) => p.step)).toEqual([0, 1, 2]);
    expect(s.trials[0]!.value).toBeCloseTo(1 / 3, 5);
  });
});

describe("agent behaviour", () => {
  it("waits for a server that is not up yet (connection refused)", async () => {
    const probe = await new FakeServer().start();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    setTimeout(() => void start({ maxTrials: 1, params: () => ({ x: 2 }) }, port), 300);
    const url = `http://127.0.0.1:${port}`;
    const { runAgent } = await import("@/lib/agent/agent");
    const { Capture, FAST } = await import("./agent-helpers");
    const err = new Capture();
    const result = await runAgent({ experimentId: 1, command: FAKE_TRAIN, url, parallel: 1, paramStyle: "auto", heartbeatSec: 10, quiet: true, tuning: FAST }, { stdout: new Capture(), stderr: err });
    expect(result).toMatchObject({ exitCode: 0, complete: 1 });
    expect(err.text).toContain("ECONNREFUSED");
  });

  it("treats a trial the server already finished as ended there", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ x: 2, steps: 3 }) });
    // The script "tells" the trial itself (as a Python script using the client could).
    const poll = setInterval(() => {
      const t = s.trials[0];
      if (t && t.points.length > 0) Object.assign(t, { state: "complete", value: 42 });
    }, 5);
    const { result, out } = await agent(s, [...FAKE_TRAIN, "--delay=50"]);
    clearInterval(poll);
    expect(result).toMatchObject({ exitCode: 0, lost: 1 });
    expect(s.trials[0]!.value).toBe(42);
    expect(out).toContain("trial 0 ended on the server");
  });

  it("draws a live display on a terminal", async () => {
    const s = await start({ maxTrials: 2, params: () => ({ x: 2, steps: 4, delay: 40 }) });
    const { out, result } = await agent(s, FAKE_TRAIN, { parallel: 2 }, { tty: true });
    expect(result.complete).toBe(2);
    expect(out).toContain("\x1b[J");
    expect(out).toMatch(/ {2}w1 {2}trial \d+ {2}loss=[\d.]+ @\d+/);
    expect(out).toMatch(/\d+ done \(\d+ complete, 0 pruned, 0 failed\) · experiment \d\/2/);
    expect(out.trimEnd().split("\n").at(-1)).toMatch(/^\r\x1b\[\d+A\x1b\[Jsweepboard: 2 trials \(2 complete/);
  });

  it.skipIf(!hasPython)("runs the Python fixture, which also reports through the Python client", async () => {
    const s = await start({ maxTrials: 2, params: (n) => ({ x: n + 1, steps: 3 }) });
    const { result } = await agent(s, ["python3", "tests/fixtures/fake_train.py", "--report"], { quiet: true });
    expect(result).toMatchObject({ exitCode: 0, complete: 2 });
    expect(s.trials.map((t) => t.points.length)).toEqual([3, 3]);
    expect(s.trials[1]!.value).toBeCloseTo(1 / 3, 5);
  });
});
