import "server-only";
import { writeTransaction, type Tx } from "@/lib/db/client";
import { parseConfig } from "@/lib/db/columns";
import { applyOperation, loadEventTarget, readFacts, readSamplerHistory, readSnapshot, type ExperimentRecord, type LockScope, type TrialRow } from "@/lib/db/trial-core";
import { AppError, notFound } from "@/lib/http/errors";
import { constraintsOf, objectivesOf } from "./get-experiment";
import {
  ConfigError,
  ExhaustedError,
  assertSamplerFitsSpace,
  createRng,
  createSampler,
  decide,
  needsSnapshot,
  historyNeed,
  parsePrunerConfig,
  parseSamplerConfig,
  parseSpace,
  suggest,
  type InternalParams,
  type Objective,
  type Operation,
  type Params,
  type RetryPolicy,
  type SweepRules,
  type SweepStatus,
  type TrialEvent,
  type TrialFacts,
  type TrialRecord,
} from "@/lib/optimizer";

/** What an event is about: a sweep (ask, enqueue) or one of its trials. */
export type EventTarget = { experimentId: number } | { trialId: number };

export interface EventContext {
  experiment: ExperimentRecord;
  objectives: Objective[];
  trial: { row: TrialRow; facts: TrialFacts } | null;
  /** The transaction, for builders that read more (a pruned trial's last report). */
  tx: Tx;
}

export interface RunTrialEventOptions {
  target: EventTarget;
  /** Builds the event from what was loaded (the trial's facts, the objectives); null: nothing to do. */
  event: (ctx: EventContext) => TrialEvent | null | Promise<TrialEvent | null>;
  workerId?: string | null;
  /** Parameters of an enqueued trial, already validated against the space. */
  params?: { params: Params; internal: InternalParams };
  userAttrs?: Record<string, unknown>;
  now?: Date;
  /**
   * "trial": a sign of life (report, heartbeat) that, for a running trial, changes only that trial, so it need
   * not wait for other trials' signs of life (PostgreSQL; see lib/db/trial-core.ts loadEventTarget). When the
   * trial is not running or the core decides more than a touch, the step runs again under the experiment's lock.
   */
  lock?: LockScope;
}

export interface TrialEventResult {
  /** The trial the decision started, created or finished (null when it only touched one or nothing). */
  trialId: number | null;
  ops: Operation[];
}

/** What `then` sees: the loaded context and what the core decided (already applied). */
export type AppliedEvent = EventContext & TrialEventResult;

export function rulesOf(experiment: ExperimentRecord, objectives: Objective[]): SweepRules {
  return {
    status: experiment.status as SweepStatus,
    maxTrials: experiment.maxTrials,
    maxParallel: experiment.maxParallel,
    maxRetries: experiment.maxRetries,
    retryOn: experiment.retryOn as RetryPolicy,
    objectives: objectives.map((o) => o.metric),
    constraints: constraintsOf(experiment),
  };
}

/**
 * Drives one event through the trial core in one database transaction: load the sweep's snapshot, let the
 * core decide, persist exactly what it decided. Every state change of every path (API, dashboard, the
 * stale-trial sweep) comes through here, so the database and the in-memory Study cannot disagree.
 */
export function runTrialEvent(opts: RunTrialEventOptions): Promise<TrialEventResult>;
/**
 * With `then`: runs it after the decision is applied, in the same transaction (one commit, one fsync), and
 * answers what it returns. The report path writes its points there, only when the core accepted the report.
 */
export function runTrialEvent<T>(opts: RunTrialEventOptions, then: (applied: AppliedEvent) => Promise<T>): Promise<T>;
export async function runTrialEvent<T>(opts: RunTrialEventOptions, then?: (applied: AppliedEvent) => Promise<T>): Promise<TrialEventResult | T> {
  if (opts.lock !== "trial") return runLocked(opts, "experiment", then);
  try {
    return await runLocked(opts, "trial", then);
  } catch (error) {
    if (!(error instanceof NeedsExperimentLock)) throw error;
    return runLocked(opts, "experiment", then);
  }
}

/** Rolls back a step taken under its trial's lock that turned out to need the experiment's. */
class NeedsExperimentLock extends Error {}

