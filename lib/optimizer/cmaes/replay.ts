// Reconstructing the CMA-ES state from the trials, the only state there is (the server recreates the sampler
// on every ask). The rule:
//
// - Every trial CMA-ES samples carries systemAttrs.cmaes = { run, gen, start, x }: its restart run, its
//   generation in that run, the number of the trial that started the run, and the point it sampled in the
//   [0, 1]-scaled space (before snapping: CMA-ES with margin learns from the continuous point). A retry copies
//   the attributes of its original, so it belongs to the same generation.
// - The current run is the highest `run` in the history. Its state is replayed from its initial state
//   (run 0: the centre of the box; a restart: a uniform point drawn from the run's start number), generation by
//   generation: generation g is told once it has lambda observations (complete, pruned or program failures by
//   tpe/rank.ts's rule), and it is told the lambda lowest-numbered ones. The first generation with fewer is the
//   current one: asks keep sampling it (parallel workers get distinct draws from their own streams) until
//   enough finish. A straggler that finishes after its generation was told, with a lower number than one that
//   was told, changes the told set on later replays: the state stays a function of the trials.
// - After each tell the stopping tests run (core.ts stopReason); with restart "ipop" a stop ends the run, as
//   does reaching CMAES_RUN_TRIALS trials (history.ts), and the ask starts run + 1 with incPopsize times the
//   population. Trials of earlier runs are never read again.
// - Within a generation the ranking is: feasible complete trials by value, infeasible complete trials by total
//   violation (constraints.ts), pruned trials (further first), program failures; ties by trial number.
// Replay costs one update per generation of the current run, O(lambda d^2 + d^3) each.

import { constraintViolation } from "../constraints";
import { CMAES_RUN_TRIALS } from "../history";
import { MAX_CMAES_POPSIZE } from "../limits";
import { createRng, hashSeed } from "../rng";
import type { CompiledSpace, ParamSpec } from "../space/compile";
import { tailRange } from "../space/convert";
import { isObservedFailure, rankTrials, recoveredFailures } from "../tpe/rank";
import type { CmaEsConfig, Direction, TrialRecord } from "../types";
import { applyMargin, cloneState, createState, defaultPopsize, stopReason, tell, type BinOf, type CmaState } from "./core";

export const TAG = "cmaes";

/** One CMA-ES coordinate: a parameter and its affine map to the scaled space, u = (x - offset) / scale. */
export interface Coord {
  spec: ParamSpec;
  offset: number;
  scale: number;
  /** The box in the scaled space: [0, 1] for bounded parameters, mu +- TAIL_SIGMAS sigma for normal ones. */
  lo: number;
  hi: number;
  /** Handled by the margin correction (a bounded integer or stepped parameter, with withMargin). */
  margin: boolean;
}

/**
 * The parameters CMA-ES models: numeric (continuous or discrete with at least two values) and active in every
 * trial (not under a choice). A space's unconditional parameters are present in every trial, so this is the
 * intersection search space of any history, fixed for the sweep. Bounded ones map their model-space range
 * (log space for log parameters, bin edges for discrete ones) to [0, 1]; a normal-family one maps mu +- 3 sigma
 * to [0, 1], so the first generation samples it from its prior.
 */
export function cmaCoords(space: CompiledSpace, withMargin: boolean): Coord[] {
  const out: Coord[] = [];
  for (const spec of space.free) {
    if (spec.parent >= 0) continue;
    if (spec.kind !== "continuous" && spec.kind !== "discrete") continue;
    if (spec.bounded) {
      if (spec.kind === "discrete" && spec.count < 2) continue;
      const scale = spec.high - spec.low;
      if (!(scale > 0) || !Number.isFinite(scale)) continue;
      out.push({ spec, offset: spec.low, scale, lo: 0, hi: 1, margin: withMargin && spec.kind === "discrete" });
    } else {
      const offset = spec.priorMu - 3 * spec.priorSigma;
      const scale = 6 * spec.priorSigma;
      const [a, b] = tailRange(spec);
      out.push({ spec, offset, scale, lo: (a - offset) / scale, hi: (b - offset) / scale, margin: false });
    }
  }
  return out;
}

