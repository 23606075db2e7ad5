import "server-only";
import type { TrialRow } from "@/lib/db/trials";
import type { TrialDto } from "@/lib/schemas/trial";
import type { Params } from "@/lib/optimizer";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toTrialDto(t: TrialRow): TrialDto {
  return {
    id: t.id,
    experimentId: t.experimentId,
    number: t.number,
    state: t.state as TrialDto["state"],
    params: (t.params ?? {}) as Params,
    values: (t.values ?? null) as number[] | null,
    value: t.value,
    userAttrs: (t.userAttrs ?? {}) as Record<string, unknown>,
    workerId: t.workerId,
    heartbeatAt: iso(t.heartbeatAt),
    createdAt: t.createdAt.toISOString(),
    startedAt: iso(t.startedAt),
    completedAt: iso(t.completedAt),
    error: t.error,
    retryOfId: t.retryOfId,
  };
}