function runLocked<T>(opts: RunTrialEventOptions, scope: LockScope, then?: (applied: AppliedEvent) => Promise<T>): Promise<TrialEventResult | T> {
  const nowIso = (opts.now ?? new Date()).toISOString();
  return writeTransaction(async (tx) => {
    // One step per experiment at a time, across processes too (loadEventTarget locks it); a running trial's
    // sign of life only waits for steps on its own trial and for experiment-wide ones.
    const loaded = await loadEventTarget(tx, opts.target, scope);
    if ("escalate" in loaded) throw new NeedsExperimentLock();
    if ("missing" in loaded) throw notFound(loaded.missing, loaded.id);
    const { experiment, row } = loaded;
    const experimentId = experiment.id;
    const objectives = objectivesOf(experiment);
    const trial = row ? { row, facts: await readFacts(tx, row) } : null;
    const ctx: EventContext = { experiment, objectives, trial, tx };
    const event = await opts.event(ctx);
    if (event === null) return then ? then({ ...ctx, trialId: null, ops: [] }) : { trialId: null, ops: [] };
    const snapshot = needsSnapshot(event) ? await readSnapshot(tx, experiment, rulesOf(experiment, objectives)) : null;
    const decision = decide(snapshot, event);
    if (!decision.ok) throw new AppError(decision.refusal.code, describe(decision.refusal.message, experimentId, trial), { path: decision.refusal.path });
    if (loaded.locked === "trial" && decision.ops.some((op) => op.op !== "touch")) throw new NeedsExperimentLock();
    let trialId: number | null = null;
    for (const op of decision.ops) {
      const data = { nowIso, metric: objectives[0]!.metric, workerId: opts.workerId ?? null, userAttrs: opts.userAttrs, trial: op.op === "sample" ? await sampleTrial(tx, experiment, objectives, op.number) : op.op === "queue" && op.retryOf === null ? { ...requireParams(opts.params), systemAttrs: { enqueued: true } } : undefined };
      const id = await applyOperation(tx, experimentId, op, data);
      if (op.op !== "touch" && op.op !== "completeSweep") trialId ??= id;
    }
    return then ? then({ ...ctx, trialId, ops: decision.ops }) : { trialId, ops: decision.ops };
  });
}

function describe(message: string, experimentId: number, trial: EventContext["trial"]): string {
  return trial ? `${message.replace(`trial #${trial.facts.number}`, `trial ${trial.row.id} (#${trial.facts.number})`)}` : `experiment ${experimentId}: ${message}`;
}

function requireParams(params: RunTrialEventOptions["params"]) {
  if (!params) throw new Error("enqueue needs validated parameters");
  return params;
}

/**
 * What the sweep's sampler sees for its next suggestion: the space, the sampler, the pruner and the trials of
 * its history (read by what the sampler declares it needs). The ask (sampleTrial) and the browser's Suggest
 * (suggest-trials.ts) both start from here, so a suggestion is what an ask would hand out.
 */
export async function modelInputs(tx: Tx, experiment: ExperimentRecord, objectives: Objective[]) {
  const id = experiment.id;
  const samplerConfig = stored(id, "sampler", () => parseSamplerConfig(experiment.sampler, parseConfig(experiment.samplerConfig)));
  const pruner = stored(id, "pruner", () => parsePrunerConfig(experiment.pruner, parseConfig(experiment.prunerConfig)));
  const space = stored(id, "space", () => parseSpace(parseConfig(experiment.space)));
  stored(id, "sampler", () => assertSamplerFitsSpace(space, samplerConfig));
  const history = historyNeed(samplerConfig, pruner);
  const trials = await readSamplerHistory(tx, id, history, objectives.map((o) => o.direction), constraintsOf(experiment).length > 0, experiment.trialCount);
  return { space, sampler: createSampler(samplerConfig, experiment.seed), trials, objectives, rng: createRng(experiment.seed), pruner, history };
}

/** The engine's suggestion for trial `number`, as a grid that has nothing left says in the API's terms. */
export function suggestFor(inputs: Awaited<ReturnType<typeof modelInputs>>, experimentId: number, number: number, extra: TrialRecord[] = []) {
  try {
    return suggest({ ...inputs, trials: extra.length === 0 ? inputs.trials : [...inputs.trials, ...extra], number });
  } catch (error) {
    if (error instanceof ExhaustedError) throw new AppError("budget_exhausted", `experiment ${experimentId}: the grid has no configuration left`);
    throw error;
  }
}

async function sampleTrial(tx: Tx, experiment: ExperimentRecord, objectives: Objective[], number: number) {
  return suggestFor(await modelInputs(tx, experiment, objectives), experiment.id, number);
}

/**
 * Reads a stored config. A sweep stored before a limit existed can hold one that create now refuses, and every
 * ask would fail: say which setting and why (a 409, the sweep is in the wrong state), not a bare 500.
 */
function stored<T>(experimentId: number, prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const issues = error.issues.map((i) => ({ path: i.path ? `${prefix}.${i.path}` : prefix, message: i.message }));
    const first = issues[0] ?? { path: prefix, message: error.message };
    throw new AppError("conflict", `experiment ${experimentId} was stored with a ${prefix} that is no longer accepted (${first.path}: ${first.message}); create a new sweep`, { path: first.path, issues });
  }
}
