// A trial's command line and output through the real route handlers: auth, the numbered batches stored
// once, the 1 MiB bound with its dropped count, long lines cut, finished trials, and bad bodies.
import { describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/server/create-api-token";
import { MAX_LINE_BYTES, MAX_OUTPUT_BYTES } from "@/lib/shared/trial-output";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

async function runningTrial() {
  const exp = await callRoute(routes.experiments.POST, { body: { name: "output", space: { lr: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random" } });
  expect(exp.status, JSON.stringify(exp.body)).toBe(201);
  const ask = await callRoute(routes.trials.POST, { params: { id: exp.body.experiment.id }, body: { workerId: "box-1-w1" } });
  expect(ask.status, JSON.stringify(ask.body)).toBe(201);
  return ask.body.trial as { id: number; number: number };
}

const send = (id: number, body: unknown, headers?: Record<string, string>) => callRoute(routes.trialOutput.POST, { params: { id }, body, ...(headers ? { headers } : {}) });
const read = (id: number, query: Record<string, string> = {}, headers?: Record<string, string>) => callRoute(routes.trialOutput.GET, { params: { id }, query, ...(headers ? { headers } : {}) }, "GET");
const lines = (n: number, text: (i: number) => string, stream: "stdout" | "stderr" = "stdout") => Array.from({ length: n }, (_, i) => ({ stream, text: text(i) }));

describe("a trial's command", () => {
  it("is stored with the trial's worker label and answered with its output", async () => {
    const trial = await runningTrial();
    const res = await callRoute(routes.trialCommand.POST, { params: { id: trial.id }, body: { argv: ["python3", "train.py", "--lr", "0.1", "it's"], cwd: "/home/me/proj", host: "box-1" } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = await read(trial.id);
    expect(page.status).toBe(200);
    expect(page.body.command).toMatchObject({ argv: ["python3", "train.py", "--lr", "0.1", "it's"], cwd: "/home/me/proj", host: "box-1", worker: "box-1-w1" });
    expect(page.body.command.startedAt).toMatch(/Z$/);
    expect(page.body).toMatchObject({ lines: [], droppedLines: 0, lastSeq: -1, state: "running" });
  });

  it.each([
    [{ argv: [], cwd: "/", host: "h" }, "argv"],
    [{ argv: ["a", 3], cwd: "/", host: "h" }, "argv[1]"],
    [{ argv: ["a"], cwd: "", host: "h" }, "cwd"],
    [{ argv: ["a"], cwd: "/", host: "bad\nhost" }, "host"],
    [{ argv: ["a"], cwd: "/", host: "h", extra: 1 }, "extra"],
  ])("refuses %j with a 422 naming %s", async (body, path) => {
    const trial = await runningTrial();
    const res = await callRoute(routes.trialCommand.POST, { params: { id: trial.id }, body });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    if (path === "extra") return expect(res.body.error.message).toMatch(/extra/);
    const issues = (res.body.error.issues ?? [res.body.error]) as Array<{ path: string }>;
    expect(issues.map((i) => i.path)).toContain(path);
  });
});

describe("a trial's output", () => {
  it("stores a batch once: a retried batch number stores nothing", async () => {
    const trial = await runningTrial();
    const first = await send(trial.id, { batch: 1, lines: [{ stream: "stdout", text: "epoch 1", at: "2026-12-02T10:00:00Z" }, { stream: "stderr", text: "warning: slow" }] });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ stored: 2, duplicate: false, truncated: 0, droppedLines: 0 });
    const again = await send(trial.id, { batch: 1, lines: [{ stream: "stdout", text: "epoch 1" }, { stream: "stderr", text: "warning: slow" }] });
    expect(again.body).toEqual({ stored: 0, duplicate: true, truncated: 0, droppedLines: 0 });
    await send(trial.id, { batch: 2, lines: [{ stream: "stdout", text: "epoch 2" }] });
    const page = await read(trial.id);
    expect(page.body.lines.map((l: { seq: number; stream: string; text: string }) => [l.seq, l.stream, l.text])).toEqual([[0, "stdout", "epoch 1"], [1, "stderr", "warning: slow"], [2, "stdout", "epoch 2"]]);
    expect(page.body.lines[0].at).toBe("2026-12-02T10:00:00.000Z");
    expect(page.body.command).toBeNull();
    const after = await read(trial.id, { after: "1" });
    expect(after.body.lines.map((l: { text: string }) => l.text)).toEqual(["epoch 2"]);
    expect(after.body.lastSeq).toBe(2);
    const paged = await read(trial.id, { limit: "2" });
    expect(paged.body).toMatchObject({ lastSeq: 1, more: true });
  });

  it("keeps the last 1 MiB and counts the lines dropped", async () => {
    const trial = await runningTrial();
    const line = "x".repeat(1024); // 1 KiB a line, its number in front: 1,024 lines fill the bound
    let batch = 0;
    for (let sent = 0; sent < 1500; sent += 500) {
      const res = await send(trial.id, { batch: ++batch, lines: lines(500, (i) => `${String(sent + i).padStart(5, "0")}${line.slice(5)}`) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const page = await read(trial.id);
    expect(page.body.droppedLines).toBe(1500 - 1024);
    expect(page.body.droppedBytes).toBe((1500 - 1024) * 1024);
    expect(page.body.lines).toHaveLength(1024);
    expect(page.body.lines[0].text.startsWith("00476")).toBe(true);
    expect(page.body.lines.reduce((s: number, l: { text: string }) => s + l.text.length, 0)).toBeLessThanOrEqual(MAX_OUTPUT_BYTES);
  });

  it("cuts a line longer than the limit and says so", async () => {
    const trial = await runningTrial();
    const res = await send(trial.id, { batch: 1, lines: [{ stream: "stdout", text: "é".repeat(MAX_LINE_BYTES) }, { stream: "stdout", text: "short" }] });
    expect(res.body).toMatchObject({ stored: 2, truncated: 1 });
    const page = await read(trial.id);
    expect(page.body.lines[0].text).toMatch(/^é+ … \[line cut: 8192 more bytes\]$/);
  });

  it("answers 409 for a trial finished longer ago than the grace, and takes the last batch just after the tell", async () => {
    const trial = await runningTrial();
    const done = await callRoute(routes.complete.POST, { params: { id: trial.id }, body: { value: 0.5 } });
    expect(done.status).toBe(200);
    expect((await send(trial.id, { batch: 1, lines: [{ stream: "stdout", text: "last" }] })).status).toBe(200);
    const { appendTrialOutput } = await import("@/lib/server/append-trial-output");
    const later = () => new Date(Date.now() + 61_000);
    await expect(appendTrialOutput({ trialId: trial.id, body: { batch: 2, lines: [] }, now: later })).rejects.toMatchObject({ code: "wrong_state" });
  });

  it("answers 404 for an unknown trial, 401 without a token and 403 with a read-only one", async () => {
    expect((await send(999_999, { batch: 1, lines: [] })).status).toBe(404);
    expect((await read(999_999)).status).toBe(404);
    expect((await callRoute(routes.trialCommand.POST, { params: { id: 999_999 }, body: { argv: ["a"], cwd: "/", host: "h" } })).status).toBe(404);
    const trial = await runningTrial();
    expect((await send(trial.id, { batch: 1, lines: [] }, { authorization: "" })).status).toBe(401);
    const reader = await createApiToken({ name: "reader", scopes: ["read"] });
    const auth = { authorization: `Bearer ${reader.token}` };
    expect((await send(trial.id, { batch: 1, lines: [] }, auth)).status).toBe(403);
    expect((await callRoute(routes.trialCommand.POST, { params: { id: trial.id }, body: { argv: ["a"], cwd: "/", host: "h" }, headers: auth })).status).toBe(403);
    expect((await read(trial.id, {}, auth)).status).toBe(200);
  });

  it.each([
    [{ lines: [] }, "batch"],
    [{ batch: 0, lines: [] }, "batch"],
    [{ batch: 1.5, lines: [] }, "batch"],
    [{ batch: 1, lines: [{ stream: "stdin", text: "x" }] }, "lines[0].stream"],
    [{ batch: 1, lines: [{ stream: "stdout" }] }, "lines[0].text"],
    [{ batch: 1, lines: [{ stream: "stdout", text: "x", at: "yesterday" }] }, "lines[0].at"],
    [{ batch: 1, lines: lines(1001, () => "x") }, "lines"],
  ])("refuses %j with a 422 naming %s", async (body, path) => {
    const trial = await runningTrial();
    const res = await send(trial.id, body);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(422);
    const issues = (res.body.error.issues ?? [res.body.error]) as Array<{ path: string }>;
    expect(issues.map((i) => i.path)).toContain(path);
  });

  it("refuses a bad ?after= with a 422 and a body that is not JSON with a 400", async () => {
    const trial = await runningTrial();
    expect((await read(trial.id, { after: "abc" })).body.error.path).toBe("after");
    expect((await send(trial.id, "{not json")).status).toBe(400);
  });
});
