import { runAgent, type AgentResult } from "@/lib/agent/agent";
import type { AgentOptions, Output, Tuning } from "@/lib/agent/types";
import type { FakeServer } from "./fake-server";

export const FAKE_TRAIN = ["node", "tests/fixtures/fake-train.mjs"];

/** Small waits everywhere, so each agent run takes a fraction of a second. */
export const FAST: Tuning = {
  retryBaseMs: 10,
  retryCapMs: 50,
  serverErrorGiveUpMs: 3_000,
  shutdownGraceMs: 1_000,
  // Only a hung server needs this; on a loaded machine a short one would fake a second outage.
  requestTimeoutMs: 10_000,
  flushIntervalMs: 30,
  filePollMs: 30,
  flushPoints: 500,
  outputFlushLines: 200,
  maxBufferedPoints: 1_000_000,
  killGraceMs: 1_000,
  slotWaitBaseMs: 20,
  slotWaitCapMs: 50,
  redrawMs: 20,
};

export class Capture implements Output {
  text = "";
  constructor(
    readonly isTTY = false,
    readonly columns = 100,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export interface Run {
  result: AgentResult;
  out: string;
  err: string;
}

export async function agent(server: FakeServer, command: string[], extra: Partial<AgentOptions> = {}, io: { signal?: AbortSignal; tty?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const stdout = new Capture(io.tty);
  const stderr = new Capture();
  const options: AgentOptions = { experimentId: 1, command, url: server.url, parallel: 1, paramStyle: "auto", heartbeatSec: 10, quiet: false, tuning: FAST, ...extra };
  const result = await runAgent(options, { stdout, stderr, signal: io.signal, env: io.env ?? process.env });
  return { result, out: stdout.text, err: stderr.text };
}
