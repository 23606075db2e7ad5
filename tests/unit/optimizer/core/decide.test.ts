import { describe, expect, it } from "vitest";
import { decide, needsSnapshot, reportsClosed, type SweepRules, type SweepSnapshot, type TrialFacts } from "@/lib/optimizer/core";

const rules = (extra: Partial<SweepRules> = {}): SweepRules => ({ status: "running", maxTrials: 10, maxParallel: null, maxRetries: 2, retryOn: "infrastructure", objectives: ["loss"], ...extra });

function snap(extra: Partial<SweepSnapshot> & { rules?: SweepRules } = {}): SweepSnapshot {
  return { rules: rules(), counts: { trials: 3, budgetUsed: 3, running: 1, waiting: 0 }, nextWaiting: null, nextRetry: null, ...extra };
}

const running = (number = 2, extra: Partial<TrialFacts> = {}): TrialFacts => ({ number, state: "running", retryDepth: 0, failureKind: null, retryPending: false, retry: null, ...extra });

describe("trial core: ask", () => {
  it("starts a waiting trial first, then a due retry, then samples the next number", () => {
    expect(decide(snap({ nextWaiting: 1, nextRetry: 0 }), { type: "ask" })).toEqual({ ok: true, ops: [{ op: "start", number: 1 }] });
    expect(decide(snap({ nextRetry: 0 }), { type: "ask" })).toEqual({ ok: true, ops: [{ op: "rerun", number: 3, retryOf: 0 }] });
    expect(decide(snap(), { type: "ask" })).toEqual({ ok: true, ops: [{ op: "sample", number: 3 }] });
  });

  it("holds the parallel limit before anything else", () => {
    const d = decide(snap({ rules: rules({ maxParallel: 1 }), nextWaiting: 0 }), { type: "ask" });
    expect(d.ok === false && d.refusal.code).toBe("parallel_limit");
  });

  it("spends the budget on original trials only: a retry is handed out when the budget is spent", () => {
    const spent = { trials: 12, budgetUsed: 10, running: 0, waiting: 1 };
    expect(decide(snap({ counts: spent, nextRetry: 4 }), { type: "ask" })).toEqual({ ok: true, ops: [{ op: "rerun", number: 12, retryOf: 4 }] });
    const d = decide(snap({ counts: { ...spent, waiting: 0 } }), { type: "ask" });
    expect(d.ok === false && d.refusal.code).toBe("budget_exhausted");
  });

  it("refuses paused sweeps, and says budget on a completed one whose budget is spent", () => {
    const paused = decide(snap({ rules: rules({ status: "paused" }) }), { type: "ask" });
    expect(paused.ok === false && paused.refusal.code).toBe("experiment_not_running");
    const done = decide(snap({ rules: rules({ status: "completed", maxTrials: 3 }) }), { type: "ask" });
    expect(done.ok === false && done.refusal.code).toBe("budget_exhausted");
  });
});

describe("trial core: enqueue", () => {
  it("queues at the next number, and refuses past the budget or on an archived sweep", () => {
    expect(decide(snap(), { type: "enqueue" })).toEqual({ ok: true, ops: [{ op: "queue", number: 3, retryOf: null }] });
    const over = decide(snap({ counts: { trials: 10, budgetUsed: 10, running: 0, waiting: 0 } }), { type: "enqueue" });
    expect(over.ok === false && over.refusal.code).toBe("budget_exhausted");
    const archived = decide(snap({ rules: rules({ status: "archived" }) }), { type: "enqueue" });
    expect(archived.ok === false && archived.refusal.code).toBe("wrong_state");
  });
});

