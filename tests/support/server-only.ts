// Tests import server modules directly; the real "server-only" package throws outside a React Server
// Components bundle, so vitest aliases it to this empty module.
export {};
