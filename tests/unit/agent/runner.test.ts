import { describe, expect, it } from "vitest";
import { RunningCommand } from "@/lib/agent/runner";
import { TailBuffer } from "@/lib/agent/tail";
import { isAlive, waitFor } from "./process-helpers";

const node = (script: string) => [process.execPath, "-e", script];

describe("RunningCommand", () => {
  it("kills the whole process group: the child and its grandchild", async () => {
    let grandchild = 0;
    const run = new RunningCommand({
      command: [process.execPath, "tests/fixtures/fake-train.mjs", "--mode=grandchild"],
      env: process.env,
      onStdoutLine: (line) => {
        const m = /^grandchild=(\d+)/.exec(line);
        if (m) grandchild = Number(m[1]);
      },
    });
    expect(await waitFor(() => grandchild > 0)).toBe(true);
    const child = run.pid!;
    expect(isAlive(child) && isAlive(grandchild)).toBe(true);
    run.stop(2_000);
    const result = await run.done;
    expect(result).toMatchObject({ kind: "exited", signal: "SIGTERM" });
    expect(await waitFor(() => !isAlive(grandchild))).toBe(true);
    expect(isAlive(child)).toBe(false);
  });

  it("sends SIGKILL after the grace period when SIGTERM is ignored", async () => {
    let ready = false;
    const run = new RunningCommand({
      command: node("process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)"),
      env: process.env,
      onStdoutLine: () => (ready = true),
    });
    await waitFor(() => ready);
    const started = Date.now();
    run.stop(200);
    expect(await run.done).toMatchObject({ kind: "exited", signal: "SIGKILL" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("splits stdout into lines and keeps the tail of stderr", async () => {
    const lines: string[] = [];
    const run = new RunningCommand({
      command: node("process.stdout.write('a=1\\nb=2\\r\\nprogress 1\\rprogress 2\\nlast'); for (let i = 0; i < 30; i++) console.error('err ' + i); process.exit(3)"),
      env: process.env,
      onStdoutLine: (line) => lines.push(line),
    });
    const result = await run.done;
    expect(lines).toEqual(["a=1", "b=2", "progress 1", "progress 2", "last"]);
    expect(result).toMatchObject({ kind: "exited", code: 3, signal: null });
    const tail = result.kind === "exited" ? result.stderrTail.split("\n") : [];
    expect(tail).toHaveLength(20);
    expect(tail[0]).toBe("err 10");
    expect(tail.at(-1)).toBe("err 29");
  });

  it("reports a command that does not exist", async () => {
    const result = await new RunningCommand({ command: ["definitely-not-a-command-xyz"], env: process.env }).done;
    expect(result).toEqual({ kind: "spawn-error", message: expect.stringContaining("command not found: definitely-not-a-command-xyz") });
  });
});

describe("TailBuffer", () => {
  it("bounds lines and bytes", () => {
    const tail = new TailBuffer(20, 10);
    for (const line of ["aaaa", "bbbb", "cccc"]) tail.push(line);
    expect(tail.text()).toBe("bbbb\ncccc");
    tail.push("x".repeat(50));
    expect(tail.text()).toBe(`…${"x".repeat(10)}`);
  });
});
