import { decide, factsOf, snapshotOf, type Operation, type RetryPolicy, type SweepRules, type TrialEvent } from "./core";
import { BudgetError, ConfigError, InvalidValueError, NotFoundError, ParallelLimitError, StateError, type OptimizerError } from "./errors";
import { historyNeed } from "./history";
import { bestTrialOf, paretoFront } from "./mo/trials";
import { createRng } from "./rng";
import { createPruner } from "./pruners";
import { createSampler } from "./samplers";
import { assertSamplerFitsSpace } from "./samplers/fit-space";
import type { Sampler } from "./samplers/types";
import { compileSpace } from "./space/compile";
import { validateParams } from "./space/validate";
import type { StudyStorage } from "./storage";
import { suggest } from "./suggest";
import type { Clock, Direction, InternalParams, Objective, Params, Pruner, PrunerConfig, SamplerConfig, Space, TrialRecord, TrialResult } from "./types";

export interface StudyOptions {
  storage: StudyStorage;
  /** A space in any accepted form; it is parsed (ConfigError when invalid). */
  space: Space | unknown;
  sampler: SamplerConfig;
  pruner?: PrunerConfig;
  objectives: Objective[];
  seed: number;
  /** Stamps startedAt / finishedAt (ms) into systemAttrs when given. */
  clock?: Clock;
  /** Maximum number of trials ever created (any state). */
  maxTrials?: number;
  /** Maximum number of running trials. */
  maxParallel?: number;
  /** Automatic retries of a failed trial (default 0). */
  maxRetries?: number;
  /** Which failures are retried (default "infrastructure"). */
  retryOn?: RetryPolicy;
  /** Constraint metric names: tell({ state: "complete", values, constraints }) gives one value for each (<= 0 feasible). */
  constraints?: string[];
}

/** The core's refusals as the engine's errors, so Study callers catch what they always caught. */
function refusalError(code: string, message: string): OptimizerError {
  switch (code) {
    case "budget_exhausted":
      return new BudgetError(message);
    case "parallel_limit":
      return new ParallelLimitError(message);
    case "validation_error":
      return new InvalidValueError(message);
    default:
      return new StateError(message);
  }
}

