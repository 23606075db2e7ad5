import { AsyncLocalStorage } from "node:async_hooks";

// Next's server sets this global before loading any of its modules; each of them captures it when it
// is first evaluated (without it, request scopes throw). Import this module before anything from next.
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;
