import { afterEach, describe, expect, it } from "vitest";
import { agent, FAKE_TRAIN } from "./agent-helpers";
import { FakeServer, type FakeServerOptions } from "./fake-server";

let server: FakeServer | undefined;
const start = async (options: FakeServerOptions) => (server = await new FakeServer(options).start());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("runAgent against a fake server", () => {
  it("completes trials with the objective's last value and reports every metric point", async () => {
    const s = await start({ maxTrials: 3, params: (n) => ({ x: n + 1 }) });
    const { result, out } = await agent(s, FAKE_TRAIN);
    expect(result).toMatchObject({ exitCode: 0, complete: 3, failed: 0 });
    expect(s.trials.map((t) => t.state)).toEqual(["complete", "complete", "complete"]);
    // loss = (x-2)^2 + 1/(step+1), last step 4: best at x=2 (trial 1)
    expect(s.trials.map((t) => t.value)).toEqual([1.2, 0.2, 1.2]);
    expect(s.trials[0]!.points.map((p) => [p.name, p.step])).toEqual([0, 1, 2, 3, 4].map((i) => ["loss", i]));
    expect(out).toContain("[w1] trial 0 started x=1");
    expect(out).toContain("[w1] epoch 4: step=4 loss=1.200000");
    expect(out).toContain("[w1] trial 1 complete loss=0.2 (best 0.2)");
    expect(out).toMatch(/sweepboard: 3 trials \(3 complete, 0 pruned, 0 failed\) in \d+s; best loss=0\.2 \(trial 1\); experiment 1 has used its budget/);
  });

  it("prunes a trial the server asks to stop, killing its process", async () => {
    const s = await start({ maxTrials: 2, params: (n) => ({ mode: n === 0 ? "slow" : "complete", x: 2 }), shouldPrune: (t) => t.params.mode === "slow" && t.points.length >= 3 });
    const started = Date.now();
    const { result, out } = await agent(s, FAKE_TRAIN);
    expect(Date.now() - started).toBeLessThan(10_000); // the slow trial would take 50 s
    expect(result).toMatchObject({ exitCode: 0, pruned: 1, complete: 1 });
    expect(s.trials[0]).toMatchObject({ state: "pruned" });
    expect(s.trials[0]!.pruneStep).toBeGreaterThanOrEqual(2);
    expect(out).toMatch(/trial 0 pruned at step \d+/);
  });

  it("prunes when a heartbeat says so", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ mode: "hang" }), shouldPrune: (t) => t.heartbeats > 0 });
    const { result } = await agent(s, FAKE_TRAIN, { heartbeatSec: 0.1 });
    expect(result.pruned).toBe(1);
    expect(s.trials[0]!.heartbeats).toBeGreaterThan(0);
  });

  it("fails a trial that exits non-zero with the tail of stderr", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ mode: "fail" }) });
    const { result, out, err } = await agent(s, FAKE_TRAIN);
    expect(result).toMatchObject({ exitCode: 0, failed: 1 });
    expect(s.trials[0]!.kind).toBe("program");
    expect(s.trials[0]!.error).toBe('exited with code 1\nTraceback (most recent call last):\n  File "train.py", line 3, in <module>\nValueError: boom');
    expect(out).toContain("[w1] trial 0 failed: exited with code 1");
    expect(err).toContain("[w1] ValueError: boom");
  });

  it("fails a crashed trial with its signal", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ mode: "crash" }) });
    await agent(s, FAKE_TRAIN);
    expect(s.trials[0]).toMatchObject({ state: "failed", error: "killed by signal SIGSEGV", kind: "infrastructure" });
  });

  it("kills and fails a hung trial after --timeout", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ mode: "hang" }) });
    await agent(s, FAKE_TRAIN, { timeoutSec: 0.3 });
    expect(s.trials[0]).toMatchObject({ state: "failed", error: "timed out after 0.3s (--timeout)", kind: "infrastructure" });
  });

  it("fails a trial that never printed the objective", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ mode: "noobjective" }) });
    await agent(s, FAKE_TRAIN);
    expect(s.trials[0]).toMatchObject({ state: "failed", kind: "program" });
    expect(s.trials[0]!.error).toContain('never printed the objective metric "loss"');
    expect(s.trials[0]!.points.map((p) => p.name)).toContain("acc");
  });

  it("stops after the first trial whose command does not exist", async () => {
    const s = await start({ maxTrials: 10 });
    const { result, err } = await agent(s, ["no-such-command-xyz", "train.py"]);
    expect(result.exitCode).toBe(1);
    expect(s.trials).toHaveLength(1);
    expect(s.trials[0]).toMatchObject({ state: "failed", kind: "program" });
    expect(s.trials[0]!.error).toContain("command not found: no-such-command-xyz");
    expect(err.trim().split("\n").at(-1)).toBe("sweepboard: stopped after trial 0 could not run: command not found: no-such-command-xyz (check the command after --, and PATH)");
  });

  it("runs --parallel workers at once and stops at --count", async () => {
    const s = await start({ params: (n) => ({ x: n, delay: 100 }) });
    const { result } = await agent(s, FAKE_TRAIN, { parallel: 3, count: 7 });
    expect(result).toMatchObject({ exitCode: 0, complete: 7 });
    expect(s.trials).toHaveLength(7);
    expect(s.maxRunningSeen).toBe(3);
    expect(new Set(s.trials.map((t) => t.workerId)).size).toBe(3);
    // Every ask names its worker, so a queued or retried trial the server hands out is attributed too.
    const asks = s.bodies.filter((b) => b.path === "/experiments/1/trials");
    expect(asks).toHaveLength(7);
    for (const ask of asks) expect(ask.body.workerId).toMatch(new RegExp(`^.+-${process.pid}-w[123]$`));
  });

  it("waits on parallel_limit and asks again", async () => {
    const s = await start({ maxTrials: 4, maxParallel: 1, params: () => ({ x: 2, delay: 20 }) });
    const { result, out } = await agent(s, FAKE_TRAIN, { parallel: 2 });
    expect(result.complete).toBe(4);
    expect(s.maxRunningSeen).toBe(1);
    expect(out).toContain("waiting: the experiment's parallel limit is reached");
    expect(out.split("waiting:").length - 1).toBeLessThanOrEqual(4); // once per ask, not per retry
  });

  it("retries through 503 answers", async () => {
    const s = await start({ maxTrials: 2 });
    s.unavailable = 3;
    const { result, err } = await agent(s, FAKE_TRAIN);
    expect(result).toMatchObject({ exitCode: 0, complete: 2 });
    expect(err).toContain(`the server at ${s.url} does not answer (HTTP 503)`);
    expect(err.match(/does not answer/g)).toHaveLength(1); // one line per outage, not per try
    expect(s.log.filter((l) => l === "GET /experiments/1")).toHaveLength(4);
  });

  it("retries metric reports through a restart (503 mid-trial)", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ x: 2, steps: 20, delay: 10 }) });
    setTimeout(() => (s.unavailable = 5), 80);
    const { result } = await agent(s, FAKE_TRAIN);
    expect(result.complete).toBe(1);
    expect(s.trials[0]!.points).toHaveLength(20);
  });

  it("on interrupt kills running trials, fails them and exits 130", async () => {
    const s = await start({ params: () => ({ mode: "hang" }) });
    const controller = new AbortController();
    const poll = setInterval(() => {
      if (s.trials.length === 2) controller.abort();
    }, 20);
    const { result, out } = await agent(s, FAKE_TRAIN, { parallel: 2 }, { signal: controller.signal });
    clearInterval(poll);
    expect(result.exitCode).toBe(130);
    expect(s.trials.map((t) => [t.state, t.error, t.kind])).toEqual([
      ["failed", "agent interrupted", "infrastructure"],
      ["failed", "agent interrupted", "infrastructure"],
    ]);
    expect(out).toContain("interrupted");
  });

  it("ends quietly when the experiment is not running", async () => {
    const s = await start({ status: "paused" });
    const { result, out } = await agent(s, FAKE_TRAIN);
    expect(result.exitCode).toBe(0);
    expect(out).toContain("0 trials");
    expect(out).toContain("experiment 1 is paused");
  });

  it("explains a 401 and an unknown experiment in one line", async () => {
    const s = await start({ token: "sb_good" });
    const bad = await agent(s, FAKE_TRAIN, { token: "sb_bad" });
    expect(bad.result.exitCode).toBe(1);
    expect(bad.err).toBe("sweepboard: the server refused the token (401): invalid API token; pass --token or set SWEEPBOARD_TOKEN\n");
    const missing = await agent(s, FAKE_TRAIN, { token: "sb_good", experimentId: 9 });
    expect(missing.err).toBe(`sweepboard: experiment 9 does not exist (server ${s.url})\n`);
  });
});
