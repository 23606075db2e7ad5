import { describe, expect, it } from "vitest";
import { PRUNER_NAMES, SAMPLER_NAMES, parsePrunerConfig, parseSamplerConfig } from "../../../lib/optimizer";

// The server stores parsed configs and parses them again on every ask and report.
describe("parsed configs parse again to themselves", () => {
  it.each(PRUNER_NAMES.map((n) => [n]))("pruner %s", (name) => {
    const settings = name === "percentile" ? { percentile: 25 } : {};
    const once = parsePrunerConfig(name, settings);
    expect(parsePrunerConfig(name, once)).toEqual(once);
  });

  it.each(SAMPLER_NAMES.filter((n) => n !== "grid").map((n) => [n]))("sampler %s", (name) => {
    const once = parseSamplerConfig(name, {});
    expect(parseSamplerConfig(name, once)).toEqual(once);
  });

  it("grid", () => {
    const once = parseSamplerConfig("grid", { resolution: 4 });
    expect(parseSamplerConfig("grid", once)).toEqual(once);
  });

  it("the median pruner still refuses another percentile", () => {
    expect(() => parsePrunerConfig("median", { percentile: 30 })).toThrow(/must be 50 for the median pruner/);
  });
});
