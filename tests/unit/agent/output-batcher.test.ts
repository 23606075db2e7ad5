import { afterEach, describe, expect, it } from "vitest";
import { MASK, maskSecrets, OutputBatcher, secretsOf, type OutputLine } from "@/lib/agent/output-batcher";
import { MAX_OUTPUT_BYTES } from "@/lib/shared/trial-output";
import { agent, FAKE_TRAIN } from "./agent-helpers";
import { FakeServer } from "./fake-server";

describe("maskSecrets", () => {
  it("replaces every occurrence of each secret, the longest first", () => {
    const secrets = secretsOf(["sb_abcdef", "sb_abcdef123", undefined, "sb_abcdef"]);
    expect(secrets).toEqual(["sb_abcdef123", "sb_abcdef"]);
    expect(maskSecrets("token=sb_abcdef123 again sb_abcdef.", secrets)).toBe(`token=${MASK} again ${MASK}.`);
  });

  it("leaves text without a secret, and ignores values too short to mask", () => {
    expect(maskSecrets("loss=0.5", secretsOf(["abc", ""]))).toBe("loss=0.5");
  });
});

describe("OutputBatcher", () => {
  let batcher: OutputBatcher | undefined;
  afterEach(() => batcher?.dispose());

  function make(opts: { fail?: (batch: number) => boolean; flushLines?: number; flushIntervalMs?: number } = {}) {
    const sent: Array<{ batch: number; lines: OutputLine[] }> = [];
    const warnings: string[] = [];
    batcher = new OutputBatcher({
      send: async (batch, lines) => {
        if (opts.fail?.(batch)) throw new Error(`server said no to ${batch}`);
        sent.push({ batch, lines });
      },
      flushIntervalMs: opts.flushIntervalMs ?? 60_000,
      flushLines: opts.flushLines ?? 200,
      secrets: ["sb_secret_token"],
      warn: (m) => warnings.push(m),
      now: () => new Date("2026-12-02T10:00:00Z"),
    });
    return { batcher, sent, warnings };
  }

  it("sends numbered batches of at most flushLines lines, in order, and the rest at close", async () => {
    const { batcher, sent } = make({ flushLines: 3 });
    for (let i = 0; i < 7; i++) batcher.add(i % 2 ? "stderr" : "stdout", `line ${i}`);
    await batcher.close();
    expect(sent.map((s) => [s.batch, s.lines.map((l) => l.text)])).toEqual([
      [1, ["line 0", "line 1", "line 2"]],
      [2, ["line 3", "line 4", "line 5"]],
      [3, ["line 6"]],
    ]);
    expect(sent[0]!.lines[1]).toEqual({ stream: "stderr", text: "line 1", at: "2026-12-02T10:00:00.000Z" });
  });

  it("sends on its timer too", async () => {
    const { batcher, sent } = make({ flushIntervalMs: 20 });
    batcher.add("stdout", "tick");
    await new Promise((r) => setTimeout(r, 80));
    expect(sent).toEqual([{ batch: 1, lines: [{ stream: "stdout", text: "tick", at: "2026-12-02T10:00:00.000Z" }] }]);
  });

  it("masks the token in lines and cuts long ones", async () => {
    const { batcher, sent } = make();
    batcher.add("stdout", "using token sb_secret_token");
    batcher.add("stdout", "y".repeat(20_000));
    await batcher.close();
    expect(sent[0]!.lines[0]!.text).toBe(`using token ${MASK}`);
    expect(sent[0]!.lines[1]!.text).toMatch(/^y{8192} … \[line cut: 11808 more bytes\]$/);
  });

  it("warns once when sends fail and goes on with the next batch numbers", async () => {
    const { batcher, sent, warnings } = make({ flushLines: 1, fail: (b) => b <= 2 });
    for (let i = 0; i < 4; i++) batcher.add("stdout", `l${i}`);
    await batcher.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/the trial goes on.*server said no to 1/);
    expect(sent.map((s) => s.batch)).toEqual([3, 4]);
  });

  it("keeps at most the last 1 MiB waiting, in requests well under the server's body limit", async () => {
    const { batcher, sent } = make({ flushLines: 1000 });
    const sends: Promise<void>[] = [];
    // 300 lines of 8 KiB: 2.4 MiB, more than the bound; nothing is sent until close.
    for (let i = 0; i < 300; i++) batcher.add("stdout", `${String(i).padStart(3, "0")}${"z".repeat(8189)}`);
    expect(batcher.buffered).toBe(MAX_OUTPUT_BYTES / 8192);
    sends.push(batcher.close());
    await Promise.all(sends);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent[0]!.lines[0]!.text.startsWith(String(300 - MAX_OUTPUT_BYTES / 8192))).toBe(true);
    for (const s of sent) expect(JSON.stringify(s.lines).length).toBeLessThan(600 * 1024);
  });
});

describe("the agent", () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("sends the trial's command line and its stdout and stderr, the token masked, before telling the outcome", async () => {
    server = await new FakeServer({ maxTrials: 1, params: () => ({ mode: "fail" }) }).start();
    await agent(server, [...FAKE_TRAIN, "--key=sb_secret_token"], { token: "sb_secret_token" });
    const trial = server.trials[0]!;
    expect(trial.command?.argv).toContain(`--key=${MASK}`);
    expect(trial.command?.argv.join(" ")).not.toContain("sb_secret_token");
    expect(trial.command?.host).toBeTruthy();
    const lines = [...trial.output!.values()].flat();
    expect(lines.some((l) => l.stream === "stderr" && l.text === "ValueError: boom")).toBe(true);
    expect(trial.state).toBe("failed");
  });
});
