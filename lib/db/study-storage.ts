import "server-only";
import type { StudyStorage, TrialRecord, TrialState } from "@/lib/optimizer";
import { rawDb, statement } from "./client";
import { readSeriesForTrials } from "./metrics";
import type { TrialEngineRow } from "./trials";
import { withWriteLock } from "./write-lock";

type Patch = Partial<Omit<TrialRecord, "number">>;

type Row = Pick<TrialEngineRow, "id" | "number" | "state" | "params" | "paramsInternal" | "values" | "systemAttrs">;

/**
 * The engine's storage interface over the database: one experiment's trials, with the objective
 * metric's points as the intermediate values. Lets the engine's Study run on the real tables.
 */
export class DatabaseStudyStorage implements StudyStorage {
  constructor(
    private readonly experimentId: number,
    private readonly metric: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async listTrials(): Promise<TrialRecord[]> {
    const rows = statement(`SELECT id, number, state, params, paramsInternal, "values", systemAttrs FROM Trial WHERE experimentId = ? ORDER BY number`)
      .all(this.experimentId) as Row[];
    const series = readSeriesForTrials(rows.map((r) => r.id), this.metric);
    return rows.map((r) => ({
      number: r.number,
      state: r.state as TrialState,
      params: JSON.parse(r.params),
      internal: JSON.parse(r.paramsInternal),
      values: r.values ? JSON.parse(r.values) : null,
      intermediate: series.get(r.id) ?? [],
      systemAttrs: JSON.parse(r.systemAttrs),
    }));
  }

  createTrial(t: Omit<TrialRecord, "number">): Promise<TrialRecord> {
    return withWriteLock(() => {
      const db = rawDb();
      return db
        .transaction(() => {
          const exp = statement("SELECT trialCount FROM Experiment WHERE id = ?").get(this.experimentId) as { trialCount: number } | undefined;
          if (!exp) throw new Error(`experiment ${this.experimentId} does not exist`);
          const at = this.now().toISOString();
          const running = t.state === "running" ? at : null;
          const info = db
            .prepare(
              `INSERT INTO Trial (experimentId, number, params, paramsInternal, state, "values", value, userAttrs, systemAttrs, heartbeatAt, createdAt, startedAt)
               VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?)`,
            )
            .run(this.experimentId, exp.trialCount, JSON.stringify(t.params), JSON.stringify(t.internal), t.state, t.values ? JSON.stringify(t.values) : null, t.values?.[0] ?? null, JSON.stringify(t.systemAttrs), running, at, running);
          statement("UPDATE Experiment SET trialCount = trialCount + 1, updatedAt = ? WHERE id = ?").run(at, this.experimentId);
          const trialId = Number(info.lastInsertRowid);
          this.writeIntermediate(trialId, t.intermediate);
          return { ...t, number: exp.trialCount };
        })
        .immediate();
    });
  }

  updateTrial(number: number, patch: Patch): Promise<void> {
    return withWriteLock(() => {
      const db = rawDb();
      db.transaction(() => {
        const id = this.trialId(number);
        const sets: string[] = [];
        const args: unknown[] = [];
        const set = (column: string, value: unknown) => {
          sets.push(`"${column}" = ?`);
          args.push(value);
        };
        if (patch.state !== undefined) {
          set("state", patch.state);
          if (patch.state === "running") set("startedAt", this.now().toISOString());
          if (patch.state === "complete" || patch.state === "pruned" || patch.state === "failed") set("completedAt", this.now().toISOString());
        }
        if (patch.params !== undefined) set("params", JSON.stringify(patch.params));
        if (patch.internal !== undefined) set("paramsInternal", JSON.stringify(patch.internal));
        if (patch.values !== undefined) {
          set("values", patch.values ? JSON.stringify(patch.values) : null);
          set("value", patch.values?.[0] ?? null);
        }
        if (patch.systemAttrs !== undefined) set("systemAttrs", JSON.stringify(patch.systemAttrs));
        if (sets.length > 0) statement(`UPDATE Trial SET ${sets.join(", ")} WHERE id = ?`).run(...args, id);
        if (patch.intermediate !== undefined) {
          statement("DELETE FROM MetricPoint WHERE trialId = ? AND name = ?").run(id, this.metric);
          this.writeIntermediate(id, patch.intermediate);
        }
      })();
    });
  }

  reportIntermediate(number: number, step: number, value: number): Promise<void> {
    return withWriteLock(() => {
      this.writeIntermediate(this.trialId(number), [[step, value]]);
    });
  }

  private trialId(number: number): number {
    const row = statement("SELECT id FROM Trial WHERE experimentId = ? AND number = ?").get(this.experimentId, number) as { id: number } | undefined;
    if (!row) throw new Error(`trial ${number} of experiment ${this.experimentId} does not exist`);
    return row.id;
  }

  private writeIntermediate(trialId: number, points: ReadonlyArray<readonly [number, number]>): void {
    const insert = statement(
      `INSERT INTO MetricPoint (trialId, name, step, value, wallTime) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (trialId, name, step) DO UPDATE SET value = excluded.value`,
    );
    const wall = this.now().getTime() / 1000;
    for (const [step, value] of points) insert.run(trialId, this.metric, step, value, wall);
  }
}
