export { decide, needsSnapshot, newTrialNumber, reportsClosed } from "./decide";
export { snapshotOf, factsOf } from "./snapshot";
export type * from "./types";
export { isStale, DEFAULT_HEARTBEAT_SEC, MIN_GRACE_SEC } from "./liveness";
