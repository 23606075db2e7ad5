// The engine as the benchmark sees it: lib/optimizer's public API (CONTRACT.md), imported in one place.

import * as engine from "../../lib/optimizer";

export type EngineApi = typeof engine;

export async function loadEngine(): Promise<{ api: EngineApi; stub: boolean }> {
  return { api: engine, stub: false };
}
