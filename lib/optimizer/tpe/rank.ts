import type { Direction, TrialRecord } from "../types";

export interface Ranked {
  /** Best first: complete by value, then pruned (later step first, then value), then failed, then liars. */
  trials: TrialRecord[];
  /** How many leading entries of `trials` succeeded (complete or pruned): only they may be "good". */
  nSucceeded: number;
  /** How many leading entries of `trials` are observations (succeeded or failed); the rest are liars. */
  nFinished: number;
  /** Indices into `trials` in chronological (trial number) order, for the kernels' age weights. */
  chrono: Int32Array;
}

const COMPLETE = 0;
const PRUNED = 1;
const PRUNED_UNREPORTED = 2;
const FAILED = 3;
const LIAR = 4;

/**
 * Orders the history for the good/bad split. A failure of the program (or of unknown kind, from before
 * failures had one) is an observation worse than every success, so the region it came from counts as bad
 * and the sampler steers away from it. Failures of the infrastructure (a dead worker) say nothing about the
 * parameters and are left out, as is a failure that a retry of the same parameters got past, and a complete
 * trial without a finite first value. With constantLiar, running and waiting trials rank last, so the
 * region a parallel worker is exploring counts as bad and other workers look elsewhere.
 */
export function rankTrials(trials: ReadonlyArray<TrialRecord>, direction: Direction, constantLiar: boolean): Ranked {
  const sign = direction === "maximize" ? -1 : 1;
  const recovered = recoveredFailures(trials);
  const rows: Array<{ t: TrialRecord; tier: number; a: number; b: number }> = [];
  for (const t of trials) {
    if (t.state === "complete") {
      const v = t.values?.[0];
      if (typeof v === "number" && Number.isFinite(v)) rows.push({ t, tier: COMPLETE, a: sign * v, b: 0 });
    } else if (t.state === "pruned") {
      let last: readonly [number, number] | undefined;
      for (let i = t.intermediate.length - 1; i >= 0; i--) {
        const r = t.intermediate[i]!;
        if (Number.isFinite(r[1])) {
          last = r;
          break;
        }
      }
      if (last) rows.push({ t, tier: PRUNED, a: -last[0], b: sign * last[1] });
      else rows.push({ t, tier: PRUNED_UNREPORTED, a: 0, b: 0 });
    } else if (t.state === "failed") {
      if (countsAsFailure(t, recovered)) rows.push({ t, tier: FAILED, a: 0, b: 0 });
    } else if (constantLiar && (t.state === "running" || t.state === "waiting")) {
      rows.push({ t, tier: LIAR, a: 0, b: 0 });
    }
  }
  rows.sort((x, y) => x.tier - y.tier || x.a - y.a || x.b - y.b || x.t.number - y.t.number);
  let nSucceeded = 0;
  let nFinished = 0;
  for (const r of rows) {
    if (r.tier < FAILED) nSucceeded++;
    if (r.tier < LIAR) nFinished++;
  }
  const ranked = rows.map((r) => r.t);
  const chrono = Int32Array.from(ranked.keys()).sort((x, y) => ranked[x]!.number - ranked[y]!.number);
  return { trials: ranked, nSucceeded, nFinished, chrono };
}

/**
 * Whether a failed trial is an observation (worse than every success): a failure of the program or of unknown
 * kind that no retry got past. `recovered` is recoveredFailures() of the same history. Shared with CMA-ES.
 */
export function countsAsFailure(t: TrialRecord, recovered: ReadonlySet<number>): boolean {
  return t.state === "failed" && t.failureKind !== "infrastructure" && !recovered.has(t.number);
}

/** Failed trials with a retry (of the same parameters, possibly after further retries) that completed or was pruned. */
export function recoveredFailures(trials: ReadonlyArray<TrialRecord>): Set<number> {
  const out = new Set<number>();
  let byNumber: Map<number, TrialRecord> | undefined;
  for (const t of trials) {
    if ((t.state !== "complete" && t.state !== "pruned") || t.retryOf === null || t.retryOf === undefined) continue;
    byNumber ??= new Map(trials.map((x) => [x.number, x]));
    let of: number | null | undefined = t.retryOf;
    // Retry chains are short and acyclic (a retry is always newer than its original); the guard is for bad data.
    while (of !== null && of !== undefined && !out.has(of)) {
      out.add(of);
      of = byNumber.get(of)?.retryOf;
    }
  }
  return out;
}
