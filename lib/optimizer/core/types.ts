// The trial core's vocabulary: what a driver (the in-memory Study, the database transaction) tells the
// core about a sweep, the events of a trial's life, and the decisions the core answers with. Plain data,
// so both drivers persist exactly what was decided and nothing else.
import type { TrialState } from "../types";

/**
 * Who failed. "infrastructure": the worker went silent, was killed by a signal, interrupted or timed out;
 * the parameters say nothing about it. "program": the training program failed on its own (non-zero exit,
 * a missing or non-finite objective); the same parameters will most likely fail again.
 */
export type FailureKind = "infrastructure" | "program";

/** Which failures are retried automatically (up to maxRetries): infrastructure ones, or any. */
export type RetryPolicy = "infrastructure" | "any";

export type SweepStatus = "running" | "paused" | "completed" | "archived";

/** The limits and policies of one sweep. */
export interface SweepRules {
  status: SweepStatus;
  /** Original trials the sweep may create (retries are free); null: no limit. */
  maxTrials: number | null;
  maxParallel: number | null;
  maxRetries: number;
  retryOn: RetryPolicy;
  /** The objectives' metric names: a complete trial carries one value for each, in this order. */
  objectives: readonly string[];
  /**
   * The constraints' metric names (feasible when every value is <= 0, lib/optimizer/constraints.ts): a
   * complete trial of a sweep with constraints carries one value for each, NaN where none was reported.
   * Absent: none.
   */
  constraints?: readonly string[];
}

/** Counts over the sweep's trials, as they are before the event. */
export interface SweepCounts {
  /** Every trial ever created: the next trial's number. */
  trials: number;
  /** Original trials (not retries): what spends the budget. */
  budgetUsed: number;
  running: number;
  /** Waiting trials plus failed trials whose retry is due: work the sweep still has to hand out. */
  waiting: number;
}

/** What the core needs to know about the trial an event is about. */
export interface TrialFacts {
  number: number;
  state: TrialState;
  /** Length of its retry chain: 0 for an original trial, 1 for its first retry, ... */
  retryDepth: number;
  failureKind: FailureKind | null;
  /** A failed trial whose automatic retry is due and not yet handed out. */
  retryPending: boolean;
  /** The trial that retries this one, once it exists. */
  retry: { number: number; state: TrialState } | null;
}

export interface SweepSnapshot {
  rules: SweepRules;
  counts: SweepCounts;
  /** The first waiting trial (queued by a user or by a manual retry): the next ask starts it. */
  nextWaiting: number | null;
  /** The first failed trial whose automatic retry is due: asked after the waiting ones. */
  nextRetry: number | null;
}

/** The last reported value of the objective, where a pruned trial stopped. */
export interface LastReport {
  step: number;
  value: number;
}

export type TrialEvent =
  | { type: "ask" }
  | { type: "enqueue" }
  | { type: "report"; trial: TrialFacts }
  | { type: "heartbeat"; trial: TrialFacts }
  | { type: "complete"; trial: TrialFacts; values: readonly number[]; constraints?: readonly number[] }
  | { type: "fail"; trial: TrialFacts; kind: FailureKind; message: string }
  | { type: "prune"; trial: TrialFacts; last: LastReport | null }
  | { type: "stale"; trial: TrialFacts; message: string }
  | { type: "retry"; trial: TrialFacts };

/** Refusals the core answers with; the names are the API's error codes. */
export type RefusalCode = "parallel_limit" | "budget_exhausted" | "experiment_not_running" | "wrong_state" | "conflict" | "validation_error";

export interface Refusal {
  code: RefusalCode;
  message: string;
  path?: string;
}

export interface Failure {
  kind: FailureKind;
  message: string;
}

/** One change to persist. A driver applies them in order, in one transaction. */
export type Operation =
  /** A waiting trial starts running. */
  | { op: "start"; number: number }
  /** A new running trial whose parameters the sampler suggests now. */
  | { op: "sample"; number: number }
  /**
   * A new waiting trial: with the parameters the caller gives (enqueue), or a copy of `retryOf`'s (a
   * user's retry; it replaces any pending automatic retry of that trial).
   */
  | { op: "queue"; number: number; retryOf: number | null }
  /**
   * A new running trial with the parameters of failed trial `retryOf`, whose pending retry it is. Retries
   * are created when handed out, not when the failure is told, so a trial presumed dead that comes back
   * before then leaves no orphan behind and numbers stay dense.
   */
  | { op: "rerun"; number: number; retryOf: number }
  /** A trial reaches a final state. `from` is the state it must still be in (a concurrent change loses). */
  | { op: "finish"; number: number; from: TrialState; state: "complete"; values: number[]; constraints: number[] | null }
  | { op: "finish"; number: number; from: TrialState; state: "pruned"; last: LastReport | null }
  | { op: "finish"; number: number; from: TrialState; state: "failed"; failure: Failure; retry: boolean }
  /** A trial presumed dead speaks again before its retry was handed out: it runs again. */
  | { op: "revive"; number: number }
  /** The trial's worker is alive (heartbeat, metrics). */
  | { op: "touch"; number: number }
  /** The sweep used its budget and nothing runs or waits: it is complete. */
  | { op: "completeSweep" };

export type Decision = { ok: true; ops: Operation[] } | { ok: false; refusal: Refusal };
