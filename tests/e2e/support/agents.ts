import { spawn, type ChildProcess } from "node:child_process";

export interface AgentProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Its exit code and whole output, once it exits. */
  exited: Promise<{ code: number | null; output: string }>;
}

/**
 * The real agent CLI (`node bin/sweepboard.mjs agent <args>`) against `url` with `token`, running the small
 * fake training script of tests/fixtures (`fakeTrain` are its arguments: --steps=N --delay=ms).
 */
export function startAgent(opts: { url: string; token: string; experimentId: number; agentArgs?: string[]; fakeTrain?: string[]; env?: Record<string, string> }): AgentProcess {
  const args = ["bin/sweepboard.mjs", "agent", String(opts.experimentId), ...(opts.agentArgs ?? []), "--", process.execPath, "tests/fixtures/fake-train.mjs", ...(opts.fakeTrain ?? [])];
  const child = spawn(process.execPath, args, { env: { ...process.env, SWEEPBOARD_URL: opts.url, SWEEPBOARD_TOKEN: opts.token, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.once("exit", (code) => resolve({ code, output })));
  return { child, output: () => output, exited };
}

/** Lines of server or agent output that tell of a 5xx answer or an unexpected server error. */
export function serverErrorLines(text: string): string[] {
  return text.split("\n").filter((l) => /unexpected error|request failed|HTTP 5\d\d|\b5\d\d (Internal|Service)/i.test(l));
}
