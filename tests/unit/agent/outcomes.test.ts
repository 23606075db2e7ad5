import { afterEach, describe, expect, it } from "vitest";
import { decideOutcome } from "@/lib/agent/outcome";
import { agent, FAKE_TRAIN, FAST } from "./agent-helpers";
import { FakeServer, type FakeServerOptions } from "./fake-server";

let server: FakeServer | undefined;
const start = async (options: FakeServerOptions) => (server = await new FakeServer(options).start());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SCRIPT = ["node", "tests/unit/agent/fixtures/script.mjs"];
const epochs = (n: number, loss = (i: number) => 1 / (i + 1)) => Array.from({ length: n }, (_, i) => `epoch ${i}: step=${i} loss=${loss(i)}`).join("|");

describe("prune answers and the end of a run", () => {
  it("completes a run that exited 0 even though the answer to its final batch said prune", async () => {
    // One batch only, sent after the exit (the flush timer never fires): its answer says prune.
    const s = await start({ maxTrials: 1, params: () => ({ lines: epochs(5) }), shouldPrune: (t) => t.points.length >= 5 });
    const { result } = await agent(s, SCRIPT, { tuning: { ...FAST, flushIntervalMs: 60_000 } });
    expect(s.trials[0]!.pruneAnswers).toEqual([true]);
    expect(result).toMatchObject({ complete: 1, pruned: 0 });
    expect(s.trials[0]).toMatchObject({ state: "complete", value: 0.2, values: [0.2] });
    expect(s.trials[0]!.points).toHaveLength(5);
  });

  it("completes a run whose prune answer arrives after it exited", async () => {
    // The server says prune to every batch, but answers only after the run (10 lines, 10 ms apart) ended.
    const s = await start({ maxTrials: 1, params: () => ({ lines: epochs(10), delay: 10 }), shouldPrune: () => true, metricsDelayMs: 1_500 });
    const { result } = await agent(s, SCRIPT);
    expect(s.trials[0]!.pruneAnswers.length).toBeGreaterThan(0);
    expect(s.trials[0]!.pruneAnswers.every(Boolean)).toBe(true);
    expect(result).toMatchObject({ complete: 1, pruned: 0 });
    expect(s.trials[0]).toMatchObject({ state: "complete", value: 0.1 });
  });

  it("prunes a run it stopped, after delivering every point, at the last reported step", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ mode: "slow", x: 2, delay: 20 }), shouldPrune: (t) => t.points.length >= 5 });
    const { result } = await agent(s, FAKE_TRAIN);
    expect(result).toMatchObject({ pruned: 1, complete: 0 });
    const t = s.trials[0]!;
    expect(t.state).toBe("pruned");
    const steps = t.points.map((p) => p.step);
    expect(steps).toEqual(steps.map((_, i) => i)); // nothing lost, nothing after the prune
    expect(t.pruneStep).toBe(Math.max(...steps));
    const paths = s.bodies.map((b) => b.path);
    expect(paths.lastIndexOf("/trials/100/metrics")).toBeLessThan(paths.indexOf("/trials/100/prune"));
  });

  it("prunes a run it stopped even when the run catches SIGTERM and exits 0", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ lines: epochs(200), delay: 20, "on-term": "exit0" }), shouldPrune: (t) => t.points.length >= 3 });
    const { result } = await agent(s, SCRIPT);
    expect(result).toMatchObject({ pruned: 1, complete: 0 });
    expect(s.trials[0]!.state).toBe("pruned");
    expect(s.trials[0]!.points.some((p) => p.name === "stopped")).toBe(true); // its last words were still read
  });
});

describe("failure kinds", () => {
  const failed = async (params: Record<string, string | number>, command = SCRIPT, extra = {}) => {
    const s = await start({ maxTrials: 1, params: () => params });
    await agent(s, command, extra);
    const t = s.trials[0]!;
    expect(t.state).toBe("failed");
    return { kind: t.kind, error: t.error! };
  };

  it("program: a non-zero exit, a missing or non-finite objective, a command that cannot run", async () => {
    expect(await failed({ lines: "loss=1", exit: 2 })).toMatchObject({ kind: "program", error: "exited with code 2" });
    expect(await failed({ lines: "acc=1" })).toMatchObject({ kind: "program", error: expect.stringContaining('never printed the objective metric "loss"') });
    expect(await failed({ lines: "loss=1|loss=nan" })).toEqual({ kind: "program", error: "the objective loss was last printed as NaN" });
    expect(await failed({}, ["/no/such/train"])).toMatchObject({ kind: "program", error: expect.stringContaining("command not found: /no/such/train") });
    expect(await failed({}, ["sh", "-c", "no-such-cmd-xyz", "--"])).toMatchObject({ kind: "program", error: expect.stringContaining("code 127") });
    expect(await failed({ x: 1 }, [...SCRIPT, "--lr=${lr}"])).toMatchObject({ kind: "program", error: expect.stringContaining("has no parameter \"lr\"") });
  });

  it("infrastructure: a signal the agent did not send, --timeout (Ctrl-C: agent.test.ts)", async () => {
    expect(await failed({ lines: "loss=1", kill: "SIGKILL" })).toEqual({ kind: "infrastructure", error: "killed by signal SIGKILL" });
    expect(await failed({ lines: "loss=1", hang: "true" }, SCRIPT, { timeoutSec: 0.2 })).toEqual({ kind: "infrastructure", error: "timed out after 0.2s (--timeout)" });
  });
});

