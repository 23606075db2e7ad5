import type { Trial, TrialOutcome } from "./types";

export interface Best {
  value: number;
  trialNumber: number;
}

/** What the agent has done so far: counts, the best value, and the --count slots handed out. */
export class Tally {
  complete = 0;
  pruned = 0;
  failed = 0;
  lost = 0;
  private slotsTaken = 0;
  readonly startedAt = Date.now();

  readonly objective: string;
  readonly direction: "minimize" | "maximize";
  /** Every objective's metric; with more than one there is no single best (it is a Pareto front). */
  readonly metrics: string[];

  constructor(
    objectives: ReadonlyArray<{ metric: string; direction: "minimize" | "maximize" }>,
    /** The experiment's maxTrials and trialsDone when the agent started, for "done / budget". */
    readonly budget: number | null,
    readonly doneBefore: number,
    readonly count: number | undefined,
    public best: Best | undefined,
  ) {
    this.objective = objectives[0]!.metric;
    this.direction = objectives[0]!.direction;
    this.metrics = objectives.map((o) => o.metric);
    if (this.metrics.length > 1) this.best = undefined;
  }

  get finished(): number {
    return this.complete + this.pruned + this.failed + this.lost;
  }

  /** Claims one trial of the --count budget; false when this agent has run its share. */
  takeSlot(): boolean {
    if (this.count !== undefined && this.slotsTaken >= this.count) return false;
    this.slotsTaken++;
    return true;
  }

  releaseSlot(): void {
    this.slotsTaken--;
  }

  isBetter(value: number): boolean {
    if (!this.best) return true;
    return this.direction === "minimize" ? value < this.best.value : value > this.best.value;
  }

  record(trial: Trial, outcome: TrialOutcome): void {
    if (outcome.kind === "complete") {
      this.complete++;
      const value = outcome.values[0]!;
      if (this.metrics.length === 1 && this.isBetter(value)) this.best = { value, trialNumber: trial.number };
    } else if (outcome.kind === "pruned") this.pruned++;
    else if (outcome.kind === "lost") this.lost++;
    else this.failed++;
  }
}
