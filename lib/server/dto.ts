import "server-only";
import { parseAttrs, parseParams, parseValues, storedIso, type TrialRow } from "@/lib/db/columns";
import type { TrialDto } from "@/lib/schemas/trial";

export function toTrialDto(t: TrialRow): TrialDto {
  return {
    id: t.id,
    experimentId: t.experimentId,
    number: t.number,
    state: t.state as TrialDto["state"],
    params: parseParams(t.params),
    values: parseValues(t.values),
    value: t.value,
    userAttrs: parseAttrs(t.userAttrs),
    workerId: t.workerId,
    heartbeatAt: storedIso(t.heartbeatAt),
    createdAt: storedIso(t.createdAt),
    startedAt: storedIso(t.startedAt),
    completedAt: storedIso(t.completedAt),
    error: t.error,
    retryOfId: t.retryOfId,
    constraints: t.constraints === null ? null : (JSON.parse(t.constraints) as Array<number | null>),
    feasible: t.violation === null ? null : t.violation === 0,
  };
}