describe("trial core: outcomes and retries", () => {
  it("completes with the values, failing a non-finite one as the program's failure (not retried by default)", () => {
    expect(decide(snap(), { type: "complete", trial: running(), values: [0.5] })).toEqual({ ok: true, ops: [{ op: "finish", number: 2, from: "running", state: "complete", values: [0.5], constraints: null }] });
    const nan = decide(snap(), { type: "complete", trial: running(), values: [NaN] });
    expect(nan).toEqual({ ok: true, ops: [{ op: "finish", number: 2, from: "running", state: "failed", failure: { kind: "program", message: "objective loss was NaN, not a finite number" }, retry: false }] });
  });

  it("refuses a wrong number of values with the path, leaving the trial running", () => {
    const d = decide(snap({ rules: rules({ objectives: ["loss", "latency"] }) }), { type: "complete", trial: running(), values: [1] });
    expect(d).toMatchObject({ ok: false, refusal: { code: "validation_error", path: "values" } });
  });

  it("carries one value per constraint (NaN: not reported), refusing a wrong count", () => {
    const withConstraints = snap({ rules: rules({ constraints: ["mem", "time"] }) });
    expect(decide(withConstraints, { type: "complete", trial: running(), values: [1], constraints: [0, NaN] })).toEqual({
      ok: true,
      ops: [{ op: "finish", number: 2, from: "running", state: "complete", values: [1], constraints: [0, NaN] }],
    });
    const short = decide(withConstraints, { type: "complete", trial: running(), values: [1], constraints: [0] });
    expect(short.ok === false && short.refusal).toMatchObject({ code: "validation_error", path: "constraints" });
    const none = decide(snap(), { type: "complete", trial: running(), values: [1], constraints: [0] });
    expect(none.ok === false && none.refusal.message).toMatch(/has no constraints/);
  });

  it("retries infrastructure failures up to maxRetries, program failures only with retryOn any", () => {
    const infra = decide(snap(), { type: "fail", trial: running(), kind: "infrastructure", message: "killed by SIGKILL" });
    expect(infra.ok && infra.ops[0]).toMatchObject({ op: "finish", state: "failed", retry: true });
    const program = decide(snap(), { type: "fail", trial: running(), kind: "program", message: "exit 1" });
    expect(program.ok && program.ops[0]).toMatchObject({ retry: false });
    const any = decide(snap({ rules: rules({ retryOn: "any" }) }), { type: "fail", trial: running(), kind: "program", message: "exit 1" });
    expect(any.ok && any.ops[0]).toMatchObject({ retry: true });
    const deep = decide(snap(), { type: "stale", trial: running(2, { retryDepth: 2 }), message: "silent" });
    expect(deep.ok && deep.ops[0]).toMatchObject({ failure: { kind: "infrastructure" }, retry: false });
  });

  it("prunes a running trial with its last report", () => {
    const d = decide(snap(), { type: "prune", trial: running(), last: { step: 7, value: 0.3 } });
    expect(d).toEqual({ ok: true, ops: [{ op: "finish", number: 2, from: "running", state: "pruned", last: { step: 7, value: 0.3 } }] });
  });

  it("answers wrong_state for a finished trial, once", () => {
    for (const event of ["complete", "fail", "prune", "heartbeat"] as const) {
      const trial = running(2, { state: "complete" });
      const e = event === "complete" ? { type: event, trial, values: [1] } : event === "fail" ? { type: event, trial, kind: "program" as const, message: "x" } : event === "prune" ? { type: event, trial, last: null } : { type: event, trial };
      const d = decide(snap(), e);
      expect(d.ok === false && d.refusal.code, event).toBe("wrong_state");
    }
  });
});