/** The scaled thresholds between a discrete coordinate's value at u and its neighbours (convert.ts's rounding). */
export function binOfCoords(coords: ReadonlyArray<Coord>): BinOf {
  return (j, u) => {
    const c = coords[j]!;
    const spec = c.spec;
    const x = c.offset + u * c.scale;
    const v = spec.log ? Math.exp(x) : x;
    const k = Math.min(spec.count - 1, Math.max(0, Math.round((v - spec.natLow) / spec.step)));
    const toU = (natural: number) => ((spec.log ? Math.log(natural) : natural) - c.offset) / c.scale;
    const lo = k > 0 ? toU(spec.natLow + (k - 0.5) * spec.step) : -Infinity;
    const hi = k < spec.count - 1 ? toU(spec.natLow + (k + 0.5) * spec.step) : Infinity;
    return [lo, hi];
  };
}

export interface Tag {
  run: number;
  gen: number;
  start: number;
  x: number[];
}

function isIndex(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}

/** The trial's tag when it is well-formed for n coordinates, else null (not a CMA-ES sample). */
export function readTag(t: TrialRecord, n: number): Tag | null {
  const raw = t.systemAttrs[TAG];
  if (typeof raw !== "object" || raw === null) return null;
  const { run, gen, start, x } = raw as Record<string, unknown>;
  if (!isIndex(run) || !isIndex(gen) || !isIndex(start) || !Array.isArray(x) || x.length !== n) return null;
  if (!x.every((v) => typeof v === "number" && Number.isFinite(v))) return null;
  return { run, gen, start, x: x as number[] };
}

/** Population of run r: the first run's times incPopsize^r with IPOP, capped at MAX_CMAES_POPSIZE. */
export function runPopsize(cfg: CmaEsConfig, n: number, run: number): number {
  const base = cfg.popsize === "auto" ? defaultPopsize(n) : cfg.popsize;
  if (cfg.restart === "none") return base;
  return Math.max(base, Math.min(MAX_CMAES_POPSIZE, Math.round(base * cfg.incPopsize ** run)));
}

export function initialState(cfg: CmaEsConfig, coords: ReadonlyArray<Coord>, run: number, start: number): CmaState {
  const n = coords.length;
  const mean = new Float64Array(n);
  if (run === 0) mean.fill(0.5);
  else {
    // A restart begins at a uniform point of the box (the [0, 1] core for normal-family parameters), drawn
    // from the number of the trial that started the run, so every later ask draws the same one.
    const rng = createRng(hashSeed(start, run, 0x434d41));
    for (let i = 0; i < n; i++) mean[i] = rng.next();
  }
  return createState(n, runPopsize(cfg, n, run), mean, cfg.sigma0);
}

/** Where the next trial goes: its run, generation and the state to sample from. */
export interface Plan {
  run: number;
  gen: number;
  start: number;
  state: CmaState;
  /** Why the previous run ended, when this ask starts a new one. */
  restartedBecause?: string;
}

interface Member {
  t: TrialRecord;
  x: Float64Array;
}

interface Observation {
  m: Member;
  /** What the generation is told: a feasible complete trial's value in minimisation form, else NaN (ranked last). */
  value: number;
}

/**
 * The generation's observation, or null for a trial that is not one: a complete trial with a finite value, a
 * pruned trial, a program failure (the membership of tpe/rank.ts rankTrials, which orders them).
 */
function observation(m: Member, sign: number, recovered: ReadonlySet<number>): Observation | null {
  const t = m.t;
  if (t.state === "complete") {
    const v = t.values?.[0];
    if (typeof v !== "number" || !Number.isFinite(v)) return null;
    return { m, value: constraintViolation(t) > 0 ? NaN : sign * v };
  }
  if (t.state === "pruned" || isObservedFailure(t, recovered)) return { m, value: NaN };
  return null;
}

export interface ReplayInput {
  trials: ReadonlyArray<TrialRecord>;
  direction: Direction;
  number: number;
}

/**
 * What a long-lived sampler remembers of its last replay: the run, the signature of every generation it told
 * (told trial numbers and the run's trial count so far) and the state after them. A later replay whose
 * generations have the same signatures continues from that state instead of recomputing it; any difference
 * replays from the start. The result is the same either way (a server that recreates the sampler per ask
 * gets the same suggestions as the in-memory Study).
 */
export interface ReplayMemo {
  coords: ReadonlyArray<Coord>;
  direction: Direction;
  run: number;
  start: number;
  signatures: string[];
  state: CmaState;
}

