// Workers and launches through the real route handlers: registration, beats, launch onto free slots spread
// over workers, the sweep's stored command, taking slots back, stopping, lost workers, and the bad input.
import { describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/server/create-api-token";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

const SPACE = { lr: { type: "loguniform", low: 1e-4, high: 1e-1 }, opt: { type: "choice", options: ["sgd", { value: "adam", params: { beta: { type: "uniform", low: 0.8, high: 0.99 } } }] } };

async function createSweep(extra: Record<string, unknown> = {}) {
  const res = await callRoute(routes.experiments.POST, { body: { name: "launched", space: SPACE, objective: { metric: "loss" }, sampler: "random", maxTrials: 10, command: ["python3", "train.py", "${args}"], ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.experiment as { id: number; command: string[] | null };
}

async function register(name: string, slots: number, gpus?: string[]) {
  const res = await callRoute(routes.workers.POST, { body: { name, host: `${name}.lan`, slots, ...(gpus ? { gpus } : {}), version: "0.1.0" } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { worker: { id: number; status: string; gpus: string[] }; heartbeatSec: number };
}

const beat = (id: number, body?: unknown) => callRoute(routes.workerHeartbeat.POST, { params: { id }, ...(body === undefined ? {} : { body }) });
const launch = (id: number, body: unknown) => callRoute(routes.launch.POST, { params: { id }, body });

describe("a sweep's command", () => {
  it("is stored, answered, and checked against the space when the sweep is created", async () => {
    const exp = await createSweep({ command: ["python3", "train.py", "--lr", "${lr}", "--beta=${opt.adam.beta:-0.9}", "${args_json}"] });
    expect(exp.command).toEqual(["python3", "train.py", "--lr", "${lr}", "--beta=${opt.adam.beta:-0.9}", "${args_json}"]);
    const read = await callRoute(routes.experiment.GET, { params: { id: exp.id } }, "GET");
    expect(read.body.experiment.command).toEqual(exp.command);
    expect((await createSweep({ command: undefined })).command).toBeNull();
  });

  it.each([
    [["python3", "${lrr}"], "command[1]", /\$\{lrr\} is neither a parameter of the space \(lr, opt, opt.adam.beta\) nor a macro/],
    [["python3", "--beta=${opt.adam.beta}"], "command[1]", /conditional parameter.*\$\{opt.adam.beta:-default\}/],
    [["python3", "--all=${args}"], "command[1]", /stands for several arguments: it must be a whole argument/],
    [["python3", "${envvar:9X}"], "command[1]", /must name an environment variable/],
    [[], "command", /must name a program/],
    [["python3", ""], "command[1]", /must not be empty/],
    [["a\u0000b"], "command[0]", /NUL/],
  ])("refuses %j with a 422 at %s", async (command, path, message) => {
    const res = await callRoute(routes.experiments.POST, { body: { name: "bad", space: SPACE, objective: { metric: "loss" }, command } });
    expect(res.status).toBe(422);
    const issues = (res.body.error.issues ?? [res.body.error]) as Array<{ path: string; message: string }>;
    expect(issues.some((i) => i.path === path && message.test(i.message)), JSON.stringify(res.body)).toBe(true);
  });

  it("comes from a W&B config's program and command, ${program} filled in and W&B's macros kept", async () => {
    const yaml = "program: train.py\nmethod: random\nmetric: {name: loss, goal: minimize}\nparameters:\n  lr: {min: 0.001, max: 0.1}\n";
    const res = await callRoute(routes.experiments.POST, { body: { name: "wb", space: yaml, spaceFormat: "wandb" } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.experiment.command).toEqual(["${env}", "${interpreter}", "train.py", "${args}"]);
    expect(res.body.warnings).toEqual([]);
    const custom = "program: train.py\ncommand: [\"${env}\", python3, \"${program}\", --epochs, \"3\", \"${args_no_hyphens}\"]\nmethod: random\nmetric: {name: loss}\nparameters:\n  lr: {min: 0.001, max: 0.1}\n";
    const res2 = await callRoute(routes.experiments.POST, { body: { name: "wb2", space: custom, spaceFormat: "wandb" } });
    expect(res2.body.experiment.command).toEqual(["${env}", "python3", "train.py", "--epochs", "3", "${args_no_hyphens}"]);
    const noProgram = "command: [python3, \"${program}\"]\nmethod: random\nmetric: {name: loss}\nparameters:\n  lr: {min: 0.001, max: 0.1}\n";
    const bad = await callRoute(routes.experiments.POST, { body: { name: "wb3", space: noProgram, spaceFormat: "wandb" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.path).toBe("space.command[1]");
  });
});

describe("workers and launches", () => {
  it("registers a worker that beats and gets the slots a launch gives it, spread over the workers", async () => {
    const a = await register("gpu-a", 2, ["0", "1"]);
    expect(a.worker).toMatchObject({ status: "online", gpus: ["0", "1"] });
    expect(a.heartbeatSec).toBeGreaterThan(0);
    const b = await register("gpu-b", 1);
    const exp = await createSweep();

    const launched = await launch(exp.id, { slots: 2 });
    expect(launched.status, JSON.stringify(launched.body)).toBe(201);
    expect(launched.body.launched).toHaveLength(2);
    // One slot on each machine, not two on the first.
    expect(new Set(launched.body.launched.map((s: { workerId: number }) => s.workerId))).toEqual(new Set([a.worker.id, b.worker.id]));

    const beatA = await beat(a.worker.id);
    expect(beatA.status).toBe(200);
    expect(beatA.body.assignments).toEqual([expect.objectContaining({ slot: 0, experimentId: exp.id, experimentName: "launched", gpus: "0" })]);

    // A second launch takes what is left (one slot of gpu-a), then there is nothing free.
    const more = await launch(exp.id, { slots: 5 });
    expect(more.body.launched).toEqual([expect.objectContaining({ workerId: a.worker.id, slot: 1, gpus: "1" })]);
    expect(more.body.slots).toHaveLength(3);
    const full = await launch(exp.id, { slots: 1 });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe("no_free_slots");
    expect(full.body.error.message).toMatch(/every slot is busy \(2 online workers, 3 slots\)/);

    // The worker says slot 0's run ended: that slot is free again.
    const ended = await beat(a.worker.id, { ended: [{ assignment: beatA.body.assignments[0].id, exitCode: 0, summary: "3 trials; budget used" }] });
    expect(ended.body.assignments.map((x: { slot: number }) => x.slot)).toEqual([1]);
    const list = await callRoute(routes.workers.GET, {}, "GET");
    const listed = list.body.workers.find((w: { id: number }) => w.id === a.worker.id);
    expect(listed).toMatchObject({ name: "gpu-a", host: "gpu-a.lan", slots: 2, status: "online" });
    expect(listed.assignments).toHaveLength(1);

    // Taken back: every slot of the sweep ends, and the next beat answers no work.
    const recalled = await callRoute(routes.launch.DELETE, { params: { id: exp.id } }, "DELETE");
    expect(recalled.body).toEqual({ recalled: 2 });
    expect((await beat(a.worker.id)).body.assignments).toEqual([]);
    expect((await callRoute(routes.launch.GET, { params: { id: exp.id } }, "GET")).body.slots).toEqual([]);

    // Stopping a worker ends its slots; its beats are then refused.
    await launch(exp.id, { slots: 1, worker: b.worker.id });
    expect((await callRoute(routes.worker.DELETE, { params: { id: b.worker.id } }, "DELETE")).body).toEqual({ stopped: true });
    expect((await callRoute(routes.launch.GET, { params: { id: exp.id } }, "GET")).body.slots.map((s: { workerId: number }) => s.workerId)).not.toContain(b.worker.id);
    const late = await beat(b.worker.id);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/has stopped/);
    await callRoute(routes.worker.DELETE, { params: { id: a.worker.id } }, "DELETE");
  });

  it("launches only running sweeps that store a command, onto online workers", async () => {
    const w = await register("box", 1);
    const noCommand = await createSweep({ command: undefined });
    const refused = await launch(noCommand.id, { slots: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "conflict", path: "command" });
    expect(refused.body.error.message).toMatch(/stores no command/);

    const exp = await createSweep();
    await callRoute(routes.status.POST, { params: { id: exp.id }, body: { action: "pause" } });
    const paused = await launch(exp.id, { slots: 1 });
    expect(paused.status).toBe(409);
    expect(paused.body.error.code).toBe("experiment_not_running");
    await callRoute(routes.status.POST, { params: { id: exp.id }, body: { action: "resume" } });

    expect((await launch(exp.id, { slots: 1, worker: 999_999 })).status).toBe(404);
    expect((await launch(999_999, { slots: 1 })).status).toBe(404);
    // The command is the sweep's: a launch request cannot carry one.
    const smuggled = await launch(exp.id, { slots: 1, command: ["rm", "-rf", "/"] });
    expect(smuggled.status).toBe(422);
    expect(smuggled.body.error.message).toMatch(/unknown field "command"/);
    for (const body of [{ slots: 0 }, { slots: 1.5 }, { slots: "2" }, {}]) expect((await launch(exp.id, body)).status).toBe(422);
    await callRoute(routes.worker.DELETE, { params: { id: w.worker.id } }, "DELETE");
    const none = await launch(exp.id, { slots: 1 });
    expect(none.status).toBe(409);
    expect(none.body.error.message).toMatch(/no worker is online/);
  });

  it("skips a worker that stopped beating, and refuses bad registrations and other tokens", async () => {
    const w = await register("silent", 1);
    const { db } = await import("@/lib/db/client");
    await db().updateTable("Worker").set({ lastSeenAt: new Date(Date.now() - 120_000).toISOString() }).where("id", "=", w.worker.id).execute();
    const exp = await createSweep();
    const res = await launch(exp.id, { slots: 1, worker: w.worker.id });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/offline/);
    const listed = (await callRoute(routes.workers.GET, {}, "GET")).body.workers.find((x: { id: number }) => x.id === w.worker.id);
    expect(listed.status).toBe("offline");

    for (const [body, path] of [
      [{ name: "x", host: "h", slots: 0 }, "slots"],
      [{ name: "x", host: "h", slots: 2, gpus: ["0"] }, "gpus"],
      [{ name: "x", host: "h", slots: 1, gpus: ["0; rm -rf /"] }, "gpus[0]"],
      [{ name: "", host: "h", slots: 1 }, "name"],
      [{ name: "a\nb", host: "h", slots: 1 }, "name"],
      [{ name: "x", host: "h", slots: 1, extra: 1 }, ""],
    ] as const) {
      const bad = await callRoute(routes.workers.POST, { body });
      expect(bad.status, JSON.stringify(bad.body)).toBe(422);
      expect(bad.body.error.path ?? "").toBe(path);
    }
    expect((await beat(999_999)).status).toBe(404);
    expect((await beat(w.worker.id, { ended: [{ assignment: "x" }] })).status).toBe(422);
    const other = await createApiToken({ name: "other" });
    const foreign = await callRoute(routes.workerHeartbeat.POST, { params: { id: w.worker.id }, headers: { authorization: `Bearer ${other.token}` } });
    expect(foreign.status).toBe(403);
    const reader = await createApiToken({ name: "reader", scopes: ["read"] });
    expect((await callRoute(routes.launch.POST, { params: { id: exp.id }, body: { slots: 1 }, headers: { authorization: `Bearer ${reader.token}` } })).status).toBe(403);
    expect((await callRoute(routes.workers.POST, { body: { name: "r", host: "h", slots: 1 }, headers: { authorization: `Bearer ${reader.token}` } })).status).toBe(403);
    expect((await callRoute(routes.workers.GET, { headers: { authorization: `Bearer ${reader.token}` } }, "GET")).status).toBe(200);
  });

  it("two launches at once never give the same slot twice", async () => {
    const w = await register("contended", 3);
    const [e1, e2] = [await createSweep(), await createSweep()];
    const answers = await Promise.all([launch(e1.id, { slots: 3 }), launch(e2.id, { slots: 3 }), launch(e1.id, { slots: 3 })]);
    const slots = answers.flatMap((a) => (a.status === 201 ? a.body.launched.map((s: { slot: number }) => s.slot) : []));
    expect(slots.sort()).toEqual([0, 1, 2]);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.body.error.code === "no_free_slots")).toBe(true);
    await callRoute(routes.worker.DELETE, { params: { id: w.worker.id } }, "DELETE");
  });
});