/** Ask/tell over a storage, for tests, benchmarks and scripts. The server runs the same steps in its own transaction. */
export class Study {
  readonly space: Space;
  readonly objectives: Objective[];
  readonly direction: Direction;
  private readonly sampler: Sampler;
  private readonly pruner: Pruner;
  private readonly prunerConfig: PrunerConfig;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: StudyOptions) {
    this.space = compileSpace(opts.space).space;
    // A sampler that cannot serve this space (a grid it cannot enumerate, TPE too heavy for it) fails here, not on every ask.
    assertSamplerFitsSpace(this.space, opts.sampler);
    if (opts.objectives.length === 0) throw new ConfigError([{ path: "objectives", message: "must not be empty" }], "invalid study");
    this.objectives = opts.objectives;
    this.direction = opts.objectives[0]!.direction;
    this.sampler = createSampler(opts.sampler, opts.seed);
    this.prunerConfig = opts.pruner ?? { name: "none" };
    this.pruner = createPruner(this.prunerConfig);
  }

  /** Runs storage read-modify-write steps one at a time, so concurrent asks never pick the same number. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  trials(): Promise<TrialRecord[]> {
    return this.opts.storage.listTrials();
  }

  private rules(): SweepRules {
    const { maxTrials, maxParallel, maxRetries, retryOn } = this.opts;
    return { status: "running", maxTrials: maxTrials ?? null, maxParallel: maxParallel ?? null, maxRetries: maxRetries ?? 0, retryOn: retryOn ?? "infrastructure", objectives: this.objectives.map((o) => o.metric), constraints: this.opts.constraints ?? [] };
  }

  /**
   * One event through the trial core: read the trials, let the core decide, apply what it decided. Returns
   * the trial the decision was about (the started, created or finished one).
   */
  private dispatch(event: (trials: TrialRecord[]) => TrialEvent, given?: { params: Params; internal: InternalParams }): Promise<TrialRecord> {
    return this.exclusive(async () => {
      const trials = await this.opts.storage.listTrials();
      const decided = event(trials);
      const decision = decide(snapshotOf(this.rules(), trials), decided);
      if (!decision.ok) throw refusalError(decision.refusal.code, decision.refusal.message);
      let subject: TrialRecord | undefined;
      for (const op of decision.ops) subject = (await this.apply(op, trials, given)) ?? subject;
      // A touch changes nothing stored: the trial is as it was.
      const about = "trial" in decided ? decided.trial.number : undefined;
      return subject ?? trials.find((t) => t.number === about)!;
    });
  }

  private facts(trials: TrialRecord[], number: number) {
    const facts = factsOf(trials, number);
    if (!facts) throw new NotFoundError(`trial ${number} does not exist`);
    return facts;
  }

  private async apply(op: Operation, trials: TrialRecord[], given?: { params: Params; internal: InternalParams }): Promise<TrialRecord | undefined> {
    const { storage, clock } = this.opts;
    const update = async (number: number, patch: Partial<TrialRecord>): Promise<TrialRecord> => {
      await storage.updateTrial(number, patch);
      return { ...trials[number]!, ...patch };
    };
    const started = clock ? { startedAt: clock() } : {};
    const finished = clock ? { finishedAt: clock() } : {};
    switch (op.op) {
      case "start": {
        const t = trials[op.number]!;
        return update(op.number, { state: "running", systemAttrs: { ...t.systemAttrs, ...started } });
      }
      case "sample": {
        const s = suggest({ space: this.space, sampler: this.sampler, trials, objectives: this.objectives, rng: createRng(this.opts.seed), number: op.number, pruner: this.prunerConfig, history: historyNeed(this.opts.sampler, this.prunerConfig) });
        return storage.createTrial({ state: "running", params: s.params, internal: s.internal, values: null, intermediate: [], systemAttrs: { ...s.systemAttrs, ...started }, retryOf: null });
      }
      case "rerun":
      case "queue": {
        const of = op.retryOf === null ? undefined : trials[op.retryOf];
        if (of) await storage.updateTrial(of.number, { retryPending: false });
        const params = of ? { params: of.params, internal: of.internal } : given;
        if (!params) throw new Error("queue without parameters");
        const state = op.op === "rerun" ? "running" : "waiting";
        const systemAttrs = of ? { ...of.systemAttrs, ...(state === "running" ? started : {}) } : { enqueued: true };
        return storage.createTrial({ state, params: params.params, internal: params.internal, values: null, intermediate: [], systemAttrs, retryOf: of ? of.number : null });
      }
      case "finish": {
        const t = trials[op.number]!;
        if (op.state === "complete") return update(op.number, { state: "complete", values: [...op.values], constraints: op.constraints, retryPending: false, systemAttrs: { ...t.systemAttrs, ...finished } });
        if (op.state === "pruned") return update(op.number, { state: "pruned", values: null, systemAttrs: { ...t.systemAttrs, ...finished } });
        return update(op.number, { state: "failed", values: null, failureKind: op.failure.kind, retryPending: op.retry, systemAttrs: { ...t.systemAttrs, ...finished, failReason: op.failure.message } });
      }
      case "revive":
        return update(op.number, { state: "running", failureKind: null, retryPending: false });
      case "touch":
      case "completeSweep":
        return undefined;
    }
  }

  /** Hands out an enqueued trial first, then due retries, else a new suggestion. The trial is running when returned. */
  ask(): Promise<TrialRecord> {
    return this.dispatch(() => ({ type: "ask" }));
  }

  /** Queues user-chosen parameters; ask hands queued trials out before sampling new ones. */
  enqueue(params: Record<string, unknown>): Promise<TrialRecord> {
    const v = validateParams(this.space, params);
    return this.dispatch(() => ({ type: "enqueue" }), v);
  }

  /** Records the first objective's intermediate value at a step of a running trial. */
  async report(number: number, step: number, value: number): Promise<void> {
    if (!Number.isInteger(step) || step < 0) throw new InvalidValueError(`step must be an integer >= 0, got ${step}`);
    if (typeof value !== "number") throw new InvalidValueError(`value must be a number, got ${typeof value}`);
    await this.dispatch((trials) => ({ type: "report", trial: this.facts(trials, number) }));
    await this.exclusive(() => this.opts.storage.reportIntermediate(number, step, value));
  }

  async shouldPrune(number: number): Promise<boolean> {
    const trials = await this.opts.storage.listTrials();
    const trial = trials.find((t) => t.number === number);
    if (!trial) throw new NotFoundError(`trial ${number} does not exist`);
    if (trial.state !== "running") return false;
    return this.pruner.shouldPrune({ direction: this.direction, trials: trials.filter((t) => t.number !== number) }, trial);
  }

  /**
   * Finishes a running trial. Non-finite objective values fail the trial (with the reason in
   * systemAttrs.failReason) instead of poisoning the sampler; a wrong number of values throws and leaves the
   * trial running so the caller can retry.
   */
  tell(number: number, result: TrialResult): Promise<TrialRecord> {
    return this.dispatch((trials) => {
      const trial = this.facts(trials, number);
      switch (result.state) {
        case "complete":
          if (!Array.isArray(result.values)) throw new InvalidValueError(`expected ${this.objectives.length} objective value(s), got ${typeof result.values}`);
          return { type: "complete", trial, values: result.values, ...(result.constraints ? { constraints: result.constraints } : {}) };
        case "pruned": {
          const last = trials[number]?.intermediate.at(-1);
          return { type: "prune", trial, last: last ? { step: last[0], value: last[1] } : null };
        }
        case "failed":
          return { type: "fail", trial, kind: result.kind ?? "program", message: result.error ?? "failed" };
        default:
          throw new InvalidValueError(`state must be complete, pruned or failed, got ${String((result as { state: unknown }).state)}`);
      }
    });
  }

  /** A running trial whose worker went silent: failed as an infrastructure failure, and retried if allowed. */
  markStale(number: number, message = "the worker stopped sending heartbeats"): Promise<TrialRecord> {
    return this.dispatch((trials) => ({ type: "stale", trial: this.facts(trials, number), message }));
  }

  /** A worker's sign of life; brings back a trial presumed dead whose retry has not been handed out. */
  heartbeat(number: number): Promise<TrialRecord> {
    return this.dispatch((trials) => ({ type: "heartbeat", trial: this.facts(trials, number) }));
  }

  /** The user's retry: queue a failed trial again with the same parameters, whatever the retry limit. */
  retry(number: number): Promise<TrialRecord> {
    return this.dispatch((trials) => ({ type: "retry", trial: this.facts(trials, number) }));
  }

  /**
   * The best complete, feasible trial (every constraint <= 0), or null. With one objective: the best value. With
   * several: the Pareto-front trial best on the first objective, ties broken by the following objectives in
   * order (mo/trials.ts bestTrialOf); paretoFront() gives the whole trade-off.
   */
  async bestTrial(): Promise<TrialRecord | null> {
    return bestTrialOf(await this.opts.storage.listTrials(), this.directions());
  }

  /** The complete, feasible trials no other such trial dominates over every objective, by number (mo/trials.ts). */
  async paretoFront(): Promise<TrialRecord[]> {
    return paretoFront(await this.opts.storage.listTrials(), this.directions());
  }

  private directions(): Direction[] {
    return this.objectives.map((o) => o.direction);
  }

  private async find(number: number): Promise<TrialRecord> {
    const t = (await this.opts.storage.listTrials()).find((x) => x.number === number);
    if (!t) throw new NotFoundError(`trial ${number} does not exist`);
    return t;
  }
}

