import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// The Python client's own unittest suite (stdlib only), run here so `npm test` covers it.
describe("clients/python", () => {
  it("passes its unittest suite", () => {
    const run = spawnSync("python3", ["-m", "unittest", "discover", "-s", "clients/python"], { encoding: "utf8", timeout: 60_000 });
    if (run.error) throw new Error(`python3 is needed for this test: ${run.error.message}`);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Ran \d+ tests[\s\S]*OK/);
  }, 70_000);
});