/** Replays the current run up to its current generation (see the rule at the top of this file). */
export function replay(cfg: CmaEsConfig, coords: ReadonlyArray<Coord>, input: ReplayInput, memo?: { last?: ReplayMemo }): Plan {
  const n = coords.length;
  let run = -1;
  let tagged: Array<{ t: TrialRecord; tag: Tag }> = [];
  for (const t of input.trials) {
    const tag = readTag(t, n);
    if (!tag) continue;
    if (tag.run > run) {
      run = tag.run;
      tagged = [];
    }
    if (tag.run === run) tagged.push({ t, tag });
  }
  if (run < 0) return { run: 0, gen: 0, start: input.number, state: initialState(cfg, coords, 0, input.number) };
  // The run's start: the tag's, from its lowest-numbered trial (every trial of a run carries the same one).
  let start = tagged[0]!.tag.start;
  let lowest = Infinity;
  const byGen = new Map<number, Member[]>();
  const countOf = new Map<number, number>();
  for (const { t, tag } of tagged) {
    if (t.number < lowest) {
      lowest = t.number;
      start = tag.start;
    }
    countOf.set(tag.gen, (countOf.get(tag.gen) ?? 0) + 1);
    if (t.state !== "complete" && t.state !== "pruned" && t.state !== "failed") continue;
    let list = byGen.get(tag.gen);
    if (!list) byGen.set(tag.gen, (list = []));
    list.push({ t, x: Float64Array.from(tag.x) });
  }
  const sign = input.direction === "maximize" ? -1 : 1;
  const recovered = recoveredFailures(input.trials);
  const lambda = runPopsize(cfg, n, run);

  // The generations that have lambda observations, in order, each with what it is told and its signature
  // (told numbers and the run's trial count so far: what the state and the run-length test depend on).
  const gens: Array<{ told: Observation[]; used: number; signature: string }> = [];
  let used = 0;
  for (let gen = 0; ; gen++) {
    const rows = (byGen.get(gen) ?? []).map((m) => observation(m, sign, recovered)).filter((r): r is Observation => r !== null);
    if (rows.length < lambda) break;
    rows.sort((x, y) => x.m.t.number - y.m.t.number);
    const told = rows.slice(0, lambda);
    used += countOf.get(gen) ?? 0;
    gens.push({ told, used, signature: `${told.map((r) => r.m.t.number).join(",")}/${used}` });
    // Best first in TPE's order (tpe/rank.ts rankTrials): one ranking of observations for every sampler.
    const position = new Map(rankTrials(told.map((r) => r.m.t), input.direction, false).trials.map((t, i) => [t.number, i]));
    told.sort((x, y) => position.get(x.m.t.number)! - position.get(y.m.t.number)!);
  }

  // Continue from the memo when its generations are a prefix of these.
  const last = memo?.last;
  let from = 0;
  let state: CmaState;
  if (last && last.coords === coords && last.direction === input.direction && last.run === run && last.start === start && last.signatures.length <= gens.length && last.signatures.every((sig, g) => gens[g]!.signature === sig)) {
    from = last.signatures.length;
    state = cloneState(last.state);
  } else state = initialState(cfg, coords, run, start);

  const continuous = coords.flatMap((c, i) => (c.margin ? [] : [i]));
  const discrete = coords.flatMap((c, i) => (c.margin ? [i] : []));
  const stopTol = { continuous: continuous.length > 0 ? continuous : coords.map((_, i) => i) };
  const binOf = binOfCoords(coords);
  const alpha = 1 / (n * lambda);
  for (let g = from; g < gens.length; g++) {
    const { told, used: usedSoFar } = gens[g]!;
    tell(
      state,
      told.map((r) => r.m.x),
      told.map((r) => r.value),
    );
    if (discrete.length > 0) applyMargin(state, discrete, binOf, alpha);
    const reason = usedSoFar >= CMAES_RUN_TRIALS ? "run-length" : cfg.restart === "ipop" ? stopReason(state, stopTol) : null;
    if (reason) {
      const next = run + 1;
      return { run: next, gen: 0, start: input.number, state: initialState(cfg, coords, next, input.number), restartedBecause: reason };
    }
  }
  if (memo) memo.last = { coords, direction: input.direction, run, start, signatures: gens.map((g) => g.signature), state: cloneState(state) };
  return { run, gen: gens.length, start, state };
}
