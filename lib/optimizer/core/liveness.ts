/**
 * Whether a running trial's worker is presumed dead: silent for longer than the grace period, counted from
 * the later of its last sign of life (heartbeat, metrics, start) and the moment the server came up, so
 * time the server itself was down never counts against a trial.
 */
export function isStale(opts: { lastSeenMs: number; upSinceMs: number; nowMs: number; graceSec: number }): boolean {
  return opts.nowMs - Math.max(opts.lastSeenMs, opts.upSinceMs) > opts.graceSec * 1000;
}

/**
 * The agent's default heartbeat interval; a sweep's grace period must leave room for several missed ones
 * (the minimum is MIN_GRACE_SEC = 3 intervals), so one slow answer never fails a healthy trial.
 */
export const DEFAULT_HEARTBEAT_SEC = 10;
export const MIN_GRACE_SEC = 3 * DEFAULT_HEARTBEAT_SEC;
