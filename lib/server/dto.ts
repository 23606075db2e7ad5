import "server-only";
import { parseAttrs, parseParams, parseTags, parseValues, storedIso, type TrialRow } from "@/lib/db/columns";
import { pruneVerdictSchema, type PruneVerdictDto, type TrialDto } from "@/lib/schemas/trial";

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
    lastStep: t.lastStep,
    lastValue: t.lastValue,
    pruneVerdict: t.state === "pruned" ? pruneVerdictOf(t.systemAttrs, storedIso(t.startedAt)) : null,
    note: t.note,
    tags: parseTags(t.tags),
  };
}

/**
 * The stored verdict through its schema; anything malformed reads as none. A retry copies its original's
 * systemAttrs, so a verdict from before this run started is the original's, not this trial's.
 */
function pruneVerdictOf(systemAttrs: string, startedAt: string | null): PruneVerdictDto | null {
  const parsed = pruneVerdictSchema.safeParse(parseAttrs(systemAttrs).prune);
  if (!parsed.success) return null;
  return startedAt !== null && Date.parse(parsed.data.at) < Date.parse(startedAt) ? null : parsed.data;
}
