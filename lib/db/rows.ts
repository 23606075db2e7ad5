import "server-only";

// Rows read with raw statements, shaped like Prisma's models so that callers cannot tell the two apart:
// JSON columns parsed, DateTime columns (ISO-8601 text, written by either client) as Dates.

export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return new Date(typeof value === "number" ? value : String(value));
}

export function parseJsonColumn(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : (value ?? null);
}

type Raw = Record<string, unknown>;

export function trialFromRaw(r: Raw) {
  return {
    id: r.id as number,
    experimentId: r.experimentId as number,
    number: r.number as number,
    params: parseJsonColumn(r.params),
    paramsInternal: parseJsonColumn(r.paramsInternal),
    state: r.state as string,
    values: parseJsonColumn(r.values),
    value: (r.value as number | null) ?? null,
    userAttrs: parseJsonColumn(r.userAttrs),
    systemAttrs: parseJsonColumn(r.systemAttrs),
    workerId: (r.workerId as string | null) ?? null,
    heartbeatAt: toDate(r.heartbeatAt),
    createdAt: toDate(r.createdAt) as Date,
    startedAt: toDate(r.startedAt),
    completedAt: toDate(r.completedAt),
    error: (r.error as string | null) ?? null,
    retryOfId: (r.retryOfId as number | null) ?? null,
  };
}

export function experimentFromRaw(r: Raw) {
  return {
    id: r.id as number,
    name: r.name as string,
    description: r.description as string,
    spaceSource: r.spaceSource as string,
    spaceFormat: r.spaceFormat as string,
    space: parseJsonColumn(r.space),
    sampler: r.sampler as string,
    samplerConfig: parseJsonColumn(r.samplerConfig),
    pruner: r.pruner as string,
    prunerConfig: parseJsonColumn(r.prunerConfig),
    objectives: parseJsonColumn(r.objectives),
    maxTrials: (r.maxTrials as number | null) ?? null,
    maxParallel: (r.maxParallel as number | null) ?? null,
    seed: r.seed as number,
    status: r.status as string,
    maxRetries: r.maxRetries as number,
    retryOn: r.retryOn as string,
    heartbeatGraceSec: r.heartbeatGraceSec as number,
    trialCount: r.trialCount as number,
    createdAt: toDate(r.createdAt) as Date,
    updatedAt: toDate(r.updatedAt) as Date,
    completedAt: toDate(r.completedAt),
  };
}

export function apiTokenFromRaw(r: Raw) {
  return {
    id: r.id as number,
    name: r.name as string,
    prefix: r.prefix as string,
    hash: r.hash as string,
    scopes: r.scopes as string,
    createdAt: toDate(r.createdAt) as Date,
    lastUsedAt: toDate(r.lastUsedAt),
    revokedAt: toDate(r.revokedAt),
  };
}
