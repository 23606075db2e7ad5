import "server-only";
import type { TrialEngineRow } from "@/lib/db/trials";
import type { InternalParams, Params, TrialRecord, TrialState } from "@/lib/optimizer";

/** Database rows -> the engine's view of trials. Pruned trials carry their last reported point. */
export function toTrialRecords(rows: TrialEngineRow[]): TrialRecord[] {
  return rows.map((r) => ({
    number: r.number,
    state: r.state as TrialState,
    params: JSON.parse(r.params) as Params,
    internal: JSON.parse(r.paramsInternal) as InternalParams,
    values: r.values ? (JSON.parse(r.values) as number[]) : null,
    intermediate: r.lastStep !== null && r.lastValue !== null ? [[r.lastStep, r.lastValue] as const] : [],
    systemAttrs: JSON.parse(r.systemAttrs) as Record<string, unknown>,
  }));
}
