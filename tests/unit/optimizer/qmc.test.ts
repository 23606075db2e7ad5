import { describe, it, expect } from "vitest";
import { parseSamplerConfig } from "../../../lib/optimizer";
import { runStudy } from "./helpers";

describe("QMC sampler", () => {
  const space = {
    a: { type: "uniform", low: 0, high: 1 },
    b: { type: "uniform", low: 0, high: 1 },
    c: { type: "uniform", low: 0, high: 1 },
    m: { type: "choice", options: ["x", { value: "y", params: { z: { type: "uniform", low: 0, high: 1 } } }] },
  };

  it("stratifies every unconditional dimension and 2-D projections of the first 2^k points", async () => {
    const trials = await runStudy({ space, sampler: parseSamplerConfig("qmc", { seed: 7 }), n: 64 });
    for (const p of ["a", "b", "c"]) expect(new Set(trials.map((t) => Math.floor(Number(t.params[p]) * 64))).size).toBe(64);
    expect(new Set(trials.map((t) => `${Math.floor(Number(t.params.a) * 8)},${Math.floor(Number(t.params.b) * 8)}`)).size).toBe(64);
    // The choice is a dimension too: half of the points take each option.
    expect(trials.filter((t) => t.params.m === "y")).toHaveLength(32);
  });

  it("scrambles by seed and resumes from the trial number", async () => {
    const a = await runStudy({ space, sampler: parseSamplerConfig("qmc", { seed: 1 }), n: 8 });
    const b = await runStudy({ space, sampler: parseSamplerConfig("qmc", { seed: 2 }), n: 8 });
    expect(a.map((t) => t.params.a)).not.toEqual(b.map((t) => t.params.a));
    const again = await runStudy({ space, sampler: parseSamplerConfig("qmc", { seed: 1 }), n: 4 });
    expect(again.map((t) => t.params.a)).toEqual(a.slice(0, 4).map((t) => t.params.a));
    const plain = await runStudy({ space, sampler: parseSamplerConfig("qmc", { scramble: false }), n: 4 });
    expect(plain.map((t) => t.params.a)).toEqual([0, 0.5, 0.25, 0.75].map((x) => expect.closeTo(x, 8)));
  });
});
