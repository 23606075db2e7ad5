import type { Direction, TrialRecord } from "../types";

export interface Ranked {
  /** Best first: complete by value, then pruned (later step first, then value), then liars. */
  trials: TrialRecord[];
  /** How many leading entries of `trials` are finished (complete or pruned); the rest are liars. */
  nFinished: number;
  /** Indices into `trials` in chronological (trial number) order, for the kernels' age weights. */
  chrono: Int32Array;
}

/**
 * Orders the history for the good/bad split. Failed trials (and complete ones without a finite first value)
 * carry no information and are left out. With constantLiar, running and waiting trials rank last, so the
 * region a parallel worker is exploring counts as bad and other workers look elsewhere.
 */
export function rankTrials(trials: ReadonlyArray<TrialRecord>, direction: Direction, constantLiar: boolean): Ranked {
  const sign = direction === "maximize" ? -1 : 1;
  const rows: Array<{ t: TrialRecord; tier: number; a: number; b: number }> = [];
  for (const t of trials) {
    if (t.state === "complete") {
      const v = t.values?.[0];
      if (typeof v === "number" && Number.isFinite(v)) rows.push({ t, tier: 0, a: sign * v, b: 0 });
    } else if (t.state === "pruned") {
      let last: readonly [number, number] | undefined;
      for (let i = t.intermediate.length - 1; i >= 0; i--) {
        const r = t.intermediate[i]!;
        if (Number.isFinite(r[1])) {
          last = r;
          break;
        }
      }
      if (last) rows.push({ t, tier: 1, a: -last[0], b: sign * last[1] });
      else rows.push({ t, tier: 2, a: 0, b: 0 });
    } else if (constantLiar && (t.state === "running" || t.state === "waiting")) {
      rows.push({ t, tier: 3, a: 0, b: 0 });
    }
  }
  rows.sort((x, y) => x.tier - y.tier || x.a - y.a || x.b - y.b || x.t.number - y.t.number);
  let nFinished = 0;
  for (const r of rows) if (r.tier < 3) nFinished++;
  const ranked = rows.map((r) => r.t);
  const chrono = Int32Array.from(ranked.keys()).sort((x, y) => ranked[x]!.number - ranked[y]!.number);
  return { trials: ranked, nFinished, chrono };
}
