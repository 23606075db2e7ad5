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

  constructor(
    readonly objective: string,
    readonly direction: "minimize" | "maximize",
    /** The experiment's maxTrials and trialsDone when the agent started, for "done / budget". */
    readonly budget: number | null,
    readonly doneBefore: number,
    readonly count: number | undefined,
    public best: Best | undefined,
  ) {}

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
      if (this.isBetter(outcome.value)) this.best = { value: outcome.value, trialNumber: trial.number };
    } else if (outcome.kind === "pruned") this.pruned++;
    else if (outcome.kind === "lost") this.lost++;
    else this.failed++;
  }
}