describe("several objectives", () => {
  const objectives = [
    { metric: "loss", direction: "minimize" as const },
    { metric: "acc", direction: "maximize" as const },
  ];

  it("tells every objective's last value in the experiment's order", async () => {
    const s = await start({ maxTrials: 1, objectives, params: () => ({ lines: "step=0 acc=0.5 loss=0.9|step=1 acc=0.75 loss=0.4" }) });
    const { result, out } = await agent(s, SCRIPT);
    expect(result.complete).toBe(1);
    expect(s.trials[0]).toMatchObject({ state: "complete", values: [0.4, 0.75] });
    expect(out).toContain("objectives loss (minimize), acc (maximize)");
    expect(out).toContain("trial 0 complete loss=0.4 acc=0.75");
  });

  it("fails as a program error naming the objective that is missing or not finite", async () => {
    const s = await start({ maxTrials: 2, objectives, params: (n) => ({ lines: n === 0 ? "loss=0.4" : "loss=0.4 acc=inf" }) });
    await agent(s, SCRIPT);
    expect(s.trials.map((t) => [t.state, t.kind])).toEqual([
      ["failed", "program"],
      ["failed", "program"],
    ]);
    expect(s.trials[0]!.error).toContain('never printed the objective metric "acc"');
    expect(s.trials[1]!.error).toBe("the objective acc was last printed as Infinity");
  });
});

describe("wall times", () => {
  it("stamps each point with the time its line was printed, not the batch's", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ lines: epochs(4), delay: 250 }) });
    const before = Date.now() / 1000;
    await agent(s, SCRIPT, { tuning: { ...FAST, flushIntervalMs: 60_000 } }); // one batch, at exit
    const after = Date.now() / 1000;
    const times = s.trials[0]!.points.map((p) => p.wallTime!);
    expect(s.bodies.filter((b) => b.path === "/trials/100/metrics")).toHaveLength(1);
    expect(times).toHaveLength(4);
    // Seconds since the epoch (not ms), within the run, in order, spread over the ~0.75 s of printing
    // (one batch time would make them all equal).
    for (const t of times) {
      expect(t).toBeGreaterThanOrEqual(before);
      expect(t).toBeLessThanOrEqual(after);
    }
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(0.5);
  });
});

describe("decideOutcome", () => {
  const exited = (code: number | null, signal: NodeJS.Signals | null = null) => ({ kind: "exited" as const, code, signal, stderrTail: "" });
  const last = new Map([["loss", { value: 0.3, step: 7 }]]);

  it("a prune the agent acted on wins over the exit; an ended run is judged by its exit", () => {
    expect(decideOutcome({ result: exited(0), stoppedFor: "pruned", last, objectives: ["loss"] })).toEqual({ kind: "pruned", step: 7 });
    expect(decideOutcome({ result: exited(null, "SIGTERM"), stoppedFor: "pruned", last, objectives: ["loss"] })).toEqual({ kind: "pruned", step: 7 });
    expect(decideOutcome({ result: exited(0), last, objectives: ["loss"] })).toEqual({ kind: "complete", values: [0.3] });
    expect(decideOutcome({ result: exited(0), lost: "trial 3 is failed", last, objectives: ["loss"] })).toEqual({ kind: "lost", reason: "trial 3 is failed" });
    expect(decideOutcome({ result: exited(null, "SIGTERM"), stoppedFor: "interrupted", last, objectives: ["loss"] })).toEqual({ kind: "interrupted", error: "agent interrupted" });
  });

  it("a process that died of a signal while the agent was being interrupted was interrupted, not killed", () => {
    // Ctrl-C in a terminal and scancel signal the whole process group: the run may die of it before the agent stops it.
    expect(decideOutcome({ result: exited(null, "SIGTERM"), agentInterrupted: true, last, objectives: ["loss"] })).toEqual({ kind: "interrupted", error: "agent interrupted" });
    expect(decideOutcome({ result: exited(null, "SIGINT"), agentInterrupted: true, last, objectives: ["loss"] })).toEqual({ kind: "interrupted", error: "agent interrupted" });
    // A signal nobody sent the agent is still an infrastructure failure; an exit of its own is judged by its code.
    expect(decideOutcome({ result: exited(null, "SIGKILL"), agentInterrupted: false, last, objectives: ["loss"] })).toMatchObject({ kind: "failed", failure: "infrastructure", error: "killed by signal SIGKILL" });
    expect(decideOutcome({ result: exited(0), agentInterrupted: true, last, objectives: ["loss"] })).toEqual({ kind: "complete", values: [0.3] });
  });

  it("names every missing objective", () => {
    const outcome = decideOutcome({ result: exited(0), last, objectives: ["loss", "acc", "f1"] });
    expect(outcome).toMatchObject({ kind: "failed", failure: "program", error: expect.stringContaining('metrics "acc", "f1"') });
  });
});
