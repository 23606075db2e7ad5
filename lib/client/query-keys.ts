/** React Query keys in one place, so that invalidation after an action names exactly what changed. */
export const queryKeys = {
  experiments: (search: string, archived: boolean, tags: readonly string[] = []) => ["experiments", { search, archived, tags: tags.join(",") }] as const,
  experiment: (id: number) => ["experiment", id] as const,
  launch: (id: number) => ["experiment", id, "launch"] as const,
  workers: () => ["workers"] as const,
  trialOutput: (trialId: number) => ["trial", trialId, "output"] as const,
  trials: (id: number) => ["experiment", id, "trials"] as const,
  metrics: (id: number) => ["experiment", id, "metrics"] as const,
  scalars: (id: number, metric: string, trialIds: readonly number[]) => ["experiment", id, "scalars", metric, trialIds.join(",")] as const,
  importance: (id: number, done: number) => ["experiment", id, "importance", done] as const,
};
