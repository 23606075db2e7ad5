import type { RunResult } from "./runner";
import type { TrialOutcome } from "./types";

/** Why the agent itself stopped a process that was still running. */
export type StoppedFor = "pruned" | "timeout" | "interrupted";

export interface RunFacts {
  result: RunResult;
  /** Set only when the agent signalled the process before it exited. */
  stoppedFor?: StoppedFor;
  /**
   * The agent was interrupted (Ctrl-C, SIGTERM, scancel) by the time the outcome is decided. The same stop often
   * reaches the whole process group at once, so the process may die of it before the agent signals it.
   */
  agentInterrupted?: boolean;
  /** The server no longer runs the trial (409 wrong_state, or a heartbeat said so). */
  lost?: string;
  /** Each metric's last printed value and step, NaN included. */
  last: ReadonlyMap<string, { value: number; step: number }>;
  /** The experiment's objective metrics, in its order. */
  objectives: readonly string[];
  timeoutSec?: number;
}

/**
 * How a trial ended. A prune answer only matters while the process runs: the agent stops it and
 * it is pruned (whatever it exits with). A process that ended by itself is judged by its exit:
 * 0 with every objective printed and finite is complete, whatever the last prune answer said.
 * Failures are "program" (retrying the same parameters would fail again) or "infrastructure"
 * (a signal nobody asked for, --timeout, Ctrl-C: worth retrying).
 */
export function decideOutcome(facts: RunFacts): TrialOutcome {
  const { result, stoppedFor, objectives, last } = facts;
  if (facts.lost !== undefined) return { kind: "lost", reason: facts.lost };
  if (result.kind === "spawn-error") return { kind: "failed", error: result.message, failure: "program", setup: true };
  const tail = result.stderrTail ? `\n${result.stderrTail}` : "";
  if (stoppedFor === "pruned") return { kind: "pruned", step: last.get(objectives[0]!)?.step };
  if (stoppedFor === "timeout") return { kind: "failed", error: `timed out after ${facts.timeoutSec}s (--timeout)${tail}`, failure: "infrastructure" };
  if (stoppedFor === "interrupted" || (result.signal && facts.agentInterrupted === true)) return { kind: "interrupted", error: "agent interrupted" };
  if (result.signal) return { kind: "failed", error: `killed by signal ${result.signal}${tail}`, failure: "infrastructure" };
  // 127 is the shell's "command not found": as hopeless for the next trial as ENOENT.
  if (result.code === 127) return { kind: "failed", error: `exited with code 127 (command not found?)${tail}`, failure: "program", setup: true };
  if (result.code !== 0) return { kind: "failed", error: `exited with code ${result.code}${tail}`, failure: "program" };

  const missing = objectives.filter((metric) => !last.has(metric));
  if (missing.length > 0) {
    const names = missing.map((m) => `"${m}"`).join(", ");
    const example = missing.map((m) => `${m}=0.42`).join(" ");
    return {
      kind: "failed",
      error: `the command exited 0 but never printed the objective metric${missing.length > 1 ? "s" : ""} ${names} on stdout (print e.g. "${example}", or see --metric-regex)`,
      failure: "program",
    };
  }
  const values = objectives.map((metric) => last.get(metric)!.value);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) return { kind: "failed", error: `the objective ${objectives[bad]} was last printed as ${values[bad]}`, failure: "program" };
  return { kind: "complete", values };
}
