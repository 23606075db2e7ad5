export { decide } from "./decide";
export { snapshotOf, factsOf } from "./snapshot";
export type * from "./types";
