// Child process of run.ts: runs our optimizer on jobs read as JSON lines from stdin
// ({id, problem, arm, seed, trials}) and answers each with one RunResult JSON line on stdout.

import { createInterface } from "node:readline";
import { loadEngine } from "./engine";
import { resolveArm, runOurs } from "./ours";
import { getProblem } from "./problems";

async function main() {
  const { api } = await loadEngine();
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    const job = JSON.parse(line) as { id: number; problem: string; arm: string; seed: number; trials: number };
    let out: Record<string, unknown>;
    try {
      const config = resolveArm(api, job.arm);
      if (!config) throw new Error(`arm ${job.arm}: not available in this build`);
      out = { ...(await runOurs(api, getProblem(job.problem), job.arm, config, job.seed, job.trials)) };
    } catch (e) {
      out = { impl: "ours", problem: job.problem, arm: job.arm, seed: job.seed, trials: job.trials, values: [], wall_s: 0, error: String((e as Error)?.stack ?? e) };
    }
    process.stdout.write(JSON.stringify({ ...out, job: job.id }) + "\n");
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
