import { BudgetError, ConfigError, InvalidValueError, NotFoundError, ParallelLimitError, StateError } from "./errors";
import { createRng } from "./rng";
import { createPruner } from "./pruners";
import { createSampler } from "./samplers";
import type { Sampler } from "./samplers/types";
import { compileSpace } from "./space/compile";
import { validateParams } from "./space/validate";
import type { StudyStorage } from "./storage";
import { suggest } from "./suggest";
import type { Clock, Direction, Objective, Pruner, PrunerConfig, SamplerConfig, Space, TrialRecord, TrialResult } from "./types";

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
    if (opts.objectives.length === 0) throw new ConfigError([{ path: "objectives", message: "must not be empty" }], "invalid study");
    this.objectives = opts.objectives;
    this.direction = opts.objectives[0]!.direction;
    const sampler = opts.sampler.name === "qmc" && opts.sampler.seed === undefined ? { ...opts.sampler, seed: opts.seed } : opts.sampler;
    this.sampler = createSampler(sampler);
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

  /** Hands out an enqueued trial first, else a new suggestion. The trial is running when returned. */
  ask(): Promise<TrialRecord> {
    return this.exclusive(async () => {
      const { storage, maxParallel, maxTrials, clock } = this.opts;
      const trials = await storage.listTrials();
      const running = trials.filter((t) => t.state === "running").length;
      if (maxParallel !== undefined && running >= maxParallel) {
        throw new ParallelLimitError(`${running} trials are running already (maxParallel is ${maxParallel})`);
      }
      const stamp = clock ? { startedAt: clock() } : {};
      const waiting = trials.find((t) => t.state === "waiting");
      if (waiting) {
        const systemAttrs = { ...waiting.systemAttrs, ...stamp };
        await storage.updateTrial(waiting.number, { state: "running", systemAttrs });
        return { ...waiting, state: "running", systemAttrs };
      }
      if (maxTrials !== undefined && trials.length >= maxTrials) {
        throw new BudgetError(`the study has used its budget of ${maxTrials} trials`);
      }
      const number = trials.length;
      const s = suggest({
        space: this.space,
        sampler: this.sampler,
        trials,
        objectives: this.objectives,
        rng: createRng(this.opts.seed),
        number,
        pruner: this.prunerConfig,
      });
      return storage.createTrial({ state: "running", params: s.params, internal: s.internal, values: null, intermediate: [], systemAttrs: { ...s.systemAttrs, ...stamp } });
    });
  }

  /** Queues user-chosen parameters; ask hands queued trials out before sampling new ones. */
  enqueue(params: Record<string, unknown>): Promise<TrialRecord> {
    const v = validateParams(this.space, params);
    return this.exclusive(async () => {
      if (this.opts.maxTrials !== undefined && (await this.opts.storage.listTrials()).length >= this.opts.maxTrials) {
        throw new BudgetError(`the study has used its budget of ${this.opts.maxTrials} trials`);
      }
      return this.opts.storage.createTrial({ state: "waiting", params: v.params, internal: v.internal, values: null, intermediate: [], systemAttrs: { enqueued: true } });
    });
  }

  /** Records the first objective's intermediate value at a step of a running trial. */
  report(number: number, step: number, value: number): Promise<void> {
    return this.exclusive(async () => {
      if (!Number.isInteger(step) || step < 0) throw new InvalidValueError(`step must be an integer >= 0, got ${step}`);
      if (typeof value !== "number") throw new InvalidValueError(`value must be a number, got ${typeof value}`);
      const trial = await this.find(number);
      if (trial.state !== "running") throw new StateError(`trial ${number} is ${trial.state}; only running trials take reports`);
      await this.opts.storage.reportIntermediate(number, step, value);
    });
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
    return this.exclusive(async () => {
      const trial = await this.find(number);
      if (trial.state !== "running") throw new StateError(`trial ${number} is ${trial.state}; only running trials can be told`);
      const finished = this.opts.clock ? { finishedAt: this.opts.clock() } : {};
      let patch: Partial<TrialRecord>;
      if (result.state === "complete" || (result.state === "pruned" && result.values)) {
        const values = result.values ?? [];
        if (!Array.isArray(values) || values.length !== this.objectives.length) {
          throw new InvalidValueError(`expected ${this.objectives.length} objective value(s), got ${Array.isArray(values) ? values.length : typeof values}`);
        }
        const bad = values.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
        if (bad >= 0) {
          const failReason = `objective ${this.objectives[bad]!.metric} is ${String(values[bad])}`;
          patch = { state: "failed", values: null, systemAttrs: { ...trial.systemAttrs, ...finished, failReason } };
        } else patch = { state: result.state, values: [...values], systemAttrs: { ...trial.systemAttrs, ...finished } };
      } else if (result.state === "pruned") {
        patch = { state: "pruned", values: null, systemAttrs: { ...trial.systemAttrs, ...finished } };
      } else if (result.state === "failed") {
        const failReason = result.error ?? "failed";
        patch = { state: "failed", values: null, systemAttrs: { ...trial.systemAttrs, ...finished, failReason } };
      } else {
        throw new InvalidValueError(`state must be complete, pruned or failed, got ${String((result as { state: unknown }).state)}`);
      }
      await this.opts.storage.updateTrial(number, patch);
      return { ...trial, ...patch };
    });
  }

  /** The best complete trial by the first objective, or null. */
  async bestTrial(): Promise<TrialRecord | null> {
    let best: TrialRecord | null = null;
    for (const t of await this.opts.storage.listTrials()) {
      const v = t.state === "complete" ? t.values?.[0] : undefined;
      if (v === undefined) continue;
      const b = best?.values?.[0];
      if (b === undefined || (this.direction === "minimize" ? v < b : v > b)) best = t;
    }
    return best;
  }

  private async find(number: number): Promise<TrialRecord> {
    const t = (await this.opts.storage.listTrials()).find((x) => x.number === number);
    if (!t) throw new NotFoundError(`trial ${number} does not exist`);
    return t;
  }
}

