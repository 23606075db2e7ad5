import { NotFoundError } from "./errors";
import type { TrialRecord } from "./types";

/** Where a Study keeps its trials. Async so that a database can implement it. */
export interface StudyStorage {
  listTrials(): Promise<TrialRecord[]>;
  /** Stores a new trial under the next dense number (0, 1, 2, ...) and returns it. */
  createTrial(t: Omit<TrialRecord, "number">): Promise<TrialRecord>;
  updateTrial(number: number, patch: Partial<Omit<TrialRecord, "number">>): Promise<void>;
  /** Records the first objective's value at a step; a repeated step replaces the earlier value. */
  reportIntermediate(number: number, step: number, value: number): Promise<void>;
}

/**
 * Storage for tests, benchmarks and scripts. Records are never changed in place: an update stores a
 * new object, so the trials handed out stay as they were and listing costs no copying (a deep copy per
 * ask was half of the ask time at 1,000 trials).
 */
export class InMemoryStorage implements StudyStorage {
  private readonly trials: TrialRecord[] = [];

  async listTrials(): Promise<TrialRecord[]> {
    return this.trials.slice();
  }

  async createTrial(t: Omit<TrialRecord, "number">): Promise<TrialRecord> {
    const record: TrialRecord = Object.freeze({ ...structuredClone(t), number: this.trials.length });
    this.trials.push(record);
    return record;
  }

  async updateTrial(number: number, patch: Partial<Omit<TrialRecord, "number">>): Promise<void> {
    this.trials[number] = Object.freeze({ ...this.get(number), ...structuredClone(patch) });
  }

  async reportIntermediate(number: number, step: number, value: number): Promise<void> {
    const t = this.get(number);
    const list = t.intermediate.filter(([s]) => s !== step);
    list.push([step, value]);
    list.sort((a, b) => a[0] - b[0]);
    this.trials[number] = Object.freeze({ ...t, intermediate: list });
  }

  private get(number: number): TrialRecord {
    const t = this.trials[number];
    if (!t) throw new NotFoundError(`trial ${number} does not exist`);
    return t;
  }
}