describe("trial core: a trial presumed dead comes back", () => {
  const dead = (extra: Partial<TrialFacts> = {}) => running(2, { state: "failed", failureKind: "infrastructure", retryPending: true, ...extra });

  it("a heartbeat or a metric report revives it while its retry has not been handed out", () => {
    expect(decide(snap(), { type: "heartbeat", trial: dead() })).toEqual({ ok: true, ops: [{ op: "revive", number: 2 }, { op: "touch", number: 2 }] });
    expect(decide(snap(), { type: "report", trial: dead() }).ok).toBe(true);
  });

  it("says which states never take a report again, as decide refuses them whatever else the trial carries", () => {
    const kinds = [null, "infrastructure", "program"] as const;
    for (const state of ["waiting", "running", "complete", "pruned", "failed"] as const) {
      const accepted = kinds.some((failureKind) => [true, false].some((retryPending) => decide(snap(), { type: "report", trial: running(2, { state, failureKind, retryPending }) }).ok));
      if (reportsClosed(state)) expect(accepted, state).toBe(false);
    }
    expect(reportsClosed("complete")).toBe(true);
    expect(reportsClosed("pruned")).toBe(true);
    expect(reportsClosed("running")).toBe(false);
    expect(reportsClosed("failed")).toBe(false);
    expect(reportsClosed("waiting")).toBe(false);
  });

  it("signs of life are decided from the trial alone, so drivers may skip reading the sweep", () => {
    expect(needsSnapshot({ type: "report", trial: running() })).toBe(false);
    expect(needsSnapshot({ type: "heartbeat", trial: running() })).toBe(false);
    expect(needsSnapshot({ type: "complete", trial: running(), values: [1] })).toBe(true);
    expect(needsSnapshot({ type: "ask" })).toBe(true);
    expect(decide(null, { type: "report", trial: running() })).toEqual(decide(snap(), { type: "report", trial: running() }));
    expect(decide(null, { type: "heartbeat", trial: dead() })).toEqual(decide(snap(), { type: "heartbeat", trial: dead() }));
    expect(() => decide(null, { type: "ask" })).toThrow(/needs the sweep's snapshot/);
  });

  it("a late result completes it from failed", () => {
    expect(decide(snap(), { type: "complete", trial: dead(), values: [0.1] })).toEqual({ ok: true, ops: [{ op: "finish", number: 2, from: "failed", state: "complete", values: [0.1], constraints: null }] });
  });

  it("is too late once the retry runs, and a program failure never comes back", () => {
    const taken = decide(snap(), { type: "complete", trial: dead({ retryPending: false, retry: { number: 5, state: "running" } }), values: [0.1] });
    expect(taken.ok === false && taken.refusal.code).toBe("wrong_state");
    const program = decide(snap(), { type: "heartbeat", trial: dead({ failureKind: "program" }) });
    expect(program.ok === false && program.refusal.code).toBe("wrong_state");
  });
});

describe("trial core: the user's retry", () => {
  it("queues a failed trial whatever the limit, once", () => {
    const failed = running(1, { state: "failed", failureKind: "program", retryDepth: 9 });
    expect(decide(snap(), { type: "retry", trial: failed })).toEqual({ ok: true, ops: [{ op: "queue", number: 3, retryOf: 1 }] });
    const again = decide(snap(), { type: "retry", trial: { ...failed, retry: { number: 3, state: "waiting" } } });
    expect(again.ok === false && again.refusal.code).toBe("conflict");
    const notFailed = decide(snap(), { type: "retry", trial: running() });
    expect(notFailed.ok === false && notFailed.refusal.code).toBe("wrong_state");
  });
});

describe("trial core: the sweep ends", () => {
  const last = { trials: 10, budgetUsed: 10, running: 1, waiting: 0 };

  it("when the budget is spent and the last running trial finishes", () => {
    const d = decide(snap({ counts: last }), { type: "complete", trial: running(9), values: [1] });
    expect(d.ok && d.ops.at(-1)).toEqual({ op: "completeSweep" });
  });

  it("not while a retry is due or a trial waits", () => {
    const d = decide(snap({ counts: last }), { type: "fail", trial: running(9), kind: "infrastructure", message: "lost" });
    expect(d.ok && d.ops.some((o) => o.op === "completeSweep")).toBe(false);
    const waiting = decide(snap({ counts: { ...last, waiting: 1 } }), { type: "prune", trial: running(9), last: null });
    expect(waiting.ok && waiting.ops.some((o) => o.op === "completeSweep")).toBe(false);
  });

  it("when a late result takes the place of the last pending retry", () => {
    const d = decide(snap({ counts: { ...last, running: 0, waiting: 1 } }), { type: "complete", trial: running(9, { state: "failed", failureKind: "infrastructure", retryPending: true }), values: [1] });
    expect(d.ok && d.ops.at(-1)).toEqual({ op: "completeSweep" });
  });
});
