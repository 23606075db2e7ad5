import type { ParamValue, TrialState } from "@/lib/optimizer";

// What the dashboard's own JSON routes (app/api/ui) answer. Compact on purpose: the experiment page
// holds up to 100,000 trials, so trials travel as columns, not as one object each.

export interface TrialColumns {
  id: number[];
  number: number[];
  state: TrialState[];
  /** First objective; null until complete. */
  value: Array<number | null>;
  startedAt: Array<string | null>;
  completedAt: Array<string | null>;
  error: Array<string | null>;
  /** Several objectives only: every objective's value (complete trials; else null). Absent for one objective. */
  values?: Array<number[] | null>;
  /** Complete trials of a sweep with constraints: whether every constraint held (<= 0); else null. */
  feasible: Array<boolean | null>;
  /** Pruned trials: the objective metric's last reported value (where the trial was stopped); else null. */
  lastIntermediate: Array<number | null>;
  /** Finished trials: the step of the objective's last report (where a pruned trial was stopped); else null. */
  lastStep: Array<number | null>;
  /** Each trial's tags; absent when no trial of the snapshot has any. */
  tags?: string[][];
  /** Per parameter path, one value per trial; null where the trial does not have the parameter. */
  params: Record<string, Array<ParamValue>>;
}

export interface TrialsSnapshot {
  /** Server time of this snapshot: pass it back as `since` to receive only what changed after it. */
  serverTime: string;
  /** True when this is every trial (no `since`); false for an incremental update. */
  full: boolean;
  trials: TrialColumns;
}

export interface ScalarSeries {
  trialId: number;
  trialNumber: number;
  /** Points after min/max-preserving downsampling. */
  points: Array<{ step: number; value: number; wallTime: number }>;
  /** How many points the series really has. */
  total: number;
}
